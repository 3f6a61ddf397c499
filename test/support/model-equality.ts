/**
 * Where an incrementally updated model differs from a whole analysis of the same text: every YAML
 * node (its class, range and properties), every document field, every pod spec, container and
 * probe (paths, node ranges, readWhole) and every finding the rules report (against the rules run
 * over each whole document, no engine). Used by the item-wise re-parse and engine tests and by the
 * fuzzer (test/server/hardening/fuzz/exercise.ts), which must see 0 drift.
 */
import { isMap, isPair, isSeq } from 'yaml';
import type { Manifest } from '../../server/src/manifest/manifest';
import type { ManifestDocument } from '../../server/src/manifest/types';
import { fileFacts, isDisabled, RuleEngine, type PlacedFinding } from '../../server/src/rules/engine';
import { allRules } from '../../server/src/rules/index';
import { throughAliases } from '../../server/src/rules/through-aliases';

/** The first difference found, described, or undefined when the two models are equal. */
export function modelDifference(incremental: Manifest, whole: Manifest): string | undefined {
  if (incremental.length !== whole.length) return `length ${incremental.length} vs ${whole.length}`;
  if (incremental.documents.length !== whole.documents.length) return `${incremental.documents.length} documents vs ${whole.documents.length}`;
  for (let i = 0; i < whole.documents.length; i++) {
    const difference = documentDifference(incremental.documents[i]!, whole.documents[i]!);
    if (difference) return `document ${i}: ${difference}`;
  }
  return findingsDifference(new RuleEngine(), incremental, whole);
}

/**
 * Where `engine`'s findings on the incremental model (from its cache, per check unit: an item of a
 * long List moved rather than checked again) differ from every rule run over each whole document of
 * the whole analysis, with no engine and no cache; undefined when equal.
 */
export function findingsDifference(engine: RuleEngine, incremental: Manifest, whole: Manifest): string | undefined {
  const a = findingsText(engine.run(incremental));
  const b = findingsText(wholeDocumentFindings(whole));
  if (a !== b) return `findings differ:\n  ${a.slice(0, 3000)}\n  ${b.slice(0, 3000)}`;
  return undefined;
}

function findingsText(findings: readonly PlacedFinding[]): string {
  return JSON.stringify(findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, span: f.span, fixes: f.fixes, unnecessary: f.unnecessary, relatedHere: f.relatedHere, document: f.document.index })));
}

/** What the engine reports, computed the plain way: each rule over each whole document, sorted by start (stable), disable comments and aliases applied. */
function wholeDocumentFindings(manifest: Manifest): PlacedFinding[] {
  const facts = fileFacts(manifest);
  const out: PlacedFinding[] = [];
  for (const document of manifest.documents) {
    if (!document.isKubernetes || !document.yaml || document.podSpecs.length === 0) continue;
    const findings = allRules.flatMap((rule) => rule.check({ document, manifest, facts })).filter((f) => !isDisabled(document.text, f));
    for (const finding of throughAliases(document, findings.sort((a, b) => a.span.start - b.span.start))) out.push({ ...finding, document });
  }
  return out;
}

const FIELDS = ['index', 'base', 'text', 'span', 'kind', 'apiVersion', 'name', 'isTemplate', 'source', 'unknownAt', 'isKubernetes', 'parseErrors', 'aliasLimit'] as const;

function documentDifference(a: ManifestDocument, b: ManifestDocument): string | undefined {
  for (const field of FIELDS) {
    if (JSON.stringify(a[field]) !== JSON.stringify(b[field])) return `${field}: ${JSON.stringify(a[field])?.slice(0, 1500)} vs ${JSON.stringify(b[field])?.slice(0, 1500)}`;
  }
  if (Boolean(a.aliasIndex) !== Boolean(b.aliasIndex)) return 'aliasIndex';
  if (Boolean(a.yaml) !== Boolean(b.yaml)) return 'parsed in one model only';
  if (a.yaml && b.yaml) {
    if (JSON.stringify(a.yaml.range) !== JSON.stringify(b.yaml.range)) return `yaml range ${JSON.stringify(a.yaml.range)} vs ${JSON.stringify(b.yaml.range)}`;
    const errors = (d: typeof a.yaml) => JSON.stringify([d!.errors.map((e) => [e.code, e.message, e.pos]), d!.warnings.map((e) => [e.code, e.message, e.pos]), d!.comment, d!.commentBefore]);
    if (errors(a.yaml) !== errors(b.yaml)) return `yaml errors ${errors(a.yaml).slice(0, 300)} vs ${errors(b.yaml).slice(0, 300)}`;
    const tree = nodeDifference(a.yaml.contents, b.yaml.contents, 'contents');
    if (tree) return tree;
  }
  const pods = (d: ManifestDocument) => JSON.stringify(d.podSpecs.map((p) => ({
    path: p.fieldPath,
    document: p.document === d,
    range: p.node.range,
    grace: p.terminationGracePeriodSeconds,
    hostNetwork: p.hostNetwork,
    validation: p.validation,
    containers: p.containers.map((c) => ({
      path: c.fieldPath, kind: c.kind, name: c.name, image: c.image, range: c.node.range, env: [...c.env], ports: c.ports.map((port) => [port.name, port.containerPort, port.node.range]),
      probes: c.probes.map((h) => [h.fieldPath, h.readWhole, h.keyNode.range, h.handlers.map((e) => [e.kind, e.present, e.keyNode.range])]),
      hooks: c.lifecycleHooks.map((h) => [h.fieldPath, h.readWhole, h.keyNode.range, h.handlers.map((e) => [e.kind, e.present, e.keyNode.range])]),
    })),
  })));
  const podsA = pods(a);
  const podsB = pods(b);
  if (podsA !== podsB) return `pod specs differ:\n  ${podsA.slice(0, 400)}\n  ${podsB.slice(0, 400)}`;
  return undefined;
}

/** Compares two YAML trees node by node: class, every own property, children. */
export function nodeDifference(a: unknown, b: unknown, path: string): string | undefined {
  const stack: Array<[unknown, unknown, string]> = [[a, b, path]];
  while (stack.length > 0) {
    const [x, y, at] = stack.pop()!;
    if (x === null || typeof x !== 'object' || y === null || typeof y !== 'object') {
      if (x !== y) return `${at}: ${String(x)} vs ${String(y)}`;
      continue;
    }
    if (x.constructor !== y.constructor) return `${at}: ${x.constructor.name} vs ${y.constructor.name}`;
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    for (const key of keys) {
      if (key === 'items' || key === 'key' || key === 'value' && isPair(x)) continue;
      const vx = (x as Record<string, unknown>)[key];
      const vy = (y as Record<string, unknown>)[key];
      if (JSON.stringify(vx) !== JSON.stringify(vy)) return `${at}.${key}: ${JSON.stringify(vx)?.slice(0, 200)} vs ${JSON.stringify(vy)?.slice(0, 200)}`;
    }
    if (isPair(x) && isPair(y)) {
      stack.push([x.value, y.value, `${at}.value`], [x.key, y.key, `${at}.key`]);
    } else if ((isMap(x) || isSeq(x)) && (isMap(y) || isSeq(y))) {
      const ix = x.items as unknown[];
      const iy = y.items as unknown[];
      if (ix.length !== iy.length) return `${at}: ${ix.length} items vs ${iy.length}`;
      for (let i = ix.length - 1; i >= 0; i--) stack.push([ix[i], iy[i], `${at}[${i}]`]);
    }
  }
  return undefined;
}
