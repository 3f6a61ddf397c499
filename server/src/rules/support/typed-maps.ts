/**
 * Walks the maps under every container that the apiserver decodes with a fixed Go struct: probes,
 * `lifecycle`, its hooks, handlers and `httpHeaders` items. Decoding (unknown fields, wrong types)
 * happens for every container kind, before validation, so this covers init and ephemeral
 * containers too.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { findPair, pairValue } from '../../manifest/nodes';
import type { Container, ManifestDocument } from '../../manifest/types';
import { containersOf } from './walk';
import { fieldOf, SCHEMAS, type FieldSchema, type MapSchema } from './schema';
import { PROBE_FIELDS } from '../../../../core/src/probe/kinds';
import type { KubernetesVersion } from '../../../../core/src/kubernetes/versions';
import { supportAt } from './target';

export interface TypedMap {
  readonly schema: MapSchema;
  readonly node: YAMLMap;
  /** API path with list indices, e.g. `spec.containers[0].livenessProbe.httpGet`. */
  readonly path: string;
  readonly container: Container;
}

/** One field of a typed map (or a probe / `lifecycle` field of the container itself). */
export interface TypedField {
  readonly struct: string;
  readonly field: FieldSchema;
  readonly pair: Pair<Scalar, unknown>;
  readonly value: Node | null;
  readonly path: string;
  readonly container: Container;
}

const CONTAINER_FIELDS: readonly FieldSchema[] = [
  ...PROBE_FIELDS.map((name) => ({ name, shape: 'object' as const, goType: 'v1.Probe', child: 'probe' as const })),
  { name: 'lifecycle', shape: 'object', goType: 'v1.Lifecycle', child: 'lifecycle' },
];

/** The probe and `lifecycle` fields of a container, as typed fields of the `Container` struct. */
function containerFields(doc: ManifestDocument): TypedField[] {
  const fields: TypedField[] = [];
  for (const container of containersOf(doc)) {
    for (const field of CONTAINER_FIELDS) {
      const pair = findPair(container.node, field.name);
      if (!pair) continue;
      fields.push({ struct: 'Container', field, pair, value: pairValue(pair), path: `${container.fieldPath}.${field.name}`, container });
    }
  }
  return fields;
}

/**
 * The walks of a document, for the last target asked: four rules read them on every check (the
 * unknown fields, the wrong types, gRPC ports, fields of later versions), and a document's tree does
 * not change under it (an edit makes a new ManifestDocument).
 */
const walked = new WeakMap<ManifestDocument, { target: KubernetesVersion | undefined; maps: readonly TypedMap[]; fields?: readonly TypedField[] }>();

function walkOf(doc: ManifestDocument, target: KubernetesVersion | undefined) {
  let walk = walked.get(doc);
  if (!walk || walk.target !== target) {
    const maps: TypedMap[] = [];
    for (const top of containerFields(doc)) {
      if (top.field.child && isMap(top.value)) addMapsUnder({ schema: SCHEMAS[top.field.child], node: top.value, path: top.path, container: top.container }, target, maps);
    }
    walk = { target, maps };
    walked.set(doc, walk);
  }
  return walk;
}

/**
 * Every typed map in the document, outermost first. With a target version, a field that version does
 * not know (grpc before 1.23) is not descended into: its decoder stops at the unknown field.
 */
export function typedMaps(doc: ManifestDocument, target?: KubernetesVersion): readonly TypedMap[] {
  return walkOf(doc, target).maps;
}

function addMapsUnder(map: TypedMap, target: KubernetesVersion | undefined, out: TypedMap[]): void {
  out.push(map);
  for (const pair of map.node.items) {
    if (!isScalar(pair.key)) continue;
    const field = fieldOf(map.schema, String(pair.key.value));
    if (!field?.child || knownOnlyLater(map, field.name, target)) continue;
    const value = pairValue(pair);
    const path = `${map.path}.${field.name}`;
    const child = SCHEMAS[field.child];
    if (field.shape === 'object' && isMap(value)) {
      addMapsUnder({ schema: child, node: value, path, container: map.container }, target, out);
    } else if (field.shape === 'object-list' && isSeq(value)) {
      value.items.forEach((item, i) => {
        if (isMap(item)) addMapsUnder({ schema: child, node: item, path: `${path}[${i}]`, container: map.container }, target, out);
      });
    }
  }
}

/** Every known field of every typed map, plus the container-level probe/lifecycle fields. */
export function typedFields(doc: ManifestDocument, target?: KubernetesVersion): readonly TypedField[] {
  const walk = walkOf(doc, target);
  if (walk.fields) return walk.fields;
  const fields = containerFields(doc);
  for (const map of walk.maps) {
    for (const pair of map.node.items) {
      if (!isScalar(pair.key)) continue;
      const field = fieldOf(map.schema, String(pair.key.value));
      if (!field || knownOnlyLater(map, field.name, target)) continue;
      fields.push({
        struct: map.schema.struct,
        field,
        pair: pair as Pair<Scalar, unknown>,
        value: pairValue(pair),
        path: `${map.path}.${field.name}`,
        container: map.container,
      });
    }
  }
  walk.fields = fields;
  return fields;
}

/** A field of this map that the target version's decoder does not know yet. */
function knownOnlyLater(map: TypedMap, name: string, target: KubernetesVersion | undefined): boolean {
  const owner = map.schema.kind === 'probe' || map.schema.kind === 'hook' || map.schema.kind === 'lifecycle' ? map.schema.kind : undefined;
  return owner !== undefined && supportAt(owner, name, target) === 'unknown';
}
