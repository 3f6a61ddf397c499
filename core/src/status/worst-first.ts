/** The one order pods are listed in, everywhere: the pods that need attention first. */
import type { PodHealth, PodStatus } from './pod-status';

const HEALTH_RANK: Readonly<Record<PodHealth, number>> = {
  restarting: 0,
  'not-ready': 1,
  pending: 2,
  unknown: 3,
  terminating: 4,
  ready: 5,
};

/** Worst health first, then by name. Pod names are DNS labels (ASCII): code-unit order is their order, and far cheaper than localeCompare. */
function compareWorstFirst(a: PodStatus, b: PodStatus): number {
  return HEALTH_RANK[a.health] - HEALTH_RANK[b.health] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** A sorted copy; a list already in order (as the cluster core publishes it) is only checked, in linear time. */
export function sortWorstFirst(pods: readonly PodStatus[]): PodStatus[] {
  for (let i = 1; i < pods.length; i++) if (compareWorstFirst(pods[i - 1]!, pods[i]!) > 0) return [...pods].sort(compareWorstFirst);
  return [...pods];
}
