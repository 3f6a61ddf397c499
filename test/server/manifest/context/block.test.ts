/** Block style: the cursor's place read from lines and indentation. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ITEM } from '../../../../server/src/manifest/context/types';
import { at, DS, insertAfter, must } from './cursor';

test('an incomplete key under a probe (no colon yet): key position, partial word, present keys', () => {
  const ctx = must(insertAfter('timeoutSeconds: 10\n', '            succ|\n'));
  assert.equal(ctx.position, 'key');
  assert.equal(ctx.style, 'block');
  assert.equal(ctx.word, 'succ');
  assert.equal(ctx.prefix, 'succ');
  assert.deepEqual(ctx.path, ['spec', 'template', 'spec', 'containers', ITEM, 'livenessProbe']);
  assert.deepEqual(ctx.containerPath, ['livenessProbe']);
  assert.equal(ctx.probeKind, 'livenessProbe');
  assert.equal(ctx.container?.name, 'calico-node');
  assert.equal(ctx.container?.kind, 'regular');
  assert.deepEqual([...ctx.presentKeys].sort(), ['exec', 'failureThreshold', 'initialDelaySeconds', 'periodSeconds', 'timeoutSeconds']);
  assert.equal(ctx.column, 12);
  assert.equal(ctx.wordSpan.end - ctx.wordSpan.start, 4);
});

test('a new empty line in the middle of a probe sees the keys above and below', () => {
  const ctx = must(insertAfter('periodSeconds: 10\n', '            |\n'));
  assert.equal(ctx.position, 'key');
  assert.equal(ctx.word, '');
  assert.equal(ctx.wordSpan.start, ctx.wordSpan.end);
  assert.deepEqual([...ctx.presentKeys].sort(), ['exec', 'failureThreshold', 'initialDelaySeconds', 'periodSeconds', 'timeoutSeconds']);
});

test('a new sequence item in an exec command: item position with the items present', () => {
  const ctx = must(insertAfter('- -bird-live\n', '                - -fe|\n'));
  assert.equal(ctx.position, 'item');
  assert.equal(ctx.word, '-fe');
  assert.deepEqual(ctx.containerPath, ['livenessProbe', 'exec', 'command']);
  assert.equal(ctx.handler, 'exec');
  assert.deepEqual(ctx.presentItems, ['/bin/calico-node', '-felix-live', '-bird-live']);
});

test('an empty `- ` item, and items below the cursor count as present', () => {
  const ctx = must(insertAfter('- /bin/calico-node\n', '                - |\n'));
  assert.equal(ctx.position, 'item');
  assert.equal(ctx.word, '');
  assert.deepEqual(ctx.presentItems, ['/bin/calico-node', '-felix-live', '-bird-live']);
  assert.equal(ctx.probeKind, 'livenessProbe');
});

test('a value after `key: `', () => {
  const ctx = must(insertAfter('            exec:\n              command:\n                - /bin/calico-node\n                - -felix-ready\n', '            httpGet:\n              scheme: HT|\n'));
  assert.equal(ctx.position, 'value');
  assert.equal(ctx.key, 'scheme');
  assert.equal(ctx.word, 'HT');
  assert.deepEqual(ctx.containerPath, ['readinessProbe', 'httpGet']);
  assert.equal(ctx.handler, 'httpGet');
});

test('a key of the container itself, with the container keys present', () => {
  const ctx = must(DS + '          sta|\n');
  assert.equal(ctx.position, 'key');
  assert.deepEqual(ctx.containerPath, []);
  assert.deepEqual([...ctx.presentKeys].sort(), ['image', 'livenessProbe', 'name', 'ports', 'readinessProbe']);
});

test('on an existing key: the whole word, and that a colon follows', () => {
  const ctx = must(DS.replace('livenessProbe:', 'liveness|Probe:'));
  assert.equal(ctx.word, 'livenessProbe');
  assert.equal(ctx.prefix, 'liveness');
  assert.equal(ctx.followedByColon, true);
  assert.deepEqual(ctx.containerPath, []);
});

test('a new probe key just typed: empty probe body', () => {
  const ctx = must(DS + '          startupProbe:\n            |\n');
  assert.equal(ctx.probeKind, 'startupProbe');
  assert.deepEqual(ctx.presentKeys, []);
});

test('lifecycle hooks', () => {
  const ctx = must(insertAfter('image: calico/node:v3.32.1\n', '          lifecycle:\n            preStop:\n              sl|\n'));
  assert.equal(ctx.hookKind, 'preStop');
  assert.equal(ctx.probeKind, undefined);
  assert.deepEqual(ctx.containerPath, ['lifecycle', 'preStop']);
});

test('no context inside comments, block scalars or plain scalar continuation lines', () => {
  assert.equal(at(DS + '          # livenessProbe: |\n'), undefined);
  const block = `apiVersion: v1
kind: ConfigMap
metadata: {name: c}
data:
  cni_network_config: >-
    {
      "type": |
`;
  assert.equal(at(block), undefined);
  assert.equal(at(insertAfter('image: calico/node:v3.32.1\n', '            more|\n')), undefined);
});
