import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CALICO_NODE_HEALTH_FLAGS,
  calicoComponentOfImage,
  calicoHealthFlag,
  checkFlagsFor,
  isGoDuration,
  nonCheckFlag,
  parseCalicoHealthCommand,
  renderProbe,
  standardProbesFor,
} from '../../server/src/knowledge/calico';

const statuses = (argv: string[]) => parseCalicoHealthCommand(argv)?.args.map((a) => `${a.index}:${a.status}`);

test('flag table: six checks with their probe kind, plus threshold-time', () => {
  assert.deepEqual(checkFlagsFor('liveness').map((f) => f.name), ['felix-live', 'bird-live', 'bird6-live']);
  assert.deepEqual(checkFlagsFor('readiness').map((f) => f.name), ['felix-ready', 'bird-ready', 'bird6-ready']);
  assert.equal(calicoHealthFlag('--threshold-time=10s')?.defaultValue, '30s');
  assert.equal(calicoHealthFlag('-felix'), undefined);
  assert.equal(nonCheckFlag('-felix')?.kind, 'starts-felix');
  assert.equal(nonCheckFlag('--bird6')?.kind, 'does-not-exist');
  // Every check carries failure messages for hover, and each message has causes and advice.
  for (const flag of CALICO_NODE_HEALTH_FLAGS.filter((f) => f.probeKind)) {
    assert.ok(flag.failures.length > 0, flag.name);
    for (const m of flag.failures) assert.ok(m.causes && m.advice, m.text);
  }
  assert.ok(calicoHealthFlag('bird-ready')!.failures.some((m) => m.text.includes('BGP not established with')));
});

test('calico-node form: Go flag package semantics', () => {
  const parsed = parseCalicoHealthCommand(['/bin/calico-node', '-felix-live', '--bird-live']);
  assert.equal(parsed?.form, 'calico-node');
  assert.deepEqual(parsed?.checks.map((c) => [c.index, c.flag?.name, c.probeKind]), [
    [1, 'felix-live', 'liveness'],
    [2, 'bird-live', 'liveness'],
  ]);
  assert.equal(parsed?.fatal, undefined);
  assert.deepEqual(statuses(['calico-node', '-felix', '-bird', '-bird6-ready', '-nope']), ['1:starts-felix', '2:not-a-flag', '3:check', '4:unknown']);
  assert.equal(parseCalicoHealthCommand(['calico-node', '-felix-ready', '-bird'])?.fatal?.index, 2);
  // Parsing stops at the first non-flag: what follows is never read.
  assert.deepEqual(statuses(['/bin/calico-node', '-felix-ready', 'x', '-bird-ready']), ['1:check', '2:ignored', '3:ignored']);
  assert.deepEqual(statuses(['/bin/calico-node', '-threshold-time', '45s', '-felix-ready=false', '-v']), [
    '1:option', '2:value', '3:check-off', '4:other-mode',
  ]);
  assert.deepEqual(statuses(['/bin/calico-node', '-threshold-time=abc', '-felix-live=maybe', '-threshold-time']), [
    '1:bad-value', '2:bad-value', '3:missing-value',
  ]);
});

test('cobra forms need double dashes; check-status flags', () => {
  const parsed = parseCalicoHealthCommand(['calico', 'component', 'node', 'health', '--felix-live', '-bird-live', '--felix']);
  assert.equal(parsed?.form, 'calico-component-node');
  assert.equal(parsed?.commandLength, 4);
  assert.deepEqual(parsed?.args.map((a) => a.status), ['check', 'single-dash', 'not-a-flag']);
  assert.equal(parsed?.args[1]?.flag?.name, 'bird-live');
  const kc = parseCalicoHealthCommand(['/usr/bin/check-status', '-r']);
  assert.equal(kc?.component, 'calico-kube-controllers');
  assert.equal(kc?.checks[0]?.probeKind, 'readiness');
  assert.deepEqual(statuses(['/usr/bin/check-status', '--live', '-f', '/s.json', '-x']), ['1:check', '2:option', '3:value', '4:unknown']);
  assert.equal(
    parseCalicoHealthCommand(['/usr/bin/calico', 'component', 'kube-controllers', 'kube-controllers-health', '-l'])?.checks[0]?.probeKind,
    'liveness',
  );
  assert.equal(parseCalicoHealthCommand(['/bin/sh', '-c', 'calico-node -felix-live']), undefined);
  assert.equal(parseCalicoHealthCommand(['calico', 'version']), undefined);
  // Calico for Windows ships the same binary as calico-node.exe.
  assert.equal(parseCalicoHealthCommand(['c:\\\\CalicoWindows\\\\calico-node.exe', '-felix-ready'])?.checks.length, 1);
});

test('durations', () => {
  for (const ok of ['30s', '1m30s', '0', '1.5h', '500ms']) assert.ok(isGoDuration(ok), ok);
  for (const bad of ['30', 's', '', '1d']) assert.ok(!isGoDuration(bad), bad);
});

test('images name their component', () => {
  assert.equal(calicoComponentOfImage('docker.io/calico/node:v3.32.1'), 'calico-node');
  assert.equal(calicoComponentOfImage('quay.io/calico/node@sha256:abc'), 'calico-node');
  assert.equal(calicoComponentOfImage('registry.local:5000/calico/kube-controllers:v3.30.0'), 'calico-kube-controllers');
  assert.equal(calicoComponentOfImage('docker.io/rancher/mirrored-calico-typha:v3.28.0'), 'calico-typha');
  assert.equal(calicoComponentOfImage('node:20-alpine'), undefined);
  assert.equal(calicoComponentOfImage('bitnami/node'), undefined);
});

test('standard probes render as Calico ships them', () => {
  const bgp = standardProbesFor('calico-node', 'bird')!;
  assert.equal(
    renderProbe('livenessProbe', bgp.liveness, '  '),
    `  livenessProbe:
    exec:
      command:
        - /bin/calico-node
        - -felix-live
        - -bird-live
    periodSeconds: 10
    initialDelaySeconds: 10
    failureThreshold: 6
    timeoutSeconds: 10`,
  );
  assert.equal(standardProbesFor('calico-node', 'vxlan')!.readiness.handler.kind, 'exec');
  assert.deepEqual((standardProbesFor('calico-node', 'none')!.readiness.handler as { command: readonly string[] }).command, ['/bin/calico-node', '-felix-ready']);
  assert.equal(standardProbesFor('calico-kube-controllers')!.readiness.timing.timeoutSeconds, undefined);
  assert.match(renderProbe('readinessProbe', standardProbesFor('calico-typha')!.readiness), /port: 9098\n {4}host: localhost/);
});
