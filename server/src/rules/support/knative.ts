/**
 * Knative Serving's own handling of probes in its Service, Configuration and Revision, where it
 * differs from kube-apiserver's (core/src/kubernetes/workload-kinds.ts says which pod specs it
 * validates; docs/crds.md lists every difference). From knative/serving (v1.23):
 * - `pkg/apis/serving/k8s_validation.go` `ValidatePodSpec`: the serving container is the only
 *   container, or the one that declares ports; `validateContainersPorts` names its port `http`
 *   when the first declared port has no name (or there is none).
 * - `validateProbe` with `isUserContainer`: an httpGet/tcpSocket port may be left out or be any
 *   number; a named port must be the serving port's name ("Probe port must match container port").
 * - `pkg/reconciler/revision/resources/deploy.go`: httpGet/tcpSocket/grpc readiness probes are run
 *   by the queue-proxy (removed from the pod); `rewriteUserLivenessProbe` sets a liveness probe's
 *   httpGet/tcpSocket port to the user port. Startup probes are passed on as written, so the
 *   apiserver still checks them when Knative creates the Deployment.
 * - `pkg/apis/serving/v1/revision_defaults.go` `applyUserContainerDefaultReadinessProbe`: a
 *   serving container's readiness probe without a handler gets a tcpSocket one.
 */
import type { Node, Pair, Scalar, YAMLMap } from 'yaml';
import type { Container, HandlerHolder, HandlerKind } from '../../manifest/types';
import { KNATIVE_DEFAULT_PORT_NAME } from '../../../../core/src/kubernetes/workload-kinds';
import { removePair, replaceNode } from './edits';
import { spanOf } from './spans';
import { stringValue } from './values';
import type { Finding } from '../types';

/** The container Knative routes traffic to (its "user container"), in a pod spec Knative validates. */
function isKnativeServingContainer(container: Container): boolean {
  const podSpec = container.podSpec;
  if (podSpec.validation !== 'knative-serving' || container.listKey !== 'containers') return false;
  const regular = podSpec.containers.filter((c) => c.listKey === 'containers');
  return regular.length === 1 || container.ports.length > 0;
}

/** The serving port's name as Knative sees it: the first declared port's name, else `http`. */
function servingPortName(container: Container): string {
  const first = container.podSpec.containers.find((c) => c.listKey === 'containers' && c.ports.length > 0)?.ports[0];
  return first?.name || KNATIVE_DEFAULT_PORT_NAME;
}

/**
 * Whether Knative, not the apiserver, decides this probe handler's port: httpGet and tcpSocket in
 * the serving container's liveness and readiness probes.
 */
export function knativeOwnsProbePort(holder: HandlerHolder & { kind: string }, handler: HandlerKind): boolean {
  if (holder.kind !== 'livenessProbe' && holder.kind !== 'readinessProbe') return false;
  return (handler === 'httpGet' || handler === 'tcpSocket') && isKnativeServingContainer(holder.container);
}

/**
 * A serving container's readiness probe that the queue-proxy runs instead of the kubelet (httpGet,
 * tcpSocket, grpc): what the kubelet's probe clock does with its timings does not apply.
 */
export function knativeQueueProxyRuns(probe: HandlerHolder & { kind: string }): boolean {
  if (probe.kind !== 'readinessProbe' || !isKnativeServingContainer(probe.container)) return false;
  return probe.handlers.some((h) => h.present && (h.kind === 'httpGet' || h.kind === 'tcpSocket' || h.kind === 'grpc'));
}

/** A serving container's readiness probe with no handler: Knative's defaulting adds a tcpSocket one. */
export function knativeDefaultsReadinessHandler(holder: HandlerHolder & { kind: string }): boolean {
  return holder.kind === 'readinessProbe' && isKnativeServingContainer(holder.container);
}

/**
 * Knative's own check of a port it owns: a name other than the serving port's is rejected by its
 * webhook (`validateProbe`); a number or no port is accepted (Knative uses the user port).
 */
export function knativePortFindings(ruleId: string, text: string, path: string, handler: YAMLMap, pair: Pair<Scalar, unknown> | undefined, container: Container): Finding[] {
  const value = pair?.value as Node | null | undefined;
  const name = stringValue(value ?? null);
  if (!pair || !value || name === undefined) return [];
  const expected = servingPortName(container);
  if (name === expected) return [];
  return [
    {
      ruleId,
      severity: 'error',
      message:
        `invalid value: ${name}: ${path}: Probe port must match container port. ` +
        `Knative Serving's webhook rejects this: a named probe port must be the serving port's name (${JSON.stringify(expected)}). Leave the port out and Knative probes the serving port.`,
      span: spanOf(value),
      fixes: [
        { title: `Use the serving port name "${expected}"`, edits: [replaceNode(value, expected)], preferred: true },
        { title: 'Remove the port (Knative fills in the serving port)', edits: [removePair(text, handler, pair)] },
      ],
    },
  ];
}
