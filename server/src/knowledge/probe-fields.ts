/**
 * The Kubernetes probe API as plain data (kubernetes/api `core/v1/types.go` on each release branch;
 * defaults from kubernetes `pkg/apis/core/v1/defaults.go`): every field under a probe, a handler
 * and a lifecycle hook, with its type, API default, minimum, since-version and our own doc text.
 * Validation, completion and hover all read this one table.
 */
import type { HandlerKind, LifecycleHookKind } from '../manifest/types';
import { type ProbeField } from '../../../core/src/probe/kinds';
import { TIMING_DEFAULTS } from '../../../core/src/probe/timing';
import { gateSince } from '../../../core/src/kubernetes/feature-gates';

export type FieldType = 'integer' | 'string' | 'int-or-string' | 'string-list' | 'object' | 'object-list';

export interface FieldInfo {
  readonly name: string;
  readonly type: FieldType;
  /** What the apiserver fills in when the field is unset (or 0 for the defaulted numbers). */
  readonly default?: string;
  /** Smallest value the apiserver accepts, where it checks one. */
  readonly minimum?: number;
  /** Kubernetes version the field first appeared in (probe API), e.g. "1.23". */
  readonly since?: string;
  /** Our own explanation of the field. */
  readonly doc: string;
  /** Only on these probe kinds (terminationGracePeriodSeconds: liveness and startup). */
  readonly onlyFor?: readonly ProbeField[];
  readonly required?: boolean;
}

export interface ProbeKindInfo {
  readonly kind: ProbeField;
  readonly title: string;
  readonly since: string;
  readonly doc: string;
  /** What the kubelet does when the probe fails failureThreshold times in a row. */
  readonly onFailure: string;
}

export const PROBE_KIND_INFO: Readonly<Record<ProbeField, ProbeKindInfo>> = {
  livenessProbe: {
    kind: 'livenessProbe',
    title: 'Liveness probe',
    since: '1.0',
    doc: 'Tells the kubelet whether the container is still working. When it fails often enough in a row, the kubelet kills the container and the pod\'s restart policy decides what happens next.',
    onFailure: 'the container is restarted',
  },
  readinessProbe: {
    kind: 'readinessProbe',
    title: 'Readiness probe',
    since: '1.0',
    doc: 'Tells the kubelet whether the container can take traffic. While it fails, the pod is not Ready (shown as 0/1) and is taken out of Service endpoints; the container is not restarted.',
    onFailure: 'the pod is marked not Ready and removed from Service endpoints',
  },
  startupProbe: {
    kind: 'startupProbe',
    title: 'Startup probe',
    since: '1.20 (beta 1.18, alpha 1.16)',
    doc: 'Holds back the liveness and readiness probes until the container has started. While it has not succeeded no other probe runs; if it fails often enough in a row the container is restarted, like a liveness failure.',
    onFailure: 'the container is restarted',
  },
};

/** Timing fields of a probe, in the order a person usually writes them. */
export const PROBE_TIMING_FIELDS: readonly FieldInfo[] = [
  {
    name: 'initialDelaySeconds',
    type: 'integer',
    default: String(TIMING_DEFAULTS.initialDelaySeconds),
    minimum: 0,
    since: '1.0',
    doc: 'Seconds after the container starts during which the kubelet skips this probe\'s checks; the first check comes at the probe\'s next tick, up to one period later. With a startup probe, liveness and readiness wait for it anyway, so a delay is rarely needed there.',
  },
  {
    name: 'periodSeconds',
    type: 'integer',
    default: String(TIMING_DEFAULTS.periodSeconds),
    minimum: 1,
    since: '1.0',
    doc: 'Seconds between two checks. 0 is accepted and becomes 10.',
  },
  {
    name: 'timeoutSeconds',
    type: 'integer',
    default: String(TIMING_DEFAULTS.timeoutSeconds),
    minimum: 1,
    since: '1.0',
    doc: 'Seconds one check may take before it counts as failed. 0 is accepted and becomes 1. Exec probes honour it since Kubernetes 1.20; a loaded node easily needs more than 1 s for an exec probe.',
  },
  {
    name: 'successThreshold',
    type: 'integer',
    default: String(TIMING_DEFAULTS.successThreshold),
    minimum: 1,
    since: '1.0',
    doc: 'Consecutive successes needed to count as healthy again after a failure. Must be 1 for liveness and startup probes. 0 is accepted and becomes 1.',
  },
  {
    name: 'failureThreshold',
    type: 'integer',
    default: String(TIMING_DEFAULTS.failureThreshold),
    minimum: 1,
    since: '1.0',
    doc: 'Consecutive failures needed before the probe counts as failed. 0 is accepted and becomes 3.',
  },
  {
    name: 'terminationGracePeriodSeconds',
    type: 'integer',
    minimum: 1,
    since: gateSince('ProbeTerminationGracePeriod'),
    doc: 'Grace period, in seconds, for the kill that this probe\'s failure causes; overrides the pod\'s terminationGracePeriodSeconds. Must be greater than 0. Not allowed on readiness probes. Unset: the pod\'s value is used.',
    onlyFor: ['livenessProbe', 'startupProbe'],
  },
];

export interface HandlerInfo {
  readonly kind: HandlerKind;
  readonly since: string;
  readonly doc: string;
  readonly fields: readonly FieldInfo[];
  /** YAML block snippet (LSP snippet syntax) for the handler's body. */
  readonly snippet: string;
}

export const HANDLER_INFO: Readonly<Record<HandlerKind, HandlerInfo>> = {
  exec: {
    kind: 'exec',
    since: '1.0',
    doc: 'Runs a command inside the container; exit code 0 means healthy. The command is run directly, not through a shell: pipes, `&&`, redirections and `$VAR` do nothing unless you call `sh -c`. The working directory is `/`.',
    fields: [
      {
        name: 'command',
        type: 'string-list',
        required: true,
        since: '1.0',
        doc: 'The command and its arguments, one list item each. Must not be empty. `$(VAR)` is expanded from the container\'s literal env values.',
      },
    ],
    snippet: 'command:\n  - ${1:/bin/sh}\n  - ${2:-c}\n  - ${3:true}',
  },
  httpGet: {
    kind: 'httpGet',
    since: '1.0',
    doc: 'Sends an HTTP GET from the node to the container; any status from 200 to 399 means healthy. HTTPS does not verify certificates. Proxy environment variables do not apply.',
    fields: [
      { name: 'path', type: 'string', default: '/', since: '1.0', doc: 'URL path to request. Empty becomes "/".' },
      {
        name: 'port',
        type: 'int-or-string',
        required: true,
        since: '1.0',
        doc: 'Port number (1–65535) or the name of one of the container\'s ports (an IANA service name: at most 15 lower-case letters, digits and hyphens, with at least one letter).',
      },
      {
        name: 'host',
        type: 'string',
        since: '1.0',
        doc: 'Host to connect to; defaults to the pod IP. To set a virtual host, prefer an httpHeaders entry for "Host". Note that "localhost" is only the container when the pod uses hostNetwork.',
      },
      { name: 'scheme', type: 'string', default: 'HTTP', since: '1.0', doc: 'HTTP or HTTPS (upper case exactly). Empty becomes HTTP.' },
      {
        name: 'httpHeaders',
        type: 'object-list',
        since: '1.0',
        doc: 'Extra request headers, each `{name, value}`. Names must be letters, digits and hyphens. Kubelet adds `User-Agent: kube-probe/<version>` and `Accept: */*` unless you set them.',
      },
    ],
    snippet: 'path: ${1:/healthz}\nport: ${2:8080}',
  },
  tcpSocket: {
    kind: 'tcpSocket',
    since: '1.0',
    doc: 'Opens a TCP connection from the node to the container; healthy if it connects.',
    fields: [
      {
        name: 'port',
        type: 'int-or-string',
        required: true,
        since: '1.0',
        doc: 'Port number (1–65535) or the name of one of the container\'s ports.',
      },
      { name: 'host', type: 'string', since: '1.0', doc: 'Host to connect to; defaults to the pod IP. Service names cannot be resolved here.' },
    ],
    snippet: 'port: ${1:8080}',
  },
  grpc: {
    kind: 'grpc',
    since: gateSince('GRPCContainerProbe'),
    doc: 'Calls the gRPC Health Checking Protocol (grpc.health.v1.Health/Check) on the pod IP, in plaintext; healthy if the answer is SERVING.',
    fields: [
      { name: 'port', type: 'integer', required: true, since: '1.23', doc: 'Port number (1–65535). Names are not allowed here.' },
      { name: 'service', type: 'string', default: '""', since: '1.23', doc: 'Service name put in the HealthCheckRequest. Empty asks for the server\'s overall health.' },
    ],
    snippet: 'port: ${1:9000}',
  },
  sleep: {
    kind: 'sleep',
    since: gateSince('PodLifecycleSleepAction'),
    doc: 'Lifecycle hooks only: pauses for the given number of seconds (a preStop delay without needing a shell in the image).',
    fields: [{ name: 'seconds', type: 'integer', required: true, since: '1.29', doc: 'Seconds to sleep; more than 0 and less than the pod\'s terminationGracePeriodSeconds.' }],
    snippet: 'seconds: ${1:5}',
  },
};

/** Fields of an `httpHeaders` item. */
export const HTTP_HEADER_FIELDS: readonly FieldInfo[] = [
  { name: 'name', type: 'string', required: true, since: '1.0', doc: 'Header name; letters, digits and hyphens.' },
  { name: 'value', type: 'string', required: true, since: '1.0', doc: 'Header value (not validated). An empty value removes a default header.' },
];

/**
 * Fields only newer clusters accept behind feature gates: not flagged as unknown (kubernetes/api
 * master `core/v1/types.go`: `GRPCAction.Mode`, gate GRPCContainerProbeTLS; `HTTPGetAction.Protocol`,
 * gate H2CContainerProbe).
 */
export const GATED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  grpc: ['mode'],
  httpGet: ['protocol'],
};

export const LIFECYCLE_HOOK_DOC: Readonly<Record<LifecycleHookKind, string>> = {
  postStart: 'Runs right after the container is created (not necessarily before its entrypoint). If it fails, the container is killed.',
  preStop: 'Runs before the container is stopped (on deletion, liveness failure, preemption…); it counts against the termination grace period.',
};

/**
 * Every key the API knows directly under a probe (any kind: readiness
 * terminationGracePeriodSeconds is a known field the apiserver rejects, not an unknown one).
 */
export const PROBE_KEYS: readonly string[] = ['exec', 'httpGet', 'tcpSocket', 'grpc', ...PROBE_TIMING_FIELDS.map((f) => f.name)];

export function timingField(name: string): FieldInfo | undefined {
  return PROBE_TIMING_FIELDS.find((f) => f.name === name);
}

export function handlerField(handler: HandlerKind, name: string): FieldInfo | undefined {
  return HANDLER_INFO[handler].fields.find((f) => f.name === name);
}
