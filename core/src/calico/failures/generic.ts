/**
 * The container runtime's and the network's own errors. They come last in the table: Calico's
 * texts often contain them ("… dial tcp [::1]:9099: connect: connection refused"), and the specific
 * entry says more.
 */
import type { CalicoFailure } from './types';

export const GENERIC_FAILURES: readonly CalicoFailure[] = [
  {
    id: 'container-exited',
    recognise: (text) =>
      /CONTAINER_EXITED|container is in \w+ state|container not running|cannot exec in a stopped/i.test(text)
        ? { title: 'Container exited while the probe ran' }
        : undefined,
    messages: [],
    causes: 'The container stopped while the kubelet ran the exec probe, so the runtime could not exec in it.',
    advice: 'The probe could not run because the container had stopped; look at the previous container log (last termination) for why it exited.',
  },
  {
    id: 'connection-refused',
    recognise: (text) => (/connect: connection refused/i.test(text) ? { title: 'Connection refused' } : undefined),
    // kubernetes pkg/probe/http/http.go and tcp/tcp.go return Go's dial error as the probe's message.
    messages: [
      { text: 'Get "<url>": dial tcp <address>: connect: connection refused', printedBy: 'kubelet-http', example: 'Get "http://10.244.1.23:8080/healthz": dial tcp 10.244.1.23:8080: connect: connection refused' },
      { text: 'dial tcp <address>: connect: connection refused', printedBy: 'kubelet-tcp', example: 'dial tcp 10.244.1.23:5432: connect: connection refused' },
    ],
    causes: 'Nothing listens on the probed address and port.',
    advice: 'Nothing listens on the probed port: the process is not up yet or listens elsewhere. Check the port and the container logs.',
  },
];
