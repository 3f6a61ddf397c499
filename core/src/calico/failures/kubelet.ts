/**
 * What the kubelet itself reports around a probe: an exec command that outlived timeoutSeconds
 * (kubernetes `pkg/probe/exec/exec.go` `Probe` reports the runtime's "command … timed out"; kubelets
 * that predate it reported an empty message) and an HTTP answer outside 200–399 (kubernetes
 * `pkg/probe/http/http.go` `DoHTTPProbe`).
 */
import type { CalicoFailure } from './types';

export const KUBELET_FAILURES: readonly CalicoFailure[] = [
  {
    id: 'probe-timed-out',
    recognise: (text) => {
      // Older kubelets report an exec probe that exceeded timeoutSeconds with an empty message.
      if (text === '') return { title: 'Probe failed with empty output (likely a timeout)' };
      const match = /command "(.*)" timed out/i.exec(text);
      return match ? { title: 'Probe command timed out', details: { command: match[1]! } } : undefined;
    },
    messages: [{ text: 'Liveness probe failed: command "/bin/calico-node -felix-live -bird-live" timed out', printedBy: 'kubelet-exec' }],
    causes: 'The check took longer than timeoutSeconds; Calico shipped 1 s (the default) up to v3.19, too short for loaded nodes.',
    advice:
      'The command did not finish within timeoutSeconds (older kubelets report this as an empty message). Calico ships timeoutSeconds: 10 since v3.20; ' +
      'the 1 s it shipped before is too short on loaded nodes. Run the probe a few times to measure it and raise the timeout.',
    sources: ['projectcalico/calico#4788', 'projectcalico/calico#5122', 'projectcalico/calico#4276', 'tigera/operator#1324'],
  },
  {
    id: 'http-status',
    recognise: (text) => {
      const match = /HTTP probe failed with statuscode: (\d+)/i.exec(text);
      return match ? { title: `HTTP ${match[1]} from the health endpoint`, details: { statusCode: match[1]! } } : undefined;
    },
    messages: [{ text: 'HTTP probe failed with statuscode: <N>', printedBy: 'kubelet-http', example: 'HTTP probe failed with statuscode: 503' }],
    causes: 'The health endpoint answered, with a status outside 200–399: the process reports itself unhealthy.',
    advice: 'The endpoint answered outside 200–399. Read the container logs for why it reports unhealthy.',
  },
];
