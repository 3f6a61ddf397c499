/** Flow style: the cursor's place read from brackets, commas and colons. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DS, must } from './cursor';

test('flow style: an unclosed exec command as VS Code sees it while typing', () => {
  const ctx = must(DS + '          startupProbe: {exec: {command: [/bin/calico-node, -fe|');
  assert.equal(ctx.style, 'flow');
  assert.equal(ctx.position, 'item');
  assert.equal(ctx.word, '-fe');
  assert.deepEqual(ctx.containerPath, ['startupProbe', 'exec', 'command']);
  assert.deepEqual(ctx.presentItems, ['/bin/calico-node']);
  assert.equal(ctx.container?.name, 'calico-node', 'the brackets are closed for the re-parse');
});

test('flow style: items after the cursor, keys of a flow map, values', () => {
  const items = must(DS + '          startupProbe: {exec: {command: [/bin/calico-node, |, -bird-ready]}}\n');
  assert.deepEqual(items.presentItems, ['/bin/calico-node', '-bird-ready']);
  const keys = must(DS + '          startupProbe: {exec: {command: [x]}, peri|, failureThreshold: 3}\n');
  assert.equal(keys.position, 'key');
  assert.equal(keys.word, 'peri');
  assert.deepEqual(keys.presentKeys, ['exec', 'failureThreshold']);
  assert.deepEqual(keys.containerPath, ['startupProbe']);
  const value = must(DS + '          startupProbe: {httpGet: {port: 9099, scheme: |}}\n');
  assert.equal(value.position, 'value');
  assert.equal(value.key, 'scheme');
  assert.deepEqual(value.containerPath, ['startupProbe', 'httpGet']);
});

test('flow style spread over lines', () => {
  const ctx = must(DS + '          startupProbe: {\n            exec: {command: [/bin/calico-node,\n              -|\n');
  assert.equal(ctx.style, 'flow');
  assert.equal(ctx.position, 'item');
  assert.deepEqual(ctx.containerPath, ['startupProbe', 'exec', 'command']);
});

test('a flow container list (`containers: [{…}]`)', () => {
  const src = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: c, image: busybox, livenessProbe: {tcpSocket: {port: 80}, |}}]
`;
  const ctx = must(src);
  assert.equal(ctx.position, 'key');
  assert.deepEqual(ctx.containerPath, ['livenessProbe']);
  assert.deepEqual(ctx.presentKeys, ['tcpSocket']);
  assert.equal(ctx.container?.name, 'c');
});
