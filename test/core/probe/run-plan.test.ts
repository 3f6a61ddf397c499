/**
 * How Run Probe Now runs each probe: exec as it is; calico-node's httpGet on Felix's health port as
 * calico-node's own check (tigera/operator v1.36 node.go liveness; calico v3.26 node/pkg/health);
 * everything else through a port-forward, with what differs from the kubelet.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { effectiveProbe } from '../../../core/src/probe/effective-probe';
import { describePlan, kubeletDifferences, planApproval, planProbeRun } from '../../../core/src/probe/run-plan';

const operatorLiveness = effectiveProbe('liveness', { httpGet: { host: 'localhost', path: '/liveness', port: 9099 }, timeoutSeconds: 10 })!;

test('the operator\'s calico-node liveness httpGet localhost:9099/liveness runs as calico-node -felix-live', () => {
  const plan = planProbeRun({ containerName: 'calico-node', probe: operatorLiveness, siblingCommands: [['/bin/calico-node', '-bird-ready', '-felix-ready']] });
  assert.equal(plan.how, 'exec-equivalent');
  assert.deepEqual(planApproval(plan), ['/bin/calico-node', '-felix-live']);
  assert.match(describePlan(plan, 'calico-system/calico-node-x', 'calico-node'), /^The probe is GET http:\/\/localhost:9099\/liveness\. Instead, this executes/);
});

test('/readiness maps to -felix-ready and says BIRD is not part of it', () => {
  const probe = effectiveProbe('readiness', { httpGet: { path: 'readiness', port: 9099 } })!;
  const plan = planProbeRun({ containerName: 'calico-node', probe });
  assert.ok(plan.how === 'exec-equivalent');
  assert.deepEqual(plan.command, ['/bin/calico-node', '-felix-ready']);
  assert.match(plan.why, /not BIRD/);
});

test('Calico v3.31+ images: the combined binary\'s `component node health --felix-live`', () => {
  const plan = planProbeRun({ containerName: 'calico-node', probe: operatorLiveness, siblingCommands: [['/usr/bin/calico', 'component', 'node', 'health', '--felix-ready']] });
  assert.deepEqual(planApproval(plan), ['/usr/bin/calico', 'component', 'node', 'health', '--felix-live']);
});

test('no substitution for another port, path, host, scheme or container: those go through a port-forward', () => {
  const cases = [
    { containerName: 'calico-node', probe: effectiveProbe('liveness', { httpGet: { path: '/liveness', port: 9098 } })! },
    { containerName: 'calico-node', probe: effectiveProbe('liveness', { httpGet: { path: '/metrics', port: 9099 } })! },
    { containerName: 'calico-node', probe: effectiveProbe('liveness', { httpGet: { host: '10.0.0.1', path: '/liveness', port: 9099 } })! },
    { containerName: 'calico-node', probe: effectiveProbe('liveness', { httpGet: { scheme: 'HTTPS', path: '/liveness', port: 9099 } })! },
    { containerName: 'calico-typha', probe: effectiveProbe('liveness', { httpGet: { host: 'localhost', path: '/liveness', port: 9099 } })! },
  ];
  for (const input of cases) assert.equal(planProbeRun(input).how, 'http', JSON.stringify(input.probe.handler));
  // FELIX_HEALTHPORT moves Felix's port, and the equivalence with it.
  assert.equal(planProbeRun({ containerName: 'calico-node', probe: cases[0]!.probe, felixHealthPort: 9098 }).how, 'exec-equivalent');
});

test('typha\'s httpGet, a tcpSocket and a grpc probe: what is approved and what differs from the kubelet', () => {
  const typha = planProbeRun({ containerName: 'calico-typha', probe: effectiveProbe('readiness', { httpGet: { host: 'localhost', path: '/readiness', port: 9098 } })! });
  assert.deepEqual(planApproval(typha), ['GET', 'http://localhost:9098/readiness']);
  assert.match(describePlan(typha, 'kube-system/calico-typha-x', 'calico-typha'), /port-forward to pod kube-system\/calico-typha-x \(pods\/portforward\)/);
  assert.ok(kubeletDifferences(typha, true).some((d) => /node's localhost/.test(d)));
  assert.ok(kubeletDifferences(typha, false).some((d) => /not this pod/.test(d)));
  const tcp = planProbeRun({ containerName: 'db', probe: effectiveProbe('liveness', { tcpSocket: { port: 5432 } })! });
  assert.deepEqual(planApproval(tcp), ['connect', '<pod>:5432']);
  assert.ok(kubeletDifferences(tcp, false).some((d) => /pod IP/.test(d)));
  const grpc = planProbeRun({ containerName: 'api', probe: effectiveProbe('liveness', { grpc: { port: 9090, service: 'live' } })! });
  assert.deepEqual(planApproval(grpc), ['grpc.health.v1.Health/Check', '<pod>:9090', 'live']);
  const elsewhere = planProbeRun({ containerName: 'api', probe: effectiveProbe('liveness', { httpGet: { host: 'db.example', path: '/', port: 80 } })! });
  assert.ok(kubeletDifferences(elsewhere, false).some((d) => /host db\.example is not dialled/.test(d)));
});

test('an exec probe runs as it is; an empty command or no handler runs nothing', () => {
  assert.deepEqual(planProbeRun({ containerName: 'x', probe: effectiveProbe('liveness', { exec: { command: ['true'] } })! }), { how: 'exec', command: ['true'] });
  assert.equal(planProbeRun({ containerName: 'x', probe: effectiveProbe('liveness', { exec: { command: [] } })! }).how, 'none');
  assert.equal(planProbeRun({ containerName: 'x', probe: effectiveProbe('liveness', {})! }).how, 'none');
});
