/**
 * The terminal and the view say the same thing about the same pod: for every calico-node pod of the
 * loopback demo cluster (BGP-down nodes, a crash loop, recovered pods) and of the real kube-apiserver's
 * seed, `probe-scope status` names the probe the view's pod row names, failing for the same time, with
 * the cause the view's failure row shows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openClusterSession } from '../../client/src/cluster/session';
import type { ClusterSnapshot } from '../../client/src/cluster/model';
import { buildTree, flatten } from '../../client/src/views/tree/build';
import type { TreeNode } from '../../client/src/views/tree/node';
import { formatSnapshot } from '../../cli/src/status';
import { startLoopbackApiServer, type LoopbackApiServer } from '../../tools/loopback-apiserver/index';
import { apiServerSkipReason, ensureApiServer } from '../support/apiserver';
import { waitForSnapshot } from '../support/snapshots';
import { ago, bgpFailures, NOW, pod, probeStatus, snapshot as snapshotOf } from '../support/status-fixtures';

interface ViewSays {
  readonly probe: string | undefined;
  readonly since: string | undefined;
  readonly cause: string | undefined;
}

/**
 * The pod row names the probe that explains the pod ("liveness failing"; a failing readiness probe
 * makes it "not ready"), that probe's row says for how long ("failing 11 m · 57×"), and the
 * failure row's tooltip opens with the whole cause title (the row shows its first clause).
 */
function viewSays(podRow: TreeNode): ViewSays {
  const description = podRow.description ?? '';
  const named = /^(startup|liveness) failing$/.exec(description)?.[1] ?? (/^not ready\b/.test(description) ? 'readiness' : undefined);
  const probeRow = podRow.children.find((row) => row.kind === 'probe' && row.label === named && /^failing\b/.test(row.description ?? ''));
  if (!probeRow) return { probe: undefined, since: undefined, cause: undefined };
  const age = /^failing (\d+) (s|m|h|d)\b/.exec(probeRow.description!);
  const failureRow = probeRow.children.find((row) => row.kind === 'failure');
  const title = /^\*\*(.+)\*\*$/m.exec(failureRow?.tooltip ?? '')?.[1]?.replace(/\\(.)/g, '$1');
  return { probe: named, since: age ? `${age[1]}${age[2]}` : undefined, cause: title ?? failureRow?.label };
}

function assertAgreement(snapshot: ClusterSnapshot, minimumFailing: number): void {
  const now = Date.now();
  const rows = flatten(buildTree(snapshot, now)).filter((row) => row.kind === 'pod');
  const lines = formatSnapshot(snapshot, now).split('\n');
  assert.equal(rows.length, snapshot.pods.length);
  let failing = 0;
  for (const row of rows) {
    const line = lines.find((l) => l.startsWith(`${row.label} `));
    assert.ok(line, `the table has a row for ${row.label}`);
    const [, , , , probeCell, sinceCell, causeCell] = line!.split(/\s{2,}/);
    const view = viewSays(row);
    if (view.probe) {
      failing += 1;
      assert.match(probeCell!, new RegExp(`^${view.probe} ×\\d+$`), `${row.label}: view says ${row.description}`);
      assert.equal(sinceCell, view.since ?? '-', `${row.label}: since`);
      assert.equal(causeCell, view.cause, `${row.label}: cause`);
    } else {
      assert.doesNotMatch(probeCell!, /×/, `${row.label}: the view names no failing probe (${row.description}), the table must not either`);
    }
  }
  assert.ok(failing >= minimumFailing, `the cluster has failing pods (${failing} seen)`);
}

test('a probe whose state since the start is unknown: both say "unknown since start", neither calls it failing or recovered, no advice', () => {
  // kubernetes/client-go v0.34.0 tools/record/events_cache.go: after a burst of 25 Events per source
  // and object, one per 300 s, so no failure since the start is no proof the probe passes.
  const unknown = probeStatus('readiness', 'unknown-since-start', bgpFailures({ count: 6, lastSeen: ago(300) }));
  const restarted = pod('calico-node-rstrt', { ready: false, health: 'not-ready', readyText: '0/1', restarts: 1, started: true, notReadySince: ago(600), probes: [probeStatus('liveness', 'no-recent-failures'), unknown] });
  const fixture = snapshotOf({ pods: [restarted] });
  const podRow = flatten(buildTree(fixture, NOW)).find((row) => row.kind === 'pod')!;
  const probeRow = podRow.children.find((row) => row.kind === 'probe' && row.label === 'readiness')!;
  assert.match(probeRow.description!, /^unknown since start/);
  assert.doesNotMatch(podRow.description!, /failing/);
  const text = formatSnapshot(fixture, NOW);
  const [, , , , probeCell, sinceCell] = text.split('\n').find((l) => l.startsWith('calico-node-rstrt '))!.split(/\s{2,}/);
  assert.equal(probeCell, 'readiness unknown since start');
  assert.equal(sinceCell, '-');
  assert.doesNotMatch(text, /advice:/);
});

async function liveSnapshot(kubeconfigPath: string): Promise<ClusterSnapshot> {
  const session = openClusterSession({ trusted: true, kubeconfigPath, env: {} });
  try {
    await session.start();
    return await waitForSnapshot(session, (s) => s.state === 'live' && s.pods.length > 0, 15_000, 'a live snapshot');
  } finally {
    session.dispose();
  }
}

describe('the loopback demo cluster', () => {
  let server: LoopbackApiServer;
  before(async () => {
    server = await startLoopbackApiServer({ tls: true, seed: 'demo' });
  });
  after(async () => {
    await server?.close();
  });
  test('for every pod, the table names the probe, the time and the cause the view names', async () => {
    assertAgreement(await liveSnapshot(server.kubeconfigPath), 2);
  });
});

describe('the real kube-apiserver v1.20.2 seed', { skip: apiServerSkipReason() ?? false }, () => {
  test('for every pod, the table names the probe, the time and the cause the view names', async () => {
    const api = await ensureApiServer();
    assertAgreement(await liveSnapshot(api.kubeconfigPath), 1);
  });
});
