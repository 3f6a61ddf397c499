import type { SeverityOverride } from './rules/engine';
import { VENDOR_MANIFEST_MODES, type VendorManifests } from './knowledge/vendor-manifests';
import { isPodSecurityLevel, type PodSecurityLevel } from '../../core/src/kubernetes/pod-security';

/** The server's view of the `probeScope` settings section. */
export interface ServerSettings {
  readonly validation: { readonly enable: boolean };
  readonly completion: { readonly enable: boolean };
  readonly hover: { readonly enable: boolean };
  readonly rules: Readonly<Record<string, SeverityOverride>>;
  /** `probeScope.vendorManifests`: "quiet" shows only errors on documents unchanged from a known release (knowledge/vendor-manifests.ts). */
  readonly vendorManifests: VendorManifests;
  /** `probeScope.kubernetesVersion` as written: "latest", "1.29" or "context" (handlers/target-version.ts). */
  readonly kubernetesVersion: string;
  /** `probeScope.podSecurityLevel`: the Pod Security level when no Namespace in the file says one. */
  readonly podSecurityLevel: PodSecurityLevel | undefined;
  /** Rendering Helm charts (docs/helm.md): the helm executable (empty: `helm` on PATH) and the values files. */
  readonly helm: { readonly path: string; readonly valuesFiles: readonly string[] };
  /** `probeScope.kustomize.path`: the user's kustomize or kubectl for building kustomizations (empty: none; docs/kustomize.md). */
  readonly kustomize: { readonly path: string };
}

export const DEFAULT_SETTINGS: ServerSettings = {
  validation: { enable: true },
  completion: { enable: true },
  hover: { enable: true },
  rules: {},
  vendorManifests: 'quiet',
  kubernetesVersion: 'latest',
  podSecurityLevel: undefined,
  helm: { path: '', valuesFiles: ['values.yaml'] },
  kustomize: { path: '' },
};

const SEVERITIES = new Set(['off', 'error', 'warning', 'information', 'hint']);

/** Reads untrusted settings JSON defensively: a wrong value falls back to the default. */
export function readSettings(raw: unknown): ServerSettings {
  const section = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const flag = (name: string) => {
    const group = section[name];
    const enable = group && typeof group === 'object' ? (group as Record<string, unknown>).enable : undefined;
    return { enable: typeof enable === 'boolean' ? enable : true };
  };
  const rules: Record<string, SeverityOverride> = {};
  const rawRules = section.rules;
  if (rawRules && typeof rawRules === 'object') {
    for (const [id, value] of Object.entries(rawRules as Record<string, unknown>)) {
      if (typeof value === 'string' && SEVERITIES.has(value)) rules[id] = value as SeverityOverride;
    }
  }
  return {
    validation: flag('validation'),
    completion: flag('completion'),
    hover: flag('hover'),
    rules,
    vendorManifests: VENDOR_MANIFEST_MODES.find((mode) => mode === section.vendorManifests) ?? 'quiet',
    helm: readHelm(section.helm),
    kustomize: { path: stringIn(section.kustomize, 'path') },
    kubernetesVersion: typeof section.kubernetesVersion === 'string' ? section.kubernetesVersion : 'latest',
    podSecurityLevel: isPodSecurityLevel(section.podSecurityLevel) ? section.podSecurityLevel : undefined,
  };
}

/** A trimmed string setting inside a group, else empty. */
function stringIn(group: unknown, key: string): string {
  const value = group && typeof group === 'object' ? (group as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value.trim() : '';
}

function readHelm(raw: unknown): ServerSettings['helm'] {
  const group = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const path = typeof group.path === 'string' ? group.path.trim() : '';
  const files = Array.isArray(group.valuesFiles) ? group.valuesFiles.filter((f): f is string => typeof f === 'string' && f.trim() !== '') : undefined;
  return { path, valuesFiles: files && files.length > 0 ? files : DEFAULT_SETTINGS.helm.valuesFiles };
}
