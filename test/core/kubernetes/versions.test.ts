import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeGate, gateEnabled, gateStateAt } from '../../../core/src/kubernetes/feature-gates';
import { fieldSupport, versionedField } from '../../../core/src/kubernetes/fields';
import { forbidsProbeHost } from '../../../core/src/kubernetes/pod-security';
import { formatVersion, LATEST_MINOR, parseKubernetesVersion, versionFromServerInfo } from '../../../core/src/kubernetes/versions';

test('versions are read the way people and servers write them', () => {
  assert.deepEqual(parseKubernetesVersion('1.29'), { ok: true, version: { minor: 29 } });
  assert.deepEqual(parseKubernetesVersion('v1.29.3'), { ok: true, version: { minor: 29 } });
  assert.deepEqual(parseKubernetesVersion('latest'), { ok: true, version: { minor: LATEST_MINOR } });
  assert.equal(parseKubernetesVersion('2.0').ok, false);
  assert.equal(parseKubernetesVersion('one-twenty').ok, false);
  const old = parseKubernetesVersion('1.18');
  assert.ok(old.ok && old.version.minor === 20 && /older than 1.20/.test(old.note ?? ''));
  const future = parseKubernetesVersion('1.40');
  assert.ok(future.ok && future.version.minor === LATEST_MINOR && /newer than/.test(future.note ?? ''));
  assert.equal(formatVersion({ minor: 27 }), '1.27');
  assert.deepEqual(versionFromServerInfo({ major: '1', minor: '31+', gitVersion: 'v1.31.4-eks-0a21954' }), { minor: 31 });
  assert.deepEqual(versionFromServerInfo({ major: '1', minor: '20', gitVersion: 'v1.20.2' }), { minor: 20 });
  assert.equal(versionFromServerInfo({}), undefined);
});

test('feature gates at their default per release (kube_features.go)', () => {
  const on = (gate: Parameters<typeof gateEnabled>[0], minor: number) => gateEnabled(gate, { minor });
  assert.deepEqual([21, 22, 24, 25, 28].map((m) => on('ProbeTerminationGracePeriod', m)), [false, false, false, true, true]);
  assert.deepEqual([22, 23, 24, 27].map((m) => on('GRPCContainerProbe', m)), [false, false, true, true]);
  assert.deepEqual([27, 28, 29, 33].map((m) => on('SidecarContainers', m)), [false, false, true, true]);
  assert.deepEqual([29, 30, 34].map((m) => on('PodLifecycleSleepAction', m)), [false, true, true]);
  assert.deepEqual([32, 33, 34].map((m) => on('PodLifecycleSleepActionAllowZero', m)), [false, true, true]);
  assert.deepEqual([33, 35].map((m) => on('ContainerStopSignals', m)), [false, false]);
  assert.deepEqual([34, 35].map((m) => on('ContainerRestartRules', m)), [false, true]);
  assert.equal(gateStateAt('SidecarContainers', { minor: 28 }), 'SidecarContainers is alpha in 1.28, off by default');
  assert.equal(gateStateAt('SidecarContainers', { minor: 33 }), 'SidecarContainers is GA in 1.33');
  assert.equal(gateStateAt('SidecarContainers', { minor: 20 }), 'SidecarContainers does not exist in 1.20');
});

test('hover wording: since, GA, and the alpha before', () => {
  assert.equal(describeGate('PodLifecycleSleepAction'), 'since 1.30, GA 1.34 (alpha 1.29)');
  assert.equal(describeGate('SidecarContainers'), 'since 1.29, GA 1.33 (alpha 1.28)');
  assert.equal(describeGate('ContainerRestartRules'), 'since 1.35 (alpha 1.34)');
  assert.equal(describeGate('ContainerStopSignals'), `since 1.33 as alpha, off by default (through 1.${LATEST_MINOR})`);
});

test('a field is unknown before its struct has it, dropped while its gate is off, then accepted', () => {
  const grpc = versionedField('probe', 'grpc')!;
  assert.deepEqual([22, 23, 24].map((minor) => fieldSupport(grpc, { minor })), ['unknown', 'dropped', 'accepted']);
  const sleep = versionedField('hook', 'sleep')!;
  assert.deepEqual([28, 29, 30].map((minor) => fieldSupport(sleep, { minor })), ['unknown', 'dropped', 'accepted']);
  assert.equal(versionedField('probe', 'periodSeconds'), undefined);
});

test('Pod Security: the probe host check is baseline and restricted, from 1.34, unless the namespace pins an older policy', () => {
  assert.equal(forbidsProbeHost('baseline', { minor: 34 }), true);
  assert.equal(forbidsProbeHost('restricted', { minor: 35 }, 'latest'), true);
  assert.equal(forbidsProbeHost('baseline', { minor: 33 }), false);
  assert.equal(forbidsProbeHost('privileged', { minor: 35 }), false);
  assert.equal(forbidsProbeHost('baseline', { minor: 35 }, 'v1.33'), false);
  assert.equal(forbidsProbeHost('baseline', { minor: 35 }, 'v1.34'), true);
});
