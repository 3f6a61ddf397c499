/**
 * Calico components in a manifest (facts §2.3, §2.5, §2.7): how to recognise calico-node,
 * calico-kube-controllers and calico-typha containers, their health endpoints and environment,
 * the probes current Calico ships for each (for snippets and for rules that compare), and the
 * environment that decides which checks can pass (networking backend, IPv6).
 */
import { isMap, isScalar, isSeq, type Node, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Container, HandlerHolder } from '../manifest/types';
import type { FileFacts } from '../rules/types';
import type { CalicoComponent } from './calico-flags';
import { healthCommandForm } from './calico-command';
import { type ProbeField } from '../../../core/src/probe/kinds';

// ---------------------------------------------------------------------------------------------
// Health endpoints

export interface HealthEndpointInfo {
  readonly component: 'calico-node' | 'calico-typha';
  /** Must be "true" or nothing listens (the daemon's default is false). */
  readonly enabledEnv: string;
  readonly hostEnv: string;
  readonly portEnv: string;
  readonly defaultPort: number;
  readonly defaultHost: string;
  /** Port the operator uses on OpenShift. */
  readonly openShiftPort: number;
  readonly livenessPath: '/liveness';
  readonly readinessPath: '/readiness';
}

/** Felix's health server inside calico-node (C@v3.30 felix/config/config_params.go). */
export const FELIX_HEALTH: HealthEndpointInfo = {
  component: 'calico-node',
  enabledEnv: 'FELIX_HEALTHENABLED',
  hostEnv: 'FELIX_HEALTHHOST',
  portEnv: 'FELIX_HEALTHPORT',
  defaultPort: 9099,
  defaultHost: 'localhost',
  openShiftPort: 9199,
  livenessPath: '/liveness',
  readinessPath: '/readiness',
};

/** Typha's health server (C@v3.30 typha/pkg/config/config_params.go). */
export const TYPHA_HEALTH: HealthEndpointInfo = {
  component: 'calico-typha',
  enabledEnv: 'TYPHA_HEALTHENABLED',
  hostEnv: 'TYPHA_HEALTHHOST',
  portEnv: 'TYPHA_HEALTHPORT',
  defaultPort: 9098,
  defaultHost: 'localhost',
  openShiftPort: 9198,
  livenessPath: '/liveness',
  readinessPath: '/readiness',
};

export function healthEndpointOf(component: CalicoComponent): HealthEndpointInfo | undefined {
  if (component === 'calico-node') return FELIX_HEALTH;
  if (component === 'calico-typha') return TYPHA_HEALTH;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Probes Calico ships

export interface ProbeTiming {
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly failureThreshold?: number;
}

export type ProbeHandlerTemplate =
  | { readonly kind: 'exec'; readonly command: readonly string[] }
  | { readonly kind: 'httpGet'; readonly path: string; readonly port: number; readonly host?: string };

export interface ProbeTemplate {
  readonly handler: ProbeHandlerTemplate;
  readonly timing: ProbeTiming;
}

export interface StandardProbes {
  readonly id: string;
  readonly component: CalicoComponent;
  readonly label: string;
  /** calico-node only: the networking backend these probes are for. */
  readonly backends?: readonly string[];
  readonly versions: string;
  /** Not in any released Calico yet (projectcalico/calico master). */
  readonly unreleased?: boolean;
  readonly liveness: ProbeTemplate;
  readonly readiness: ProbeTemplate;
}

/** calico-node's exec timeout: 1 s (the Kubernetes default) up to v3.19, 10 s from v3.20 (calico#4788/#4789). */
export const CALICO_NODE_PROBE_TIMEOUT = { recommended: 10, oldDefault: 1, since: 'v3.20' } as const;

const NODE_LIVE_TIMING: ProbeTiming = { periodSeconds: 10, initialDelaySeconds: 10, failureThreshold: 6, timeoutSeconds: 10 };
const NODE_READY_TIMING: ProbeTiming = { periodSeconds: 10, timeoutSeconds: 10 };

/** What Calico v3.20–v3.32 manifests ship (identical across v3.24–v3.32 releases), plus master. */
export const STANDARD_PROBES: readonly StandardProbes[] = [
  {
    id: 'calico-node-bgp',
    component: 'calico-node',
    label: 'calico-node, BGP backend (calico_backend: bird)',
    backends: ['bird'],
    versions: 'v3.20–v3.32',
    liveness: { handler: { kind: 'exec', command: ['/bin/calico-node', '-felix-live', '-bird-live'] }, timing: NODE_LIVE_TIMING },
    readiness: { handler: { kind: 'exec', command: ['/bin/calico-node', '-felix-ready', '-bird-ready'] }, timing: NODE_READY_TIMING },
  },
  {
    id: 'calico-node-no-bgp',
    component: 'calico-node',
    label: 'calico-node, VXLAN or policy-only backend (calico_backend: vxlan / none)',
    backends: ['vxlan', 'none'],
    versions: 'v3.20–v3.32',
    liveness: { handler: { kind: 'exec', command: ['/bin/calico-node', '-felix-live'] }, timing: NODE_LIVE_TIMING },
    readiness: { handler: { kind: 'exec', command: ['/bin/calico-node', '-felix-ready'] }, timing: NODE_READY_TIMING },
  },
  {
    id: 'calico-node-bgp-component',
    component: 'calico-node',
    label: 'calico-node, BGP backend, unified calico binary (unreleased)',
    backends: ['bird'],
    versions: 'master after v3.32.1',
    unreleased: true,
    liveness: {
      handler: { kind: 'exec', command: ['calico', 'component', 'node', 'health', '--felix-live', '--bird-live'] },
      timing: NODE_LIVE_TIMING,
    },
    readiness: {
      handler: { kind: 'exec', command: ['calico', 'component', 'node', 'health', '--felix-ready', '--bird-ready'] },
      timing: NODE_READY_TIMING,
    },
  },
  {
    id: 'calico-typha',
    component: 'calico-typha',
    label: 'calico-typha',
    versions: 'v3.20–v3.32',
    liveness: {
      handler: { kind: 'httpGet', path: '/liveness', port: 9098, host: 'localhost' },
      timing: { periodSeconds: 30, initialDelaySeconds: 30, timeoutSeconds: 10 },
    },
    readiness: {
      handler: { kind: 'httpGet', path: '/readiness', port: 9098, host: 'localhost' },
      timing: { periodSeconds: 10, timeoutSeconds: 10 },
    },
  },
  {
    id: 'calico-kube-controllers',
    component: 'calico-kube-controllers',
    label: 'calico-kube-controllers',
    versions: 'v3.20–v3.32 (readiness ships without timeoutSeconds, i.e. 1 s)',
    liveness: {
      handler: { kind: 'exec', command: ['/usr/bin/check-status', '-l'] },
      timing: { periodSeconds: 10, initialDelaySeconds: 10, failureThreshold: 6, timeoutSeconds: 10 },
    },
    readiness: { handler: { kind: 'exec', command: ['/usr/bin/check-status', '-r'] }, timing: { periodSeconds: 10 } },
  },
];

/** The standard probes for a component (and, for calico-node, a backend; BGP when unknown). */
export function standardProbesFor(component: CalicoComponent, backend?: string): StandardProbes | undefined {
  const released = STANDARD_PROBES.filter((p) => p.component === component && !p.unreleased);
  if (component !== 'calico-node') return released[0];
  return released.find((p) => p.backends?.includes(backend ?? 'bird')) ?? released[0];
}

/**
 * Block-style YAML of a probe (`livenessProbe:` line and body), each line prefixed with `indent`.
 * Flags are written as one sequence item each, as Calico's manifests do.
 */
export function renderProbe(kind: ProbeField, probe: ProbeTemplate, indent = ''): string {
  const lines = [`${kind}:`];
  const h = probe.handler;
  if (h.kind === 'exec') {
    lines.push('  exec:', '    command:', ...h.command.map((arg) => `      - ${arg}`));
  } else {
    lines.push('  httpGet:', `    path: ${h.path}`, `    port: ${h.port}`);
    if (h.host) lines.push(`    host: ${h.host}`);
  }
  for (const key of ['periodSeconds', 'initialDelaySeconds', 'failureThreshold', 'timeoutSeconds'] as const) {
    const value = probe.timing[key];
    if (value !== undefined) lines.push(`  ${key}: ${value}`);
  }
  return lines.map((l) => indent + l).join('\n');
}

// ---------------------------------------------------------------------------------------------
// Recognising components

const COMPONENT_NAMES: Readonly<Record<string, CalicoComponent>> = {
  'calico-node': 'calico-node',
  'calico-kube-controllers': 'calico-kube-controllers',
  'calico-typha': 'calico-typha',
};

/** Last path segment of an image reference → component, when an earlier segment names Calico/Tigera. */
const IMAGE_LAST_SEGMENT: Readonly<Record<string, CalicoComponent>> = {
  node: 'calico-node',
  'cnx-node': 'calico-node',
  'kube-controllers': 'calico-kube-controllers',
  'cnx-kube-controllers': 'calico-kube-controllers',
  typha: 'calico-typha',
};

/**
 * `calico/node:v3.32.1`, `quay.io/calico/node@sha256:…`, `gcr.io/projectcalico-org/node`,
 * `docker.io/rancher/mirrored-calico-node` → calico-node; same for kube-controllers and typha.
 */
export function calicoComponentOfImage(image: string | undefined): CalicoComponent | undefined {
  if (!image) return undefined;
  let repo = image.trim().toLowerCase();
  const at = repo.indexOf('@');
  if (at >= 0) repo = repo.slice(0, at);
  const colon = repo.lastIndexOf(':');
  if (colon > repo.lastIndexOf('/')) repo = repo.slice(0, colon);
  const segments = repo.split('/');
  const last = segments[segments.length - 1]!;
  for (const [suffix, component] of Object.entries(COMPONENT_NAMES)) {
    if (last === suffix || last.endsWith(`-${suffix}`)) return component;
  }
  const byLast = IMAGE_LAST_SEGMENT[last];
  if (byLast && segments.slice(0, -1).some((s) => s.includes('calico') || s.includes('tigera'))) return byLast;
  return undefined;
}

/**
 * Which Calico component a container is: by the health command of one of its exec probes (the
 * strongest sign), else by image, else by container name.
 */
export function calicoComponentOf(container: Container): CalicoComponent | undefined {
  for (const probe of container.probes) {
    const exec = execCommandOf(probe);
    const form = exec && healthCommandForm(exec.argv);
    if (form) return form.form === 'calico-node' || form.form === 'calico-component-node' ? 'calico-node' : 'calico-kube-controllers';
  }
  return calicoComponentOfImage(container.image) ?? (container.name ? COMPONENT_NAMES[container.name] : undefined);
}

// ---------------------------------------------------------------------------------------------
// Exec commands and environment as written

export interface ExecCommand {
  /** The `command` sequence. */
  readonly seq: YAMLSeq;
  /** Item texts; '' for an item that is not a scalar. */
  readonly argv: readonly string[];
  /** Item nodes, parallel to argv. */
  readonly nodes: readonly Node[];
}

/** The exec command of a probe or hook, when it is a sequence. */
export function execCommandOf(holder: HandlerHolder): ExecCommand | undefined {
  const exec = holder.handlers.find((h) => h.kind === 'exec' && h.present);
  if (!exec || !isMap(exec.value)) return undefined;
  const seq = exec.value.get('command', true);
  if (!isSeq(seq)) return undefined;
  const nodes = seq.items as Node[];
  const argv = nodes.map((n) => (isScalar(n) && n.value != null ? String(n.value) : ''));
  return { seq, argv, nodes };
}

export interface EnvEntry {
  readonly name: string;
  /** The `{name, value|valueFrom}` map. */
  readonly item: YAMLMap;
  readonly nameNode: Scalar;
  /** Literal value, if any. */
  readonly value: string | undefined;
  readonly valueNode: Scalar | undefined;
  /** `valueFrom.configMapKeyRef` name and key, if used. */
  readonly configMapKeyRef?: { readonly name: string | undefined; readonly key: string | undefined };
}

/** The last `env` entry of that name (the kubelet lets the later one win). */
export function envEntry(container: Container, name: string): EnvEntry | undefined {
  const list = container.node.get('env', true);
  if (!isSeq(list)) return undefined;
  let found: EnvEntry | undefined;
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const nameNode = item.get('name', true);
    if (!isScalar(nameNode) || nameNode.value !== name) continue;
    const valueNode = item.get('value', true);
    const literal = isScalar(valueNode) && valueNode.value != null ? valueNode : undefined;
    const valueFrom = item.get('valueFrom', true);
    const ref = isMap(valueFrom) ? valueFrom.get('configMapKeyRef', true) : undefined;
    const refName = isMap(ref) ? ref.get('name', true) : undefined;
    const refKey = isMap(ref) ? ref.get('key', true) : undefined;
    found = {
      name,
      item,
      nameNode,
      value: literal ? String(literal.value) : undefined,
      valueNode: literal,
      configMapKeyRef: isMap(ref)
        ? {
            name: isScalar(refName) && refName.value != null ? String(refName.value) : undefined,
            key: isScalar(refKey) && refKey.value != null ? String(refKey.value) : undefined,
          }
        : undefined,
    };
  }
  return found;
}

/**
 * Whether the container also takes environment from `envFrom` (a ConfigMap or Secret): then a
 * variable not listed under `env` may still be set, and "unset, so the default" is not known.
 */
export function hasEnvFrom(container: Container): boolean {
  const list = container.node.get('envFrom', true);
  return isSeq(list) && list.items.length > 0;
}

export interface BackendInfo {
  /** `bird`, `vxlan`, `none` …; undefined when it cannot be known from this file (valueFrom
   *  a ConfigMap elsewhere, or unset with `envFrom`). */
  readonly backend: string | undefined;
  /** `env`: a literal CALICO_NETWORKING_BACKEND; `configmap`: from calico-config's calico_backend;
   *  `default`: not set, calico-node's default `bird`; `unresolved`: from a ConfigMap not in this file. */
  readonly source: 'env' | 'configmap' | 'default' | 'unresolved';
  readonly entry?: EnvEntry;
}

/**
 * The networking backend a calico-node container runs with, as the image's start-up script sees
 * it (C@master node/filesystem/etc/rc.local): a non-empty legacy `CALICO_NETWORKING` wins (`false`
 * → none, anything else → bird); the script compares exactly, so `VXLAN` still starts BIRD.
 */
export function networkingBackend(container: Container, facts: FileFacts): BackendInfo {
  const legacy = envEntry(container, 'CALICO_NETWORKING');
  if (legacy?.value) return { backend: legacy.value === 'false' ? 'none' : 'bird', source: 'env', entry: legacy };
  const entry = envEntry(container, 'CALICO_NETWORKING_BACKEND');
  if (!entry) return hasEnvFrom(container) ? { backend: undefined, source: 'unresolved' } : { backend: 'bird', source: 'default' };
  if (entry.value !== undefined) return { backend: entry.value, source: 'env', entry };
  if (entry.configMapKeyRef?.key === 'calico_backend' && facts.calicoBackend !== undefined) {
    return { backend: facts.calicoBackend, source: 'configmap', entry };
  }
  return { backend: undefined, source: 'unresolved', entry };
}

/** Backends with which calico-node never starts BIRD, so every `-bird*` check fails. */
export const NON_BGP_BACKENDS: readonly string[] = ['vxlan', 'none'];

/** Values Felix reads as false for a boolean parameter. */
const FALSE_WORDS = new Set(['false', 'f', '0', 'no', 'n']);

/**
 * The env entry that turns IPv6 off for this calico-node (`IP6: none` or `FELIX_IPV6SUPPORT`
 * false), or undefined when IPv6 may be on. BIRD6 still runs then (rc.local starts it with any
 * BGP backend) but has no IPv6 peers, so the `-bird6-*` checks look at nothing.
 */
export function ipv6Off(container: Container): EnvEntry | undefined {
  const ip6 = envEntry(container, 'IP6');
  if (ip6?.value !== undefined && ip6.value.trim().toLowerCase() === 'none') return ip6;
  const support = envEntry(container, 'FELIX_IPV6SUPPORT');
  if (support?.value !== undefined && FALSE_WORDS.has(support.value.trim().toLowerCase())) return support;
  return undefined;
}
