/**
 * Findings on what an alias brings in (manifest/aliases.ts): reported at the alias, and pointing at
 * the anchor it names; and fixes whose edits change an anchored node that aliases use say so, since
 * the edit changes every use. Runs on one document's findings (document-relative), so it is cached
 * with them.
 */
import type { ManifestDocument } from '../manifest/types';
import type { AliasIndex } from '../manifest/aliases';
import { parseYaml } from '../manifest/document';
import type { Edit, Finding, Fix } from './types';

export function throughAliases(document: ManifestDocument, findings: Finding[]): Finding[] {
  const index = document.aliasIndex;
  if (!index) return findings;
  return findings.map((finding) => {
    const use = index.uses.find((u) => u.span.start === finding.span.start && u.span.end === finding.span.end);
    const fixes = finding.fixes?.flatMap((fix) => throughAnchor(document, index, fix));
    if (!use && fixes?.length === finding.fixes?.length && fixes?.every((fix, i) => fix === finding.fixes![i])) return finding;
    const anchorNote = use
      ? [{ span: trimmed(document.text, use.anchor), message: `The anchor &${use.name} that *${use.name} brings in (${uses(use.aliasCount)}).` }]
      : [];
    return {
      ...finding,
      ...(fixes ? { fixes } : {}),
      ...(use ? { relatedHere: [...(finding.relatedHere ?? []), ...anchorNote] } : {}),
    };
  });
}

/** A block collection's range runs on to the next line; the note points at its text only. */
function trimmed(text: string, span: { start: number; end: number }) {
  let end = span.end;
  while (end > span.start && /\s/.test(text[end - 1]!)) end--;
  return { start: span.start, end };
}

function uses(aliasCount: number): string {
  const times = aliasCount + 1;
  return `used ${times} time${times === 1 ? '' : 's'}: where it is written and by ${aliasCount} alias${aliasCount === 1 ? '' : 'es'}`;
}

/**
 * A fix that edits inside an anchored node that aliases use, retitled to say so and never applied
 * unseen (not preferred, not in Fix all). A fix computed on a merged map may write in the anchor's
 * style where the map's own differs: one whose text no longer parses as well is dropped.
 */
function throughAnchor(document: ManifestDocument, index: AliasIndex, fix: Fix): Fix[] {
  // An edit that runs from an anchor into other text was computed on a merged map's mixed pairs.
  if (fix.edits.some((edit) => index.anchors.some((a) => overlaps(edit, a.extent) && !inside(edit, a.extent)))) return [];
  const anchor = anchorEdited(index, fix.edits);
  if (!anchor) return [fix];
  if (breaksSyntax(document, fix.edits)) return [];
  return [{ title: `${fix.title} (edit the anchor &${anchor.name}, used ${anchor.aliasCount + 1} times)`, edits: fix.edits }];
}

function breaksSyntax(document: ManifestDocument, edits: readonly Edit[]): boolean {
  let text = document.text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
  const edited = parseYaml(text);
  return !edited || edited.errors.length > document.parseErrors.length;
}

function inside(edit: Edit, extent: { start: number; end: number }): boolean {
  return edit.start >= extent.start && edit.end <= extent.end;
}

function overlaps(edit: Edit, extent: { start: number; end: number }): boolean {
  return edit.start < extent.end && edit.end > extent.start;
}

function anchorEdited(index: AliasIndex, edits: readonly Edit[]): AliasIndex['anchors'][number] | undefined {
  let found: AliasIndex['anchors'][number] | undefined;
  for (const edit of edits) {
    for (const anchor of index.anchors) {
      if (!inside(edit, anchor.extent)) continue;
      const size = anchor.extent.end - anchor.extent.start;
      if (!found || size < found.extent.end - found.extent.start) found = anchor;
    }
  }
  return found;
}
