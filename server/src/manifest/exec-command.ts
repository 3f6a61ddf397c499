/** The `exec.command` list of a probe or lifecycle hook, item by item, as written. */
import { isMap, isScalar, isSeq, type Node, type YAMLSeq } from 'yaml';
import type { HandlerHolder } from './types';

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
