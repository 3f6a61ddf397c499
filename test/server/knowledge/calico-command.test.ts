import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isGoDuration, parseCalicoHealthCommand } from '../../../server/src/knowledge/calico-command';

const statuses = (argv: string[]) => parseCalicoHealthCommand(argv)?.args.map((a) => `${a.index}:${a.status}`);

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

test('-node-services is a calico-node mode, not an unknown flag (projectcalico/calico v3.32.0 node/cmd/calico-node/main.go runNodeServices)', () => {
  const parsed = parseCalicoHealthCommand(['/bin/calico-node', '-felix-ready', '-node-services']);
  assert.deepEqual(statuses(['/bin/calico-node', '-felix-ready', '-node-services']), ['1:check', '2:other-mode']);
  assert.equal(parsed?.fatal, undefined);
  // The modes it consolidates are still flags in v3.32 (deprecated).
  assert.deepEqual(statuses(['/bin/calico-node', '-monitor-addresses', '-monitor-token', '-status-reporter']), ['1:other-mode', '2:other-mode', '3:other-mode']);
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
