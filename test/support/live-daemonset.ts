/** The DaemonSet the live-link tests apply to the real apiserver and write into files, with one readiness timeout. */
export const LIVE_NS = 'probe-scope-live-link';

export function liveDaemonSet(timeoutSeconds: number): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: live-drift
  namespace: ${LIVE_NS}
spec:
  selector:
    matchLabels:
      app: live-drift
  template:
    metadata:
      labels:
        app: live-drift
    spec:
      containers:
        - name: node
          image: registry.k8s.io/pause:3.9
          livenessProbe:
            httpGet: {path: /healthz, port: 9099}
          readinessProbe:
            exec:
              command: [/bin/calico-node, -felix-ready]
            timeoutSeconds: ${timeoutSeconds}
            periodSeconds: 10
`;
}
