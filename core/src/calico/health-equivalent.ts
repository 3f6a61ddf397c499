/**
 * calico-node's own health check that asks the same endpoint as an httpGet probe on Felix's health
 * port. The tigera operator gives calico-node `httpGet localhost:9099/liveness` (tigera/operator
 * v1.36.0 `pkg/render/node.go` nodeLivenessReadinessProbes; the readiness probe stays an exec of
 * `-bird-ready -felix-ready`, or `-felix-ready` without BGP). `calico-node -felix-live` /
 * `-felix-ready` GET `http://$FELIX_HEALTHHOST:$FELIX_HEALTHPORT/liveness|readiness` (defaults
 * localhost and 9099) and fail outside 200–399, as the kubelet does (projectcalico/calico v3.26.0
 * `node/pkg/health/health.go` init and checkFelixHealth). calico-node runs with hostNetwork, so
 * localhost inside its container is the node's: the exec'd check reaches the very server the kubelet
 * probes. Calico v3.31+ images ship one `/usr/bin/calico` binary whose `component node health` takes
 * the same flags with two dashes (tigera/operator master `pkg/render/node.go` nodeProbes).
 */
import type { ProbeHandler } from '../probe/effective-probe';

const FELIX_DEFAULT_HEALTH_PORT = 9099;

const CHECK_OF_PATH: Record<string, 'felix-live' | 'felix-ready'> = { '/liveness': 'felix-live', '/readiness': 'felix-ready' };
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

export interface HealthEquivalent {
  /** The command to exec in the calico-node container instead of the HTTP request. */
  readonly command: readonly string[];
  /** What the kubelet runs, e.g. `GET http://localhost:9099/liveness`. */
  readonly replaces: string;
  /** Why the two answer alike, for the consent dialog and the result. */
  readonly why: string;
}

/** The binary form the container's other probes use: `/usr/bin/calico component node health` or `/bin/calico-node`. */
function checkCommand(check: string, siblingCommands: readonly (readonly string[])[]): string[] {
  const combined = siblingCommands.find((command) => /\/calico$/.test(command[0] ?? '') && command.includes('health'));
  if (combined) return [combined[0]!, 'component', 'node', 'health', `--${check}`];
  const classic = siblingCommands.find((command) => /calico-node$/.test(command[0] ?? ''));
  return [classic?.[0] ?? '/bin/calico-node', `-${check}`];
}

/**
 * The exec equivalent of an httpGet on calico-node's Felix health port, or undefined when the probe
 * asks something else (another port, path or host, or another container).
 */
export function calicoHealthEquivalent(
  containerName: string,
  handler: ProbeHandler,
  siblingCommands: readonly (readonly string[])[],
  felixHealthPort: number = FELIX_DEFAULT_HEALTH_PORT,
): HealthEquivalent | undefined {
  if (containerName !== 'calico-node' || handler.type !== 'httpGet') return undefined;
  if (Number(handler.port) !== felixHealthPort || handler.scheme.toUpperCase() !== 'HTTP') return undefined;
  if (handler.host !== undefined && !LOCAL_HOSTS.has(handler.host)) return undefined;
  const path = handler.path.startsWith('/') ? handler.path : `/${handler.path}`;
  const check = CHECK_OF_PATH[path];
  if (!check) return undefined;
  const command = checkCommand(check, siblingCommands);
  const replaces = `GET http://${handler.host ?? 'localhost'}:${handler.port}${path}`;
  const why =
    `The kubelet's probe is ${replaces}, Felix's health endpoint. calico-node runs with the node's network, and ` +
    `${command.join(' ')} asks that same endpoint from inside it (FELIX_HEALTHPORT, default ${FELIX_DEFAULT_HEALTH_PORT}) and fails outside ` +
    '200–399 like the kubelet, so its answer is the probe\'s answer; it needs pods/exec only, no port-forward.' +
    (check === 'felix-ready' ? ' Felix\'s /readiness reports Felix\'s components, not BIRD: the check adds no -bird-ready, as the probe has none.' : '');
  return { command, replaces, why };
}
