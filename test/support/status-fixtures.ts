/** Plain snapshots for the view tests: one builder per thing, overridable field by field. */
import assert from 'node:assert/strict';
import type { TreeNode } from '../../client/src/views/tree/node';
import type { ClusterSnapshot } from '../../client/src/cluster/model';
import type { EffectiveProbe } from '../../core/src/probe/effective-probe';
import type { ProbeKind } from '../../core/src/probe/kinds';
import type { PodStatus, ProbeFailures, ProbeStatus } from '../../core/src/status/pod-status';

export const NOW = Date.parse('2025-06-01T12:00:00Z');
export const ago = (seconds: number): string => new Date(NOW - seconds * 1000).toISOString();

export function execProbe(kind: ProbeKind, command: string[], over: Partial<EffectiveProbe> = {}): EffectiveProbe {
  return {
    kind,
    handler: { type: 'exec', command },
    initialDelaySeconds: 0,
    timeoutSeconds: 10,
    periodSeconds: 10,
    successThreshold: 1,
    failureThreshold: 6,
    summary: `exec [${command.join(' ')}] delay=0s timeout=10s period=10s #success=1 #failure=6`,
    ...over,
  };
}

export const BGP_MESSAGE = 'Readiness probe failed: calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.12';

export function bgpFailures(over: Partial<ProbeFailures> = {}): ProbeFailures {
  return {
    kind: 'readiness',
    count: 42,
    firstSeen: ago(14 * 60),
    lastSeen: ago(30),
    outcome: 'failed',
    lastMessage: BGP_MESSAGE,
    output: 'calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.12',
    cause: {
      id: 'bgp-not-established',
      title: 'BGP not established with 10.0.0.12',
      advice: 'Check that TCP 179 is open between nodes and that IP autodetection picked the right address.',
      details: { peer: '10.0.0.12' },
    },
    ...over,
  };
}

export function probeStatus(kind: ProbeKind, verdict: ProbeStatus['verdict'], failures?: ProbeFailures): ProbeStatus {
  const command = kind === 'liveness' ? ['/bin/calico-node', '-felix-live', '-bird-live'] : ['/bin/calico-node', '-felix-ready', '-bird-ready'];
  return { kind, verdict, probe: execProbe(kind, command), ...(failures ? { failures } : {}) };
}

export function pod(name: string, over: Partial<PodStatus> = {}): PodStatus {
  return {
    name,
    namespace: 'kube-system',
    uid: `uid-${name}`,
    nodeName: `node-${name.slice(-5)}`,
    phase: 'Running',
    health: 'ready',
    ready: true,
    readyText: '1/1',
    restarts: 0,
    probes: [probeStatus('liveness', 'no-recent-failures'), probeStatus('readiness', 'no-recent-failures')],
    ownerName: 'calico-node',
    ...over,
  };
}

export function snapshot(over: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  return {
    context: 'admin',
    cluster: 'local',
    server: 'https://127.0.0.1:16443',
    state: 'live',
    location: { namespace: 'kube-system', labelSelector: 'k8s-app=calico-node', install: 'manifest', containerName: 'calico-node' },
    pods: [],
    updatedAt: ago(2),
    eventWindowText: '1 h',
    ...over,
  };
}

export function podNodes(tree: TreeNode[]): TreeNode[] {
  assert.equal(tree.length, 1, 'one root: the context');
  return [...tree[0]!.children];
}

export function child(node: TreeNode, id: string): TreeNode {
  const found = node.children.find((c) => c.id.endsWith(id));
  assert.ok(found, `${node.id} has a child ending in ${id}: ${node.children.map((c) => c.id).join(', ')}`);
  return found;
}
