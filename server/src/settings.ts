import type { SeverityOverride } from './rules/engine';

/** The server's view of the `probeScope` settings section. */
export interface ServerSettings {
  readonly validation: { readonly enable: boolean };
  readonly completion: { readonly enable: boolean };
  readonly hover: { readonly enable: boolean };
  readonly rules: Readonly<Record<string, SeverityOverride>>;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  validation: { enable: true },
  completion: { enable: true },
  hover: { enable: true },
  rules: {},
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
  return { validation: flag('validation'), completion: flag('completion'), hover: flag('hover'), rules };
}
