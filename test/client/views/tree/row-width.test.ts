/**
 * Rows readable in VS Code's default 300 px side bar: no pod, node, probe, failure or advice row of
 * the demo cluster (or of the e2e tree's pods) is wider than the room its level has, in the widest
 * default UI font (test/support/ui-font.ts). Before, "0/1 · 17 restarts · CrashLoopBackOff ·
 * liveness failing 40 m" and "Probe command timed out 9 failures · last 1 m ago" were cut, and the
 * advice row was a paragraph cut even at 640 px. The e2e suite checks the same on screen.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openClusterSession } from '../../../../client/src/cluster/session';
import type { ClusterSnapshot } from '../../../../client/src/cluster/model';
import { buildTree } from '../../../../client/src/views/tree/build';
import type { TreeNode } from '../../../../client/src/views/tree/node';
import { startLoopbackApiServer, type LoopbackApiServer } from '../../../../tools/loopback-apiserver/index';
import { waitForSnapshot } from '../../../support/snapshots';
import { NOW, ago, bgpFailures, pod, probeStatus, snapshot } from '../../../support/status-fixtures';
import { roomAt300px, rowWidth } from '../../../support/ui-font';

/** The rows held to the budget: every kind but the probe's raw output line, whose whole text is its tooltip. */
const BUDGETED = new Set<TreeNode['kind']>(['pod', 'pod-info', 'probe', 'failure', 'advice']);

function tooWide(roots: readonly TreeNode[]): string[] {
  const out: string[] = [];
  const walk = (nodes: readonly TreeNode[], level: number) => {
    for (const n of nodes) {
      const width = rowWidth(n.label, n.description);
      if (BUDGETED.has(n.kind) && width > roomAt300px(level)) out.push(`level ${level} ${n.kind}: "${n.label}" + "${n.description ?? ''}" is ${Math.ceil(width)} px, room ${roomAt300px(level)} px`);
      walk(n.children, level + 1);
    }
  };
  walk(roots, 1);
  return out;
}

describe('every row fits a 300 px side bar', () => {
  let server: LoopbackApiServer;
  let demo: ClusterSnapshot;
  before(async () => {
    server = await startLoopbackApiServer({ tls: true, seed: 'demo' });
    const session = openClusterSession({ trusted: true, kubeconfigPath: server.kubeconfigPath, env: {} });
    try {
      await session.start();
      demo = await waitForSnapshot(session, (s) => s.state === 'live' && s.pods.length > 0, 15_000, 'the demo cluster live');
    } finally {
      session.dispose();
    }
  });
  after(async () => {
    await server?.close();
  });

  test('the demo cluster: BGP down, BIRD starved, a crash loop, a recovered pod', () => {
    const roots = buildTree(demo, Date.now());
    assert.ok(demo.pods.filter((p) => !p.ready).length >= 3, 'the demo has failing pods');
    assert.deepEqual(tooWide(roots), []);
  });

  test('a crash loop in back-off (the demo\'s runs on worker-10), with a timed-out liveness probe; a pod failing on BGP', () => {
    const timedOut = bgpFailures({
      kind: 'liveness',
      count: 33,
      firstSeen: ago(40 * 60),
      lastSeen: ago(55),
      lastMessage: 'Liveness probe failed: command "/bin/calico-node -felix-live -bird-live" timed out',
      output: 'command "/bin/calico-node -felix-live -bird-live" timed out',
      cause: { id: 'probe-timed-out', title: 'Probe command timed out', advice: 'The command did not finish within timeoutSeconds.' },
    });
    const crash = pod('calico-node-w4crl', {
      health: 'restarting',
      ready: false,
      readyText: '0/1',
      restarts: 11,
      waitingReason: 'CrashLoopBackOff',
      nodeName: 'worker-10',
      lastTermination: { reason: 'Error', exitCode: 137, finishedAt: ago(50) },
      probes: [probeStatus('liveness', 'failing', timedOut), probeStatus('readiness', 'unknown-since-start', bgpFailures({ lastSeen: ago(600) }))],
    });
    const bgp = pod('calico-node-tq4zm', {
      health: 'not-ready',
      ready: false,
      readyText: '0/1',
      restarts: 3,
      nodeName: 'worker-2',
      notReadySince: ago(11 * 60),
      probes: [probeStatus('liveness', 'recovered', bgpFailures({ kind: 'liveness', count: 6 })), probeStatus('readiness', 'failing', bgpFailures({ count: 42 }))],
    });
    assert.deepEqual(tooWide(buildTree(snapshot({ server: 'https://127.0.0.1:38041', pods: [crash, bgp, pod('calico-node-7xk2p')] }), NOW)), []);
  });

  test('the verdicts in time (issue 20, item 1): "restarted 117× · back-off", "passing since restart", "too early to tell", under the longest probe name', () => {
    const liveness = bgpFailures({ kind: 'liveness', count: 9 });
    const startup = bgpFailures({ kind: 'startup', count: 9 });
    const pods = [
      pod('calico-node-loop1', { ready: false, health: 'restarting', readyText: '0/1', restarts: 117, waitingReason: 'CrashLoopBackOff', probes: [probeStatus('startup', 'restarting', startup)] }),
      pod('calico-node-liv23', { ready: false, health: 'not-ready', readyText: '0/1', restarts: 7, probes: [probeStatus('startup', 'passing-since-restart', startup), probeStatus('liveness', 'too-early', liveness)] }),
    ];
    const probeRows = flattenProbes(buildTree(snapshot({ pods }), NOW));
    assert.deepEqual(probeRows.sort(), ['liveness: too early to tell', 'startup: passing since restart', 'startup: restarted 117× · back-off']);
    assert.deepEqual(tooWide(buildTree(snapshot({ pods }), NOW)), []);
  });
});

function flattenProbes(nodes: readonly TreeNode[]): string[] {
  return nodes.flatMap((n) => [...(n.kind === 'probe' ? [`${n.label}: ${n.description}`] : []), ...flattenProbes(n.children)]);
}
