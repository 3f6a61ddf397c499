import assert from 'node:assert/strict';
import { describe, it as test } from 'node:test';
import { scrubSecrets } from '../../../core/src/text/redact';

describe('redact', () => {
  const jwt = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
  test('tokens, keys and certificates never survive', () => {
    const cases = [
      `Authorization: Bearer SECRETTOKEN123456`,
      `token: SECRETTOKEN123456`,
      `{"token":"SECRETTOKEN123456"}`,
      `client-key-data: SECRETTOKEN123456==`,
      `-----BEGIN RSA PRIVATE KEY-----\nSECRETTOKEN123456\n-----END RSA PRIVATE KEY-----`,
      `request failed for ${jwt}`,
      `password=SECRETTOKEN123456`,
    ];
    for (const c of cases) {
      const out = scrubSecrets(c);
      assert.ok(!out.includes('SECRETTOKEN123456') && !out.includes('c2lnbmF0dXJl'), `${c} → ${out}`);
    }
  });
  test('ordinary messages are untouched', () => {
    const m = 'Readiness probe failed: calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.12';
    assert.equal(scrubSecrets(m), m);
  });
});

describe('secrets', () => {
  test('scrubs bearer tokens, PEM blocks, key data and JWT-like blobs but keeps paths', () => {
    const text = [
      'Authorization: Bearer abc.def-123',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----',
      'client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=',
      'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6a3ViZSJ9.c2lnbmF0dXJlLWhlcmU',
      'dial unix /var/run/calico/bird.ctl: connect: connection refused',
    ].join('\n');
    const scrubbed = scrubSecrets(text);
    for (const secret of ['abc.def-123', 'MIIEow', 'LS0tLS1CRUdJTi', 'eyJhbGciOi']) assert.ok(!scrubbed.includes(secret), secret);
    assert.ok(scrubbed.includes('/var/run/calico/bird.ctl'));
  });
});
