/** A container's `ports` list read with list indices (the model keeps only the map items). */
import { isMap, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { findPair, pairValue } from '../../manifest/nodes';
import type { Container } from '../../manifest/types';
import { stringValue } from './values';

interface IndexedPort {
  readonly index: number;
  readonly node: YAMLMap;
  readonly namePair: Pair<Scalar, unknown> | undefined;
  readonly nameNode: Node | null;
  /** The name when it decodes as a non-empty string. */
  readonly name: string | undefined;
  /** e.g. `spec.containers[0].ports[1].name`. */
  readonly namePath: string;
}

export function indexedPorts(container: Container): IndexedPort[] {
  const list = container.node.get('ports', true);
  if (!isSeq(list)) return [];
  const out: IndexedPort[] = [];
  list.items.forEach((item, index) => {
    if (!isMap(item)) return;
    const namePair = findPair(item, 'name');
    const nameNode = namePair ? pairValue(namePair) : null;
    const name = stringValue(nameNode);
    out.push({ index, node: item, namePair, nameNode, name: name || undefined, namePath: `${container.fieldPath}.ports[${index}].name` });
  });
  return out;
}
