/**
 * What calico-kube-controllers' `check-status -l`/`-r` prints when it fails: the reasons of its
 * not-ready conditions, joined by "; " (projectcalico/calico `kube-controllers/cmd/check-status/main.go`;
 * the reasons are set in `kube-controllers/cmd/kube-controllers/main.go` `main` and `runHealthChecks`),
 * and the datastore errors Calico's clients log.
 */
import type { CalicoFailure } from './types';

export const KUBE_CONTROLLERS_FAILURES: readonly CalicoFailure[] = [
  {
    id: 'datastore-unauthorized',
    recognise: (text) => (/connection is unauthorized|Unauthorized/i.test(text) ? { title: 'Unauthorized to the datastore' } : undefined),
    messages: [],
    causes: 'The service-account token Calico uses is stale or invalid, or the RBAC that lets it read Calico\'s resources is missing.',
    advice:
      'The service-account token is stale or invalid, or RBAC is missing: recreate the pod (new token) and check the Calico ClusterRole bindings.',
  },
  {
    id: 'datastore-unreachable',
    recognise: (text) =>
      /Error initializing datastore|datastore/i.test(text) && /timeout|deadline|refused|unreachable|no route/i.test(text)
        ? { title: 'Cannot reach the datastore (kube-apiserver)' }
        : undefined,
    messages: [
      {
        text: 'Error initializing datastore: <err>',
        printedBy: 'check-status',
        versions: 'v3.25+',
        example:
          'Error initializing datastore: Get "https://10.96.0.1:443/apis/crd.projectcalico.org/v1/clusterinformations/default": dial tcp 10.96.0.1:443: i/o timeout',
      },
    ],
    causes: 'kube-controllers cannot reach the kube-apiserver (service routing, e.g. dial tcp 10.96.0.1:443: i/o timeout) or etcd.',
    advice:
      'calico-kube-controllers cannot reach kube-apiserver (service routing, kube-proxy, or a slow etcd). ' +
      'Check the kubernetes Service endpoints and kube-proxy on the node; the liveness check (v3.19+) restarts the pod.',
    sources: ['projectcalico/calico#6642', 'projectcalico/calico#2818', 'projectcalico/calico#3751'],
  },
  {
    id: 'datastore-check-failed',
    recognise: (text) => (/Error (?:initializing|verifying) datastore/i.test(text) ? { title: 'calico-kube-controllers cannot verify the datastore' } : undefined),
    messages: [
      {
        text: 'Error verifying datastore: <err>',
        printedBy: 'check-status',
        causes:
          'The periodic check of Calico\'s ClusterInformation failed. When the error is a network one (timeout, refused), the datastore is unreachable and is named so.',
        example:
          'Error verifying datastore: clusterinformations.crd.projectcalico.org "default" is forbidden: ' +
          'User "system:serviceaccount:kube-system:calico-kube-controllers" cannot get resource "clusterinformations"',
      },
    ],
    causes: 'The datastore answered but the check of Calico\'s resources (e.g. ClusterInformation) failed.',
    advice: 'Check the Calico CRDs and the RBAC of calico-kube-controllers.',
  },
  {
    id: 'apiserver-unhealthy',
    recognise: (text) => {
      if (!/Error reaching apiserver/i.test(text)) return undefined;
      const statusCode = /with http status code: (\d+)/i.exec(text)?.[1];
      // Status 0: the request got no answer at all.
      if (!statusCode || statusCode === '0') return { title: 'kube-apiserver did not answer its health check' };
      return { title: `kube-apiserver health check answered ${statusCode}`, details: { statusCode } };
    },
    messages: [
      {
        text: 'Error reaching apiserver: <err> with http status code: <N>',
        printedBy: 'check-status',
        // kube-controllers' main prints the datastore check's error here, not the /healthz one, so it is
        // usually <nil>.
        causes: 'The API server\'s /healthz answered with the error status shown (0: no answer); the error before it is the datastore check\'s, usually <nil>.',
        example: 'Error reaching apiserver: <nil> with http status code: 503',
      },
    ],
    causes: 'The API server\'s /healthz answered with an error status (0: no answer).',
    advice: 'Check the API server and the service account\'s permissions.',
  },
  {
    id: 'status-file-unreadable',
    recognise: (text) => {
      const match = /Failed to read status file (\S+?):/i.exec(text);
      return match ? { title: 'check-status cannot read the status file', details: { file: match[1]! } } : undefined;
    },
    messages: [
      {
        text: 'Failed to read status file /status/status.json: <err>',
        printedBy: 'check-status',
        example: 'Failed to read status file /status/status.json: open /status/status.json: no such file or directory',
      },
    ],
    causes: 'kube-controllers has not written its status yet (just started) or the file is not where -f says.',
    advice: 'Transient at start-up; otherwise check the container\'s command and -f.',
  },
];
