/** Names shared by package.json contributions and the code; keep both in step (test/client/views/contributes.test.ts). */
export const VIEW_ID = 'probeScope.calicoProbes';
export const CONTAINER_ID = 'calicoProbes';
/** Context key holding tree-model's WelcomeState; `contributes.viewsWelcome` `when` clauses read it. */
export const VIEW_STATE_KEY = 'probeScope.view';
export const LOG_SCHEME = 'probe-scope-logs';

export const COMMANDS = {
  refresh: 'probeScope.refresh',
  retry: 'probeScope.retry',
  switchContext: 'probeScope.switchContext',
  runProbe: 'probeScope.runProbe',
  runProbeRepeated: 'probeScope.runProbeRepeated',
  showLogs: 'probeScope.showLogs',
  copyFailure: 'probeScope.copyFailure',
  revealInManifest: 'probeScope.revealInManifest',
  toggleAutoRefresh: 'probeScope.toggleAutoRefresh',
  showProblem: 'probeScope.showProblem',
  openSettings: 'probeScope.openSettings',
  liveOn: 'probeScope.showLiveInManifests',
  liveOff: 'probeScope.hideLiveInManifests',
  compareWithLive: 'probeScope.compareWithLive',
  showWorkloadPods: 'probeScope.showWorkloadPods',
  checkBgp: 'probeScope.checkBgp',
  pinWorkload: 'probeScope.pinWorkload',
  unpinWorkload: 'probeScope.unpinWorkload',
} as const;
