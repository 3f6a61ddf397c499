/**
 * The Workloads section: the demo's shop/web with its pods as calico-node's pods are shown (the
 * failing readiness probe and its cause in kubelet's words), workloads not in the cluster or not
 * reachable said so, and every row within a 300 px side bar.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { flatten } from '../../../../client/src/views/tree/build';
import type { TreeNode } from '../../../../client/src/views/tree/node';
import { findWorkloadRow, workloadsSection, type WorkloadEntry } from '../../../../client/src/views/tree/workload-rows';
import { workloadRefId, type WorkloadRef } from '../../../../core/src/live/live-workload';
import { SHOP_WEB } from '../../../../tools/loopback-apiserver/shop-demo';
import { shopWebLive } from '../../../support/shop-demo';
import { roomAt300px, rowWidth } from '../../../support/ui-font';

const NOW = Date.now();
const WINDOW = '1 h';

function ref(kind: string, namespace: string, name: string): WorkloadRef {
  return { id: workloadRefId('apps/v1', kind, namespace, name), apiVersion: 'apps/v1', kind, namespace, name };
}

const web: WorkloadEntry = { ref: ref('Deployment', 'shop', 'web'), live: shopWebLive(NOW) };

function section(...workloads: WorkloadEntry[]): TreeNode {
  const root = workloadsSection({ context: 'demo', workloads, eventWindowText: WINDOW }, NOW);
  assert.ok(root);
  return root;
}

const roots = (...workloads: WorkloadEntry[]): readonly TreeNode[] => section(...workloads).children;

describe('Workloads section', () => {
  test('no workload named or pinned: no section', () => {
    assert.equal(workloadsSection({ context: 'demo', workloads: [], eventWindowText: WINDOW }, NOW), undefined);
    assert.equal(workloadsSection(undefined, NOW), undefined);
  });

  test('the section root: Workloads, how many from open files and pinned', () => {
    const root = section(web, { ref: ref('DaemonSet', 'ops', 'agent'), pinned: true });
    assert.equal(root.label, 'Workloads');
    assert.equal(root.kind, 'workloads');
    assert.equal(root.description, '1 from open files · 1 pinned');
    assert.equal(root.collapsible, 'expanded');
  });

  test("shop/web: its three pods, worst first, with the probe status, failures and causes calico-node's rows show", () => {
    const [workload] = roots(web);
    assert.equal(workload!.label, 'web');
    assert.equal(workload!.description, 'Deployment · 1/3 ready');
    assert.deepEqual(workload!.icon, { id: 'error', color: 'charts.red' });
    assert.equal(workload!.collapsible, 'expanded');
    assert.match(workload!.tooltip!, /readiness failing on 2 \((HTTP 503 from the health endpoint|No HTTP answer)/);
    assert.match(workload!.tooltip!, /liveness failing on 1 \(No HTTP answer/);

    const pods = workload!.children;
    assert.deepEqual(pods.map((p) => p.label), [SHOP_WEB.pods[2], SHOP_WEB.pods[1], SHOP_WEB.pods[0]], 'the crash-looping pod first, the ready one last');
    assert.deepEqual(pods.map((p) => p.kind), ['pod', 'pod', 'pod']);
    assert.deepEqual(pods.map((p) => p.namespace), ['shop', 'shop', 'shop']);
    assert.equal(pods[2]!.description, '1/1');

    const rows = flatten([section(web)]);
    const notReady = rows.find((n) => n.kind === 'probe' && n.pod === SHOP_WEB.pods[1] && n.probe === 'readiness')!;
    assert.equal(notReady.icon?.color, 'charts.red');
    const cause503 = flatten([notReady]).find((n) => n.kind === 'failure')!;
    assert.equal(cause503.label, 'HTTP 503');
    assert.match(cause503.tooltip!, /HTTP 503 from the health endpoint/);
    assert.match(cause503.tooltip!, /HTTP probe failed with statuscode: 503/);
    const advice = flatten([notReady]).find((n) => n.kind === 'advice')!;
    assert.match(advice.tooltip!, /answered outside 200–399/);

    const crashing = pods[0]!;
    assert.equal(crashing.description, 'liveness failing');
    const liveness = flatten([crashing]).find((n) => n.kind === 'probe' && n.probe === 'liveness')!;
    const timedOut = flatten([liveness]).find((n) => n.kind === 'failure')!;
    assert.equal(timedOut.label, 'No HTTP answer');
    assert.match(timedOut.tooltip!, /context deadline exceeded \(Client\.Timeout exceeded while awaiting headers\)/);
  });

  test('ids are stable, unique and apart from calico-node rows', () => {
    const ids = flatten([section(web)]).map((n) => n.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(flatten([section(web)]).map((n) => n.id), ids);
    assert.ok(ids.every((id) => id.startsWith('workloads:')), 'apart from calico-node rows, whose ids start with context:');
  });

  test('not in the cluster, unreachable, still loading and pinned: each says so', () => {
    const absent: WorkloadEntry = { ref: ref('Deployment', 'shop', 'cart'), live: { id: 'x', state: 'absent', namespace: 'shop', message: 'no Deployment cart in namespace shop (context demo)' } };
    const unreachable: WorkloadEntry = { ref: ref('StatefulSet', 'db', 'pg'), live: { id: 'y', state: 'unreachable', message: 'cannot reach context demo (connect ECONNREFUSED)' } };
    const loading: WorkloadEntry = { ref: ref('DaemonSet', 'ops', 'agent'), pinned: true };
    const [, a, u, l] = roots(web, absent, unreachable, loading);
    assert.equal(a!.description, 'Deployment · not in cluster');
    assert.match(a!.tooltip!, /no Deployment cart in namespace shop/);
    assert.equal(a!.collapsible, 'none');
    assert.equal(u!.description, 'StatefulSet · unreachable');
    assert.match(u!.tooltip!, /ECONNREFUSED/);
    assert.equal(l!.description, 'DaemonSet · loading…');
    assert.equal(l!.contextValue, 'workload.pinned');
  });

  test('a code lens click finds its workload row by kind, name and (when the file gives one) namespace', () => {
    const roots = [section(web)];
    assert.equal(findWorkloadRow(roots, { kind: 'Deployment', namespace: 'shop', name: 'web' })?.id, roots[0]!.children[0]!.id);
    assert.equal(findWorkloadRow(roots, { kind: 'Deployment', name: 'web' })?.label, 'web');
    assert.equal(findWorkloadRow(roots, { kind: 'StatefulSet', name: 'web' }), undefined);
    assert.equal(findWorkloadRow(roots, { kind: 'Deployment', namespace: 'staging', name: 'web' }), undefined);
    assert.equal(findWorkloadRow([], { kind: 'Deployment', name: 'web' }), undefined);
  });

  test('every workload, pod and probe row fits a 300 px side bar', () => {
    // Not the pod rows: a controller's pod names (web-6d8f7b9c4-q9wvt) are as long as the workload's
    // name makes them, which no short form of ours can bound; their description is calico-node's.
    const budgeted = new Set<TreeNode['kind']>(['workload', 'pod-info', 'probe', 'failure', 'advice']);
    const out: string[] = [];
    const walk = (nodes: readonly TreeNode[], level: number) => {
      for (const n of nodes) {
        const width = rowWidth(n.label, n.description);
        if (budgeted.has(n.kind) && width > roomAt300px(level)) out.push(`level ${level} ${n.kind}: "${n.label}" + "${n.description ?? ''}"`);
        walk(n.children, level + 1);
      }
    };
    walk([section(web)], 1);
    assert.deepEqual(out, []);
  });
});
