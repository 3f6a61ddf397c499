/**
 * What the kubelet itself reports around a probe, for any workload: an exec command that outlived
 * timeoutSeconds (kubernetes `pkg/probe/exec/exec.go` `Probe` reports the runtime's "command … timed
 * out"; kubelets that predate it reported an empty message); an HTTP answer outside 200–399 and an
 * HTTP request that got no answer within timeoutSeconds (`pkg/probe/http/http.go` `DoHTTPProbe`
 * returns Go's net/http error as the message: `Get "<url>": context deadline exceeded
 * (Client.Timeout exceeded while awaiting headers)`); a TCP connect that timed out
 * (`pkg/probe/tcp/tcp.go` `DoTCPProbe` returns the dial error, `dial tcp <addr>: i/o timeout`); and
 * gRPC's health answers and time-outs (`pkg/probe/grpc/grpc.go` `Probe`). A refused connection,
 * from any of them, is the generic entry's (generic.ts).
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
  {
    id: 'http-timeout',
    recognise: (text) => {
      // Anchored: the kubelet's message is Go's error alone, while Calico's own texts wrap the same words.
      const match = /^Get "([^"]+)": (?:context deadline exceeded|net\/http: request canceled)/i.exec(text);
      return match ? { title: 'No HTTP answer within timeoutSeconds', details: { url: match[1]! } } : undefined;
    },
    messages: [
      {
        text: 'Get "<url>": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
        printedBy: 'kubelet-http',
        example: 'Get "http://10.244.1.23:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
      },
      { text: 'Get "<url>": context deadline exceeded', printedBy: 'kubelet-http', example: 'Get "http://10.244.1.23:8080/ready": context deadline exceeded' },
    ],
    causes: 'The endpoint accepted the connection but sent no response headers within timeoutSeconds: the process is busy, starting, or blocked on something it checks.',
    advice: 'The endpoint took longer than timeoutSeconds to answer. Measure it (Run Probe Now) and raise timeoutSeconds above the slowest answer, or make the health handler cheaper.',
  },
  {
    id: 'tcp-timeout',
    recognise: (text) => {
      const match = /^dial tcp (\S+): i\/o timeout/i.exec(text);
      return match ? { title: `No TCP connection to ${match[1]} within timeoutSeconds`, details: { address: match[1]! } } : undefined;
    },
    messages: [{ text: 'dial tcp <address>: i/o timeout', printedBy: 'kubelet-tcp', example: 'dial tcp 10.244.1.23:5432: i/o timeout' }],
    causes: 'No answer to the connection attempt within timeoutSeconds: a network policy or firewall drops it, or the pod\'s network is not ready.',
    advice: 'Nothing answered the connection attempt in time: check NetworkPolicies and the pod network, then whether the process listens on that port.',
  },
  {
    id: 'grpc-not-serving',
    recognise: (text) => {
      const match = /^service unhealthy \(responded with "(\w+)"\)/i.exec(text);
      return match ? { title: `gRPC health: ${match[1]}`, details: { status: match[1]! } } : undefined;
    },
    messages: [{ text: 'service unhealthy (responded with "<status>")', printedBy: 'kubelet-grpc', example: 'service unhealthy (responded with "NOT_SERVING")' }],
    causes: 'The gRPC health service answered with a status other than SERVING: the process reports itself unhealthy.',
    advice: 'The gRPC health service answered NOT_SERVING (or UNKNOWN). Read the container logs for why it reports unhealthy.',
  },
  {
    id: 'grpc-timeout',
    recognise: (text) =>
      /^timeout: (failed to connect service|health rpc did not complete)/i.test(text) ? { title: 'No gRPC health answer within timeoutSeconds' } : undefined,
    messages: [
      { text: 'timeout: failed to connect service "<address>" within <timeout>: <err>', printedBy: 'kubelet-grpc', example: 'timeout: failed to connect service "10.244.1.23:9090" within 1s: context deadline exceeded' },
      { text: 'timeout: health rpc did not complete within <timeout>', printedBy: 'kubelet-grpc', example: 'timeout: health rpc did not complete within 1s' },
    ],
    causes: 'The gRPC connection or the health call did not finish within timeoutSeconds.',
    advice: 'The gRPC health check did not finish within timeoutSeconds: measure it and raise timeoutSeconds, or check that the port serves gRPC.',
  },
];
