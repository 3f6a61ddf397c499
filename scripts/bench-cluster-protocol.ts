/**
 * Messages between the three processes of the cluster benchmark (`scripts/bench-cluster.ts`): the
 * orchestrator, the loopback API server and the measured cluster client. Kept apart so that each
 * side imports the shapes without loading the other side's code.
 */

import type { SessionCpu } from './bench-cluster-cpu';

/** Server → orchestrator, once listening. */
export interface ServerReady {
  readonly type: 'ready';
  readonly kubeconfigPath: string;
  readonly namespace: string;
}

/** Client → orchestrator → server: the kubelet changed this pod's status. */
export interface PatchRequest {
  readonly type: 'patch';
  readonly pod: string;
  readonly status: Record<string, unknown>;
}

/** Server → orchestrator → client: `at` is the wall-clock time just before the store changed. */
export interface Patched {
  readonly type: 'patched';
  readonly at: number;
}

/** Client in bare-list mode → orchestrator: both lists fetched and JSON.parsed, nothing else, ms. */
export interface BareResult {
  readonly type: 'bare';
  readonly bareMs: number;
  /** Where the CPU went meanwhile (bench-cluster-cpu.ts); undefined off Linux. */
  readonly cpu?: SessionCpu;
}

/** Client → orchestrator: what was measured. */
export interface ClientResult {
  readonly type: 'result';
  /** Session start → tree of every pod built, ms. */
  /** Session start → the tree as VS Code first draws it (expanded nodes' children included). */
  readonly fullTreeMs: number;
  /** Rows in that first draw. */
  readonly shownRows: number;
  /** Drawing the same snapshot again with every pod opened too, and its item count. */
  readonly everyPodOpenMs: number;
  readonly treeItems: number;
  readonly pods: number;
  /** Pods whose probes carry folded failures, and the Events those counts sum (a check that Events were folded). */
  readonly podsWithFailures: number;
  /** Status patch in the store → tree showing it, ms, one per update. */
  readonly updateMs: readonly number[];
  /** heapUsed high-water sampled in-process, MB (the parent also reads --trace-gc). */
  readonly sampledPeakHeapMb: number;
  /** heapUsed after imports and a full GC, before the session starts, MB. */
  readonly baselineHeapMb: number;
  /** Peak resident set of the client process (VmHWM), MB. */
  readonly peakRssMb: number | undefined;
  /** Where the CPU went from the session's start to the full tree (bench-cluster-cpu.ts); undefined off Linux. */
  readonly cpu?: SessionCpu;
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable between processes. */
export const wallClock = (): number => performance.timeOrigin + performance.now();

export const MB = 1024 * 1024;
