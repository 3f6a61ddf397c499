/**
 * Hover and completion in a chart's values file, inside a block that feeds a probe: asked of the
 * template the block is spliced into (values-probes.ts), answered on the values line, with the
 * places the block feeds named ("Feeds the liveness probe of container api in templates/deployment.yaml.").
 */
import { getCompletions, type CompletionEntry, type FeatureSettings } from '../features/completion';
import { getHover, type HoverResult } from '../features/hover';
import type { Manifest } from '../manifest/manifest';
import type { HelmValuesChecks } from './values-probes';
import { unshiftText } from './values-splice';

/** The hover for a values offset that feeds a probe; undefined elsewhere (the file's own hover stands). */
export function valuesHover(checks: HelmValuesChecks, uri: string, manifest: Manifest, offset: number, settings: FeatureSettings): HoverResult | undefined {
  const place = checks.place(uri, manifest, offset);
  if (!place) return undefined;
  const hover = getHover(place.manifest, place.offset, settings);
  const start = hover ? place.toValues(hover.span.start) : undefined;
  const end = hover ? place.toValues(hover.span.end) : undefined;
  if (!hover || start === undefined || end === undefined) return place.uses ? { markdown: place.uses, span: { start: offset, end: offset } } : undefined;
  return { markdown: place.uses ? `${place.uses}\n\n${hover.markdown}` : hover.markdown, span: { start, end } };
}

/** Completions at a values offset that feeds a probe, as the template would offer them there; undefined elsewhere. */
export function valuesCompletions(checks: HelmValuesChecks, uri: string, manifest: Manifest, offset: number, settings: FeatureSettings): CompletionEntry[] | undefined {
  const place = checks.place(uri, manifest, offset);
  if (!place) return undefined;
  const entries: CompletionEntry[] = [];
  for (const entry of getCompletions(place.manifest, place.offset, settings)) {
    const start = place.toValues(entry.replace.start);
    const end = place.toValues(entry.replace.end);
    if (start === undefined || end === undefined) continue;
    entries.push({ ...entry, replace: { start, end }, insertText: unshiftText(entry.insertText, place.shift) });
  }
  return entries;
}
