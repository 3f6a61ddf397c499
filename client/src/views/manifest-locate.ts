/**
 * "Reveal probe in manifest": find the DaemonSet that owns a pod in a YAML text and the probe of its
 * calico-node container. Pure (text in, offsets out) so it is tested without an editor.
 */
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Pair } from 'yaml';
import type { ProbeKind } from '../../../core/src/probe/kinds';

export interface ManifestMatch {
  /** Offsets of the probe key through the end of its value; the DaemonSet name when the probe is absent. */
  readonly start: number;
  readonly end: number;
  /** False when the DaemonSet was found but its container has no such probe. */
  readonly probeFound: boolean;
}

function get(node: unknown, key: string): unknown {
  return isMap(node) ? node.get(key, true) : undefined;
}

function pairOf(node: unknown, key: string): Pair | undefined {
  if (!isMap(node)) return undefined;
  return node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key) as Pair | undefined;
}

function str(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

export function findDaemonSetProbe(text: string, daemonSetName: string, containerName: string, kind: ProbeKind | undefined): ManifestMatch | undefined {
  // A cheap pre-check keeps workspace scans fast: most YAML files never mention the name.
  if (!text.includes(daemonSetName) || !/kind:\s*['"]?DaemonSet/.test(text)) return undefined;
  for (const doc of parseAllDocuments(text, { keepSourceTokens: false })) {
    if (!('contents' in doc) || !isMap(doc.contents)) continue;
    const root = doc.contents;
    if (str(get(root, 'kind')) !== 'DaemonSet') continue;
    const nameNode = get(get(root, 'metadata'), 'name');
    if (str(nameNode) !== daemonSetName) continue;
    const containers = get(get(get(get(root, 'spec'), 'template'), 'spec'), 'containers');
    const items = isSeq(containers) ? containers.items : [];
    const container = items.find((c) => str(get(c, 'name')) === containerName) ?? (items.length === 1 ? items[0] : undefined);
    const key = kind ? `${kind}Probe` : undefined;
    const pair = key ? pairOf(container, key) : undefined;
    if (pair && isScalar(pair.key) && pair.key.range) {
      const value = pair.value as { range?: [number, number, number] } | null;
      return { start: pair.key.range[0], end: value?.range ? value.range[1] : pair.key.range[1], probeFound: true };
    }
    const anchor = (isScalar(get(container, 'name')) ? get(container, 'name') : nameNode) as { range?: [number, number, number] };
    if (anchor.range) return { start: anchor.range[0], end: anchor.range[1], probeFound: false };
  }
  return undefined;
}
