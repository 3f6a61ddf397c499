/**
 * Probe and lifecycle cases written as pods, for comparing `probe-scope lint` with a real apiserver:
 * every field the versions table knows (grpc, probe terminationGracePeriodSeconds, sidecars, sleep,
 * stopSignal, restartPolicy, restartPolicyRules) and the classic mistakes of each handler and timing.
 * Each case is the pod's spec; `app` is a container with a named port `http` (8080).
 */

export interface ProbeCase {
  readonly name: string;
  /** Merged into the `app` container. */
  readonly app?: Record<string, unknown>;
  /** Extra pod spec fields (initContainers, terminationGracePeriodSeconds…). */
  readonly pod?: Record<string, unknown>;
  /** Sent as a Deployment's pod template instead of a Pod. */
  readonly deployment?: boolean;
}

const exec = { exec: { command: ['true'] } };
const http = { httpGet: { path: '/healthz', port: 8080 } };

export const PROBE_CASES: readonly ProbeCase[] = [
  { name: 'exec liveness', app: { livenessProbe: exec } },
  { name: 'httpGet readiness on a named port', app: { readinessProbe: { httpGet: { path: '/', port: 'http' } } } },
  { name: 'tcpSocket startup', app: { startupProbe: { tcpSocket: { port: 8080 }, failureThreshold: 30 } } },
  { name: 'grpc only', app: { livenessProbe: { grpc: { port: 9000 } } } },
  { name: 'grpc and exec', app: { livenessProbe: { ...exec, grpc: { port: 9000 } } } },
  { name: 'grpc with a named port', app: { readinessProbe: { grpc: { port: 'http' } } } },
  { name: 'liveness terminationGracePeriodSeconds', app: { livenessProbe: { ...exec, terminationGracePeriodSeconds: 5 } } },
  { name: 'readiness terminationGracePeriodSeconds', app: { readinessProbe: { ...exec, terminationGracePeriodSeconds: 5 } } },
  { name: 'liveness terminationGracePeriodSeconds 0', app: { livenessProbe: { ...exec, terminationGracePeriodSeconds: 0 } } },
  { name: 'preStop sleep', app: { lifecycle: { preStop: { sleep: { seconds: 5 } } } } },
  { name: 'preStop sleep and exec', app: { lifecycle: { preStop: { ...exec, sleep: { seconds: 5 } } } } },
  { name: 'postStart sleep 0', app: { lifecycle: { postStart: { sleep: { seconds: 0 } } } } },
  { name: 'stopSignal', app: { lifecycle: { stopSignal: 'SIGUSR1' } } },
  { name: 'sidecar with a readiness probe', pod: { initContainers: [{ name: 'proxy', image: 'busybox', restartPolicy: 'Always', readinessProbe: exec }] } },
  { name: 'sidecar with a grpc liveness probe', pod: { initContainers: [{ name: 'proxy', image: 'busybox', restartPolicy: 'Always', livenessProbe: { grpc: { port: 9000 } } }] } },
  { name: 'sidecar with a preStop sleep', pod: { initContainers: [{ name: 'proxy', image: 'busybox', restartPolicy: 'Always', lifecycle: { preStop: { sleep: { seconds: 3 } } } }] } },
  { name: 'init container with a liveness probe', pod: { initContainers: [{ name: 'setup', image: 'busybox', livenessProbe: exec }] } },
  { name: 'init container with a startup probe and lifecycle', pod: { initContainers: [{ name: 'setup', image: 'busybox', startupProbe: http, lifecycle: { postStart: exec } }] } },
  { name: 'init container probe without a handler', pod: { initContainers: [{ name: 'setup', image: 'busybox', readinessProbe: { periodSeconds: 5 } }] } },
  { name: 'sidecar liveness successThreshold 2', pod: { initContainers: [{ name: 'proxy', image: 'busybox', restartPolicy: 'Always', livenessProbe: { ...exec, successThreshold: 2 } }] } },
  { name: 'init container restartPolicy OnFailure', pod: { initContainers: [{ name: 'setup', image: 'busybox', restartPolicy: 'OnFailure' }] } },
  { name: 'regular container restartPolicy', app: { restartPolicy: 'Always' } },
  { name: 'restartPolicyRules', app: { restartPolicy: 'Never', restartPolicyRules: [{ action: 'Restart', exitCodes: { operator: 'In', values: [42] } }] } },
  { name: 'probe without a handler', app: { livenessProbe: { periodSeconds: 5 } } },
  { name: 'probe with exec and httpGet', app: { readinessProbe: { ...exec, ...http } } },
  { name: 'hook without a handler', app: { lifecycle: { preStop: {} } } },
  { name: 'hook with httpGet', app: { lifecycle: { preStop: http } } },
  { name: 'negative initialDelaySeconds', app: { livenessProbe: { ...exec, initialDelaySeconds: -1 } } },
  { name: 'negative timeoutSeconds', app: { readinessProbe: { ...exec, timeoutSeconds: -1 } } },
  { name: 'zero periodSeconds (defaulted)', app: { livenessProbe: { ...exec, periodSeconds: 0 } } },
  { name: 'liveness successThreshold 2', app: { livenessProbe: { ...exec, successThreshold: 2 } } },
  { name: 'startup successThreshold 2', app: { startupProbe: { ...exec, successThreshold: 2 } } },
  { name: 'readiness successThreshold 3', app: { readinessProbe: { ...exec, successThreshold: 3 } } },
  { name: 'httpGet port 0', app: { livenessProbe: { httpGet: { port: 0 } } } },
  { name: 'httpGet port 70000', app: { livenessProbe: { httpGet: { port: 70000 } } } },
  { name: 'tcpSocket port name with an underscore', app: { livenessProbe: { tcpSocket: { port: 'my_port' } } } },
  { name: 'httpGet scheme in lower case', app: { livenessProbe: { httpGet: { port: 8080, scheme: 'https' } } } },
  { name: 'exec with an empty command', app: { livenessProbe: { exec: { command: [] } } } },
  { name: 'httpHeaders name with a space', app: { readinessProbe: { httpGet: { port: 8080, httpHeaders: [{ name: 'X Bad', value: 'v' }] } } } },
  { name: 'misspelled field', app: { livenessProbe: { ...exec, initialDelaySecond: 5 } } },
  { name: 'periodSeconds as a string', app: { livenessProbe: { ...exec, periodSeconds: '10' } } },
  { name: 'grace period and sleep within the pod grace', app: { livenessProbe: { ...exec, terminationGracePeriodSeconds: 60 }, lifecycle: { preStop: { sleep: { seconds: 20 } } } }, pod: { terminationGracePeriodSeconds: 10 } },
  { name: 'Deployment: grpc readiness and a sidecar', deployment: true, app: { readinessProbe: { grpc: { port: 9000 } } }, pod: { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] } },
  { name: 'Deployment: liveness successThreshold 3 and a preStop without a handler', deployment: true, app: { livenessProbe: { ...exec, successThreshold: 3 }, lifecycle: { preStop: {} } } },
  { name: 'Deployment: valid tcpSocket liveness and exec preStop', deployment: true, app: { livenessProbe: { tcpSocket: { port: 'http' } }, lifecycle: { preStop: exec } } },
];
