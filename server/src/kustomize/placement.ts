/**
 * Where a finding of the merged result belongs: the value's own place (provenance.ts) when a patch
 * wrote it; else, when the base wrote it, the nearest patch that changed its surroundings (the
 * handler a patch added next to the base's, the probe a patch merged into), since a base that is
 * valid on its own is not where one overlay's breakage gets fixed. The other contributors become
 * related locations.
 */
import type { RenderedSpan } from './render';
import type { Origin, TreeEntry, TreeMap, TreeNode } from './provenance';

export interface Placement {
  /** Where the finding is reported. */
  readonly at: Origin;
  /** The entry whose key or value the finding is about, if any. */
  readonly entry: TreeEntry | undefined;
  /** The map holding the entry (a probe, a container): its other entries are the other contributors. */
  readonly holder: TreeMap | undefined;
}

/** The place of the value itself: a key's latest writer (a patch merging into a base key), else the value's origin. */
export function naturalPlace(span: RenderedSpan): Placement {
  const holder = lastMap(span.ancestors);
  if (span.entry) return { at: span.entry.patchKeys?.at(-1) ?? span.entry.keyOrigin, entry: span.entry, holder };
  const entry = span.entries.at(-1);
  return { at: span.node.origin, entry: entry?.value === span.node ? entry : undefined, holder };
}

/** From a base value out to the nearest patch that changed the maps and lists around it; undefined when none did. */
export function patchPlace(span: RenderedSpan): Placement | undefined {
  const chain: TreeNode[] = [...span.ancestors];
  if (span.node.kind !== 'scalar' && !span.entry) chain.push(span.node);
  for (let i = chain.length - 1; i >= 0; i--) {
    const node = chain[i]!;
    if (node.kind === 'map') {
      const entry = node.entries.find((e) => e.keyOrigin.role === 'patch' || e.patchKeys?.length);
      if (entry) return { at: entry.patchKeys?.at(-1) ?? entry.keyOrigin, entry, holder: node };
    }
    if (node.kind !== 'scalar') {
      const touched = node.touched?.at(-1);
      if (touched) return { at: touched, entry: undefined, holder: node.kind === 'map' ? node : undefined };
    }
  }
  return undefined;
}

function lastMap(nodes: readonly TreeNode[]): TreeMap | undefined {
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    if (node.kind === 'map') return node;
  }
  return undefined;
}

/** The other entries of the holder that another file (or another place) wrote: what the patch met in the base. */
export function otherContributors(placement: Placement): { key: string; origin: Origin }[] {
  if (!placement.holder) return [];
  const out: { key: string; origin: Origin }[] = [];
  for (const entry of placement.holder.entries) {
    if (entry === placement.entry) continue;
    const origin = entry.patchKeys?.at(-1) ?? entry.keyOrigin;
    if (origin.file !== placement.at.file) out.push({ key: entry.key, origin });
  }
  return out;
}

export function sameOrigin(a: Origin, b: Origin): boolean {
  return a.file === b.file && a.start === b.start && a.end === b.end;
}
