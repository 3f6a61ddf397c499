/** The Workloads section's picture and the tuning evidence from a live snapshot, pins and Run Probe Now samples. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { liveEvidence, parsePin, ProbeSamples, workloadsPicture } from '../../../client/src/live/workloads-picture';
import { workloadRefId, type WorkloadRef } from '../../../core/src/live/live-workload';
import type { RunSample } from '../../../core/src/probe/run-verdict';
import { shopWebLive } from '../../support/shop-demo';

const web: WorkloadRef = { id: 'apps/v1|Deployment|shop|web', apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };
const run = (durationMs: number): RunSample & { kind: 'liveness' } => ({ kind: 'liveness', outcome: 'success', durationMs, timeoutSeconds: 1, command: [], output: '' });

test('pins read as Kind namespace/name, with the API group the kind lives in', () => {
  assert.deepEqual(parsePin(' Deployment shop/web '), web);
  assert.equal(parsePin('Job batch/nightly')?.apiVersion, 'batch/v1');
  assert.equal(parsePin('Pod default/x')?.id, workloadRefId('v1', 'Pod', 'default', 'x'));
  assert.equal(parsePin('web'), undefined);
  assert.equal(parsePin('Deployment Shop/web'), undefined);
});

test("the files' workloads first, then pins not already named; what the link has not answered yet is loading", () => {
  const agent = parsePin('DaemonSet ops/agent')!;
  const live = shopWebLive();
  const picture = workloadsPicture([web], [web, agent], { context: 'demo', workloads: [live] });
  assert.deepEqual(picture.workloads.map((w) => [w.ref.name, w.pinned === true, w.live?.state]), [
    ['web', true, 'present'],
    ['agent', true, undefined],
  ]);
  assert.equal(picture.context, 'demo');
});

test('the evidence carries what the pods show and the samples taken of that workload only', () => {
  const picture = workloadsPicture([web], [], { context: 'demo', workloads: [shopWebLive()] });
  const samples = new ProbeSamples();
  assert.deepEqual(liveEvidence(picture, samples).workloads[0]!.containers[0]!.samples, undefined);
  samples.add(web.id, 'web', [run(1400), run(2600)]);
  samples.add('apps/v1|Deployment|shop|cart', 'web', [run(9000)]);
  const [evidence] = liveEvidence(picture, samples).workloads;
  assert.deepEqual([evidence!.kind, evidence!.namespace, evidence!.name], ['Deployment', 'shop', 'web']);
  const [container] = evidence!.containers;
  assert.equal(container!.container, 'web');
  assert.equal(container!.pods.length, 3);
  assert.deepEqual(container!.samples?.liveness?.map((s) => s.durationMs), [1400, 2600]);
});

test('samples keep the newest ten', () => {
  const samples = new ProbeSamples();
  samples.add(web.id, 'web', Array.from({ length: 12 }, (_, i) => run(i)));
  assert.deepEqual(samples.of(web.id, 'web')?.liveness?.map((s) => s.durationMs), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
});
