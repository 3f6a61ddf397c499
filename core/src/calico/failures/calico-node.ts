/**
 * What the calico-node binary prints before any check runs, when its command line is wrong
 * (projectcalico/calico `node/cmd/calico-node/main.go` `main`: the flag set continues on error,
 * prints the error and exits 1; `node/pkg/health/health.go` `Run`).
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
    id: 'no-check-flag',
    recognise: (text) => (/calico\/node check error: must specify at least one of/i.test(text) ? { title: 'calico-node was given no check' } : undefined),
    messages: [
      {
        text: 'calico/node check error: must specify at least one of -bird-live, -bird6-live, -felix-live, -bird, -bird6, or -felix',
        printedBy: 'calico-node',
      },
    ],
    causes: 'The health code was reached without any check; note the list is stale: -bird, -bird6 and -felix are not checks.',
    advice: 'Add a real check flag.',
  },
];
