/** What the view and the CLI import from the cluster core. */
export type { ClusterOptions, ClusterSession } from './api';
export type * from './model';
export { openClusterSession, type ProbeScopeClusterSession } from './session';
export { ProbeNotRunnableError, type RepeatedRunResult } from './exec-probe';
export { kubeconfigCandidates } from './kubeconfig';
export { LiveLink } from './live/live-link';
