/** The welcome view (set as a context key) and the problem text a static welcome view cannot hold. */
import type { ClusterProblem, ClusterSnapshot } from '../../cluster/model';

/**
 * Which welcome view to show; set as the `probeScope.view` context key and matched by
 * `contributes.viewsWelcome` `when` clauses. `none` means the tree has content.
 */
export type WelcomeState =
  | 'idle'
  | 'loading'
  | 'no-kubeconfig'
  | 'unreachable'
  | 'unauthorized'
  | 'unauthorized-exec-plugin'
  | 'forbidden'
  | 'tls'
  | 'not-found'
  | 'untrusted'
  | 'error'
  | 'none';

export function welcomeState(snapshot: ClusterSnapshot | undefined): WelcomeState {
  if (!snapshot) return 'idle';
  const problem = snapshot.problem;
  if (problem) {
    if (problem.kind === 'unauthorized' && (problem.hint === 'exec-plugin-missing' || problem.hint === 'exec-plugin-failed')) {
      return 'unauthorized-exec-plugin';
    }
    return problem.kind;
  }
  if (snapshot.state === 'loading' && snapshot.pods.length === 0) return 'loading';
  return 'none';
}

/**
 * The dynamic part a static welcome view cannot hold (which error, which verb on which resource,
 * where we looked), shown as the view's description and in "Show details".
 */
export function problemSummary(problem: ClusterProblem): { readonly short: string; readonly detail: string } {
  switch (problem.kind) {
    case 'no-kubeconfig':
      return { short: 'no kubeconfig', detail: `${problem.message}\n\nLooked in:\n${problem.searched.map((s) => `  ${s}`).join('\n') || '  (nowhere)'}` };
    case 'unreachable':
      return { short: problem.server ? `cannot reach ${problem.server}` : 'cluster unreachable', detail: problem.message };
    case 'unauthorized': {
      const why =
        problem.hint === 'exec-plugin-missing'
          ? 'the kubeconfig exec credential plugin was not found'
          : problem.hint === 'exec-plugin-failed'
            ? 'the kubeconfig exec credential plugin failed'
            : problem.hint === 'expired-credentials'
              ? 'credentials expired'
              : 'credentials rejected';
      return { short: `401 Unauthorized: ${why}`, detail: `${why}.\n\n${problem.message}` };
    }
    case 'forbidden': {
      // The title already says what was refused (`short`); the detail says what to ask for and how
      // to check it, instead of repeating the refusal in other words.
      const where = problem.namespace ? ` in namespace ${problem.namespace}` : ' at cluster scope';
      const scope = problem.namespace ? ` -n ${problem.namespace}` : '';
      return {
        short: `403: cannot ${problem.verb} ${problem.resource}${problem.namespace ? ` in ${problem.namespace}` : ''}`,
        detail:
          `Ask for RBAC permission to ${problem.verb} ${problem.resource}${where}. The view reads only: get, list and watch on pods, list and watch on events, in the calico-node namespace.\n\n` +
          `Check it with: kubectl auth can-i ${problem.verb} ${problem.resource}${scope}`,
      };
    }
    case 'tls':
      return { short: 'TLS error', detail: `${problem.server ? `${problem.server}: ` : ''}${problem.message}` };
    case 'not-found':
      return {
        short: 'no calico-node found',
        detail: `${problem.message}\n\nLooked in:\n${problem.searched.map((s) => `  ${s.namespace} (${s.labelSelector})`).join('\n')}`,
      };
    case 'untrusted':
      return { short: 'Restricted Mode', detail: problem.message };
    case 'error':
      return { short: 'error', detail: problem.message };
  }
}
