/**
 * Released vendor manifests, known by their probes: a document whose probes are byte-for-byte
 * (as data) what a Calico release ships is a file the user did not write, and works as shipped on
 * real clusters. With `probeScope.vendorManifests: "quiet"` (the default) such a document shows only
 * errors; its probes' hover names the release. Editing any probe changes the fingerprint, and the
 * document is the user's again: every finding comes back.
 *
 * The table (vendor-manifests.json) is generated from the shared corpus's released Calico manifests
 * by `scripts/vendor-fingerprints.ts`; each fingerprint lists the releases that ship it.
 */
import { createHash } from 'node:crypto';
import type { ManifestDocument } from '../manifest/types';
import table from './vendor-manifests.json';

/** `"quiet"`: only errors on documents unchanged from a known release; `"show"`: everything. */
export type VendorManifests = 'quiet' | 'show';
export const VENDOR_MANIFEST_MODES: readonly VendorManifests[] = ['quiet', 'show'];

const RELEASES = table.fingerprints as Readonly<Record<string, readonly string[]>>;

/** A value's canonical text, computed before. */
class Canonical {
  constructor(readonly text: string) {}
}

/** JSON with map keys sorted, so a reordered or restyled probe is still the same probe. */
function canonical(value: unknown): string {
  if (value instanceof Canonical) return value.text;
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(record[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const fingerprints = new WeakMap<ManifestDocument, string | null>();
/**
 * Each probe's canonical text, per probe node: an edit inside one item of a big List makes a new
 * document but keeps the other items' nodes (manifest/item-reparse.ts), whose probes are then not
 * read again. Nodes are never changed in place, only their ranges moved.
 */
const probeTexts = new WeakMap<object, Canonical>();

function probeText(node: { toJSON(): unknown }): Canonical {
  let text = probeTexts.get(node);
  if (!text) {
    text = new Canonical(canonical(node.toJSON()));
    probeTexts.set(node, text);
  }
  return text;
}

/**
 * The document's probes as one hash: its kind and name, and every probe (container name, probe
 * field, the probe as data). Undefined for a document without probes (nothing to quiet).
 */
export function probeFingerprint(document: ManifestDocument): string | undefined {
  let known = fingerprints.get(document);
  if (known === undefined) {
    known = null;
    try {
      const probes = document.podSpecs.flatMap((spec) =>
        spec.containers.flatMap((container) => container.probes.filter((p) => p.node).map((p) => [container.name ?? '', p.kind, probeText(p.node!)])),
      );
      if (probes.length > 0) known = createHash('sha256').update(canonical([document.kind, document.name, probes])).digest('hex').slice(0, 20);
    } catch {
      // A probe the yaml package cannot turn into data (a merge key whose source is not a map: fuzz
      // seed 20261122 case 11742) is no released vendor manifest.
    }
    fingerprints.set(document, known);
  }
  return known ?? undefined;
}

/** The releases that ship this document's probes unchanged ("Calico v3.27.5 calico.yaml", oldest first), or none. */
export function vendorReleases(document: ManifestDocument): readonly string[] {
  const fingerprint = probeFingerprint(document);
  return (fingerprint && RELEASES[fingerprint]) || [];
}

/** One line for a hover: the first release, and how many others ship the same probes. */
export function shippedIn(document: ManifestDocument): string | undefined {
  const releases = vendorReleases(document);
  if (releases.length === 0) return undefined;
  const others = releases.length - 1;
  return `As shipped in ${releases[0]}${others > 0 ? ` (and ${others} other released file${others > 1 ? 's' : ''})` : ''}: a vendor's probes, unchanged.`;
}

/** Findings to show: with "quiet", a vendor document keeps only its errors. */
export function withoutVendorNoise<F extends { readonly severity: string; readonly document: ManifestDocument }>(findings: readonly F[], mode: VendorManifests): F[] {
  if (mode === 'show') return [...findings];
  return findings.filter((f) => f.severity === 'error' || vendorReleases(f.document).length === 0);
}
