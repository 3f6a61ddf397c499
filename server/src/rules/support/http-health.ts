/**
 * Shared reading of an httpGet probe aimed at Felix (in calico-node) or Typha: which endpoint the
 * container's environment says is listening, and what the probe asks for.
 */
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import { healthEndpointOf, type HealthEndpointInfo } from '../../knowledge/calico-components';
import { envEntry, envFromMaySet, type DeclaredConfigMap, type EnvEntry } from '../../manifest/container-env';
import type { Container } from '../../manifest/types';
import type { CalicoProbe } from './calico-probes';

interface HttpHealthProbe {
  readonly cp: CalicoProbe;
  readonly endpoint: HealthEndpointInfo;
  readonly httpGet: YAMLMap;
}

/** httpGet probes of calico-node and calico-typha containers. */
export function httpHealthProbe(cp: CalicoProbe): HttpHealthProbe | undefined {
  const endpoint = healthEndpointOf(cp.component);
  if (!endpoint) return undefined;
  const handler = cp.probe.handlers.find((h) => h.kind === 'httpGet' && h.present);
  if (!handler || !isMap(handler.value)) return undefined;
  return { cp, endpoint, httpGet: handler.value };
}

/**
 * Port the daemon listens on per the env: a literal integer, the default, or undefined (unknown:
 * `valueFrom`, or an `envFrom` source that may set it; `configMaps` are the file's own).
 */
export function listeningPort(
  container: Container,
  endpoint: HealthEndpointInfo,
  configMaps?: readonly DeclaredConfigMap[],
): { port: number | undefined; entry: EnvEntry | undefined } {
  const entry = envEntry(container, endpoint.portEnv);
  if (!entry) return { port: envFromMaySet(container, endpoint.portEnv, configMaps) ? undefined : endpoint.defaultPort, entry };
  if (entry.value === undefined || !/^\d+$/.test(entry.value.trim())) return { port: undefined, entry };
  return { port: Number(entry.value.trim()), entry };
}

/** The probe's port as a number (named ports resolved through the container's ports). */
export function probePort(container: Container, httpGet: YAMLMap): { port: number | undefined; node: Node | undefined } {
  const node = httpGet.get('port', true) as Node | undefined;
  if (!isScalar(node)) return { port: undefined, node: undefined };
  if (typeof node.value === 'number') return { port: node.value, node };
  if (typeof node.value === 'string') {
    const named = container.ports.find((p) => p.name === node.value);
    return { port: named?.containerPort, node };
  }
  return { port: undefined, node };
}

/** Whether a probe depends on the daemon's health server (httpGet to it, or a Felix exec check). */
export function usesHealthServer(cp: CalicoProbe): boolean {
  if (httpHealthProbe(cp)) return true;
  return cp.component === 'calico-node' && !!cp.health?.checks.some((c) => c.flag?.target === 'felix');
}
