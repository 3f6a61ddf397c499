/**
 * Quick-fixes in a patch for a probe or hook that the merge gave two handlers (the
 * base's and the patch's): replace the base's probe with the patch's (`$patch: replace`), or remove
 * the base's handler from the result (`exec: null`: a null in a strategic-merge patch deletes the
 * field); in a JSON 6902 patch, a `remove` of the base's handler before the `add`. All edit the
 * patch only, the file the finding is in; edits are absolute offsets there.
 */
import type { Placement } from './placement';
import type { Origin } from './provenance';
import type { Edit, Fix } from '../rules/types';
import { HANDLER_ORDER } from '../manifest/types';
import { otherContributors } from './placement';
import { lineStartAt } from '../manifest/lines';

export function twoHandlerFixes(placement: Placement, text: string): Fix[] {
  const { at, holder } = placement;
  if (at.role !== 'patch' || !holder) return [];
  // The patch's own map of this probe: the merge marked the base's probe as touched by it.
  const patchMap = holder.touched?.find((o) => o.file === at.file && o.start <= at.start && at.end <= o.end);
  if (!patchMap) return [];
  const mapText = text.slice(patchMap.start, patchMap.end);
  // A JSON 6902 operation is not a map of the probe: the base's handler goes with a remove operation.
  if (/(^|[\s{,])op\s*:/.test(mapText)) return removeOperationFixes(placement, patchMap, text);
  const insert = (line: string): Edit => {
    if (text[patchMap.start] === '{') return { start: patchMap.start + 1, end: patchMap.start + 1, newText: ` ${line},` };
    const indent = ' '.repeat(patchMap.start - lineStartAt(text, patchMap.start));
    return { start: patchMap.start, end: patchMap.start, newText: `${line}\n${indent}` };
  };
  const fixes: Fix[] = [{ title: "Replace the base's probe with this patch's ($patch: replace)", edits: [insert('$patch: replace')], preferred: true }];
  for (const other of otherContributors(placement)) {
    if (other.origin.role !== 'resource' || !(HANDLER_ORDER as readonly string[]).includes(other.key)) continue;
    fixes.push({ title: `Remove the base's ${other.key} in this patch (${other.key}: null)`, edits: [insert(`${other.key}: null`)] });
  }
  return fixes;
}

/**
 * For a JSON 6902 `add` of a handler beside the base's: a `remove` of the base's handler, inserted
 * before the `add` (same list, same indentation), so the result keeps only the patch's handler.
 */
function removeOperationFixes(placement: Placement, op: Origin, text: string): Fix[] {
  const { at, entry } = placement;
  if (!entry || text[op.start] === '{') return [];
  const pointer = text.slice(at.start, at.end).replace(/^["']|["']$/g, '');
  if (!pointer.endsWith(`/${entry.key}`)) return [];
  const probe = pointer.slice(0, -entry.key.length - 1);
  const lineStart = lineStartAt(text, op.start);
  const dash = /^(\s*)-\s+$/.exec(text.slice(lineStart, op.start));
  if (!dash) return [];
  const indent = ' '.repeat(op.start - lineStart);
  const fixes: Fix[] = [];
  for (const other of otherContributors(placement)) {
    if (other.origin.role !== 'resource' || !(HANDLER_ORDER as readonly string[]).includes(other.key)) continue;
    const newText = `op: remove\n${indent}path: ${probe}/${other.key}\n${dash[1]}- `;
    fixes.push({ title: `Remove the base's ${other.key} first (op: remove ${probe}/${other.key})`, edits: [{ start: op.start, end: op.start, newText }], preferred: true });
  }
  return fixes;
}
