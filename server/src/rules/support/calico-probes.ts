/**
 * What every Calico rule walks: the probes of Calico containers, with the exec command parsed
 * the way the binary parses it. Also reading and setting a probe's integer fields.
 */
import { isScalar, type Node, type YAMLMap } from 'yaml';
import { parseCalicoHealthCommand, type ParsedHealthCommand } from '../../knowledge/calico-command';
import type { CalicoComponent, CheckProbeKind } from '../../knowledge/calico-flags';
import { calicoComponentOf } from '../../manifest/calico-container';
import { execCommandOf, type ExecCommand } from '../../manifest/exec-command';
import type { Container, ManifestDocument, Probe } from '../../manifest/types';
import { insertPair, replaceNode } from './edits';
import type { Edit } from '../types';
import { containersOf } from './walk';
import { type ProbeField } from '../../../../core/src/probe/kinds';

export interface CalicoProbe {
  readonly container: Container;
  readonly component: CalicoComponent;
  readonly probe: Probe;
  /** The exec command, when the probe has an exec handler with a `command` list. */
  readonly exec: ExecCommand | undefined;
  /** The parsed health command, when the exec command is one. */
  readonly health: ParsedHealthCommand | undefined;
}

/**
 * Probes of Calico containers whose handlers the kubelet runs: regular containers and sidecars
 * (init and ephemeral containers cannot carry probes; the apiserver rules report those).
 */
export function* calicoProbes(doc: ManifestDocument): Generator<CalicoProbe> {
  for (const container of containersOf(doc)) {
    if (container.kind === 'init' || container.kind === 'ephemeral') continue;
    const component = calicoComponentOf(container);
    if (!component) continue;
    for (const probe of container.probes) {
      const exec = execCommandOf(probe);
      yield { container, component, probe, exec, health: exec ? parseCalicoHealthCommand(exec.argv) : undefined };
    }
  }
}

/** liveness / readiness for those probes; a startup probe may use either kind of check. */
export function checkKindOf(kind: ProbeField): CheckProbeKind | undefined {
  if (kind === 'livenessProbe') return 'liveness';
  if (kind === 'readinessProbe') return 'readiness';
  return undefined;
}

/** A probe's integer field as written, or undefined when unset / not a number. */
export function probeNumber(probe: Probe, key: string): { value: number | undefined; node: Node | undefined } {
  const node = probe.node?.get(key, true) as Node | undefined;
  return { value: isScalar(node) && typeof node.value === 'number' ? node.value : undefined, node: node ?? undefined };
}

/** Sets an integer field of a probe map, replacing the value or adding the field at the end. */
export function setProbeField(text: string, map: YAMLMap, key: string, value: number): Edit {
  const existing = map.get(key, true) as Node | undefined;
  if (existing && isScalar(existing) && existing.range) return replaceNode(existing, String(value));
  return insertPair(text, map, key, String(value));
}
