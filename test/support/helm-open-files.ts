/**
 * A chart's template and values file open in a DocumentStore, with the values checks reading the
 * open files' text and models as server.ts wires them: the set-up of the tests that type in one with
 * the other open.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DocumentStore } from '../../server/src/documents';
import { HelmValuesChecks } from '../../server/src/helm/values-probes';
import type { Manifest } from '../../server/src/manifest/manifest';
import type { RuleEngine } from '../../server/src/rules/engine';

export interface OpenTemplateAndValues {
  readonly store: DocumentStore;
  readonly templateUri: string;
  readonly valuesUri: string;
  /** The template's text as opened. */
  readonly templateText: string;
  readonly checks: HelmValuesChecks;
  /** The values file's model as opened. */
  readonly values: Manifest;
}

/** Opens `templatePath` and `valuesPath` (in `order`) and the values checks over them. */
export function openTemplateAndValues(templatePath: string, valuesPath: string, engine: RuleEngine, order: 'template first' | 'values first' = 'template first'): OpenTemplateAndValues {
  const store = new DocumentStore();
  const templateUri = pathToFileURL(templatePath).href;
  const valuesUri = pathToFileURL(valuesPath).href;
  const templateText = readFileSync(templatePath, 'utf8');
  const openTemplate = () => store.openDocument(templateUri, 'yaml', 1, templateText);
  const openValues = () => store.openDocument(valuesUri, 'yaml', 1, readFileSync(valuesPath, 'utf8'));
  if (order === 'template first') [openTemplate, openValues].forEach((open) => open());
  else [openValues, openTemplate].forEach((open) => open());
  const uriOf = (path: string) => store.uris().find((u) => fileURLToPath(u) === path);
  const checks = new HelmValuesChecks({
    engine,
    openText: (path) => store.get(uriOf(path) ?? '')?.textDocument.getText(),
    openModel: (path) => store.get(uriOf(path) ?? '')?.manifest,
  });
  return { store, templateUri, valuesUri, templateText, checks, values: store.get(valuesUri)!.manifest! };
}

/** The values findings of `values` as sorted lines (rule, span, message, related places), to compare two checks. */
export function valuesFindingLines(checks: HelmValuesChecks, valuesPath: string, values: Manifest): string[] {
  return checks
    .findings(pathToFileURL(valuesPath).href, values)
    .map((f) => `${f.ruleId} ${f.document.base + f.span.start}-${f.document.base + f.span.end} ${f.message} ${(f.related ?? []).map((r) => `${r.uri}:${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${r.message}`).join(',')}`)
    .sort();
}
