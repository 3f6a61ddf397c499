/** The fix the two BIRD rules share: take BIRD checks out of a calico-node health command. */
import type { Fix } from '../types';
import type { CalicoProbe } from './calico-probes';
import { editItems, removeItems } from './seq-edits';

/**
 * Removes the BIRD flags; if nothing would be left to check, the first one becomes the Felix
 * check of the same kind (a command without checks exits 1, which would fail just the same).
 */
export function removeBirdFix(text: string, cp: CalicoProbe, indexes: readonly number[]): Fix {
  const { exec, health } = cp;
  const remaining = health!.checks.filter((a) => !indexes.includes(a.index));
  const nodes = indexes.map((i) => exec!.nodes[i]!);
  if (remaining.length > 0) {
    return { title: 'Remove the BIRD checks', edits: removeItems(text, exec!.seq, nodes), preferred: true };
  }
  const first = health!.args.find((a) => a.index === indexes[0])!;
  const dashes = health!.form === 'calico-node' ? '-'.repeat(first.dashes ?? 1) : '--';
  const felix = `${dashes}felix-${first.flag?.probeKind === 'liveness' ? 'live' : 'ready'}`;
  const changes = new Map<typeof nodes[number], string | null>(nodes.map((n, i) => [n, i === 0 ? felix : null]));
  const edits = editItems(text, exec!.seq, changes);
  return { title: `Replace the BIRD checks with ${felix}`, edits, preferred: true };
}
