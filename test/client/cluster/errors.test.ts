import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyError, isGone, parseForbidden } from '../../../client/src/cluster/errors';

describe('errors', () => {
  it('parses the 403 Status message', () => {
    assert.deepEqual(parseForbidden('pods is forbidden: User "x" cannot list resource "pods" in API group "" in the namespace "kube-system"'), { verb: 'list', resource: 'pods', namespace: 'kube-system' });
    assert.deepEqual(parseForbidden('nodes is forbidden: User "x" cannot watch resource "nodes" in API group "" at the cluster scope'), { verb: 'watch', resource: 'nodes' });
  });
  it('classifies network, TLS and 410', () => {
    assert.equal(classifyError(Object.assign(new Error('request failed, reason: getaddrinfo ENOTFOUND nowhere'), { code: 'ENOTFOUND' }), { server: 'https://nowhere' }).kind, 'unreachable');
    assert.equal(classifyError(Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' })).kind, 'tls');
    assert.equal(classifyError(Object.assign(new Error('spawn kubelogin ENOENT'), { code: 'ENOENT' }), { execPluginCommand: 'kubelogin' }).kind, 'unauthorized');
    assert.ok(isGone({ code: 410, reason: 'Expired', message: 'too old resource version: 1 (200)' }));
    assert.ok(isGone(Object.assign(new Error('Gone'), { statusCode: 410 })));
    assert.ok(!isGone(Object.assign(new Error('Internal'), { statusCode: 500 })));
  });
});
