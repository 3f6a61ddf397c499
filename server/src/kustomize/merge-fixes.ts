/**
 * Quick-fixes in a strategic-merge patch for a probe or hook that the merge gave two handlers (the
 * base's and the patch's): replace the base's probe with the patch's (`$patch: replace`), or remove
 * the base's handler from the result (`exec: null`: a null in a strategic-merge patch deletes the
 * field). Both edit the patch only, the file the finding is in; edits are absolute offsets there.
 */
import type { Placement } from './placement';
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
  // A JSON 6902 operation is not a map of the probe: these fixes would not mean the same there.
  if (/(^|[\s{,])op\s*:/.test(mapText)) return [];
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
