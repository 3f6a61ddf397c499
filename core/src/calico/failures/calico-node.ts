/**
 * What the calico-node binary prints before any check runs, when its command line is wrong
 * (projectcalico/calico `node/cmd/calico-node/main.go` `main`: the flag set continues on error,
 * prints the error and exits 1; with no check and no other mode it prints its usage and exits 1).
 */
import type { CalicoFailure } from './types';

export const CALICO_NODE_FAILURES: readonly CalicoFailure[] = [
  {
    id: 'flag-not-defined',
    recognise: (text) => {
      const match = /flag provided but not defined: (-\S+)/i.exec(text);
      return match ? { title: `calico-node has no flag ${match[1]}`, details: { flag: match[1]! } } : undefined;
    },
    messages: [{ text: 'flag provided but not defined: -<name>', printedBy: 'calico-node', example: 'flag provided but not defined: -bird' }],
    causes: 'The command has a flag calico-node does not know (for example -bird or a typo); it exits 1 and the probe always fails.',
    advice: 'Use only -felix-live, -felix-ready, -bird-live, -bird-ready, -bird6-live, -bird6-ready and -threshold-time.',
  },
  {
    // calico-node runs its health code only when a check flag is set (`main`), so the health code's
    // own "must specify at least one of …" error never reaches a probe. Without a check flag and
    // without another mode, `main` falls through to its usage text.
    id: 'no-check-flag',
    recognise: (text) => (/No valid options provided/i.test(text) ? { title: 'calico-node was given no check' } : undefined),
    messages: [{ text: 'No valid options provided. Usage:', printedBy: 'calico-node' }],
    causes: 'The command has no check flag (for example only -threshold-time), so calico-node prints its usage and exits 1: the probe always fails.',
    advice: 'Add a check flag: -felix-live/-bird-live for liveness, -felix-ready/-bird-ready for readiness.',
  },
];
