import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execCommandOf } from '../../../server/src/manifest/exec-command';
import { analyseManifest } from '../../../server/src/manifest/manifest';

test('the exec command of a probe, item by item; none when there is no command list', () => {
  const [container] = analyseManifest(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    readinessProbe: {exec: {command: [/bin/calico-node, -felix-ready, {not: a scalar}]}}
    livenessProbe: {exec: {command: /bin/true}}
    startupProbe: {httpGet: {port: 80}}
`).documents[0]!.podSpecs[0]!.containers;
  const probe = (kind: string) => container!.probes.find((p) => p.kind === kind)!;
  const [readiness, liveness, startup] = [probe('readinessProbe'), probe('livenessProbe'), probe('startupProbe')];
  const exec = execCommandOf(readiness!);
  assert.deepEqual(exec?.argv, ['/bin/calico-node', '-felix-ready', '']);
  assert.equal(exec?.nodes.length, 3);
  assert.equal(execCommandOf(liveness!), undefined);
  assert.equal(execCommandOf(startup!), undefined);
});
