/**
 * Calico components as plain data: their health endpoints, the probes current Calico ships for
 * each (for snippets and for rules that compare), how their images and container names are
 * recognised, and how Felix reads a boolean. Reading a container of a manifest with these is
 * `manifest/calico-container.ts`.
 */
import type { CalicoComponent } from './calico-flags';
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

/** Felix's health server inside calico-node (projectcalico/calico v3.30 `felix/config/config_params.go`). */
const FELIX_HEALTH: HealthEndpointInfo = {
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

/** Typha's health server (projectcalico/calico v3.30 `typha/pkg/config/config_params.go`). */
const TYPHA_HEALTH: HealthEndpointInfo = {
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
const STANDARD_PROBES: readonly StandardProbes[] = [
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
  // Asked by most rules for every container on every check: a file names few images, each read once.
  if (componentByImage.has(image)) return componentByImage.get(image);
  if (componentByImage.size >= MAX_REMEMBERED_IMAGES) componentByImage.clear();
  const component = readComponentOfImage(image);
  componentByImage.set(image, component);
  return component;
}

const componentByImage = new Map<string, CalicoComponent | undefined>();
const MAX_REMEMBERED_IMAGES = 512;

function readComponentOfImage(image: string): CalicoComponent | undefined {
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

/** A container named like a Calico component (`calico-node` …) is that component. */
export function calicoComponentOfName(name: string | undefined): CalicoComponent | undefined {
  return name ? COMPONENT_NAMES[name] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Environment values

/** Backends with which calico-node never starts BIRD, so every `-bird*` check fails. */
export const NON_BGP_BACKENDS: readonly string[] = ['vxlan', 'none'];

/** Felix's boolean parameters: true/1/yes/y/t and false/0/no/n/f, any case; undefined otherwise. */
export function parseFelixBool(text: string): boolean | undefined {
  const v = text.trim().toLowerCase();
  if (['true', '1', 'yes', 'y', 't'].includes(v)) return true;
  if (['false', '0', 'no', 'n', 'f'].includes(v)) return false;
  return undefined;
}
