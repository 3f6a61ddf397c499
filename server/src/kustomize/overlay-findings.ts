/**
 * Every rule on a kustomization's result, each finding reported where it can be fixed: build the
 * merged resources (build.ts), write them as YAML (render.ts), run the rule engine on that text,
 * and carry each finding back through the result's values to the patch or base line that set the
 * offending value (placement.ts), with the other contributors as related locations. A finding the
 * source file already gets on its own (same rule, same place) is dropped: a base error is not
 * repeated per overlay, and a base that is valid alone gets nothing from an overlay that breaks it.
 */
import { dirname, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyseManifest } from '../manifest/manifest';
import { isDisabled, type PlacedFinding, type RuleEngine } from '../rules/engine';
import type { Edit, FilePosition, Finding, Fix, RelatedLocation } from '../rules/types';
import { buildKustomization } from './build';
import type { BuildProblem, KustomizeFiles } from './load';
import { naturalPlace, otherContributors, patchPlace, sameOrigin, type Placement } from './placement';
import type { Origin } from './provenance';
import { render, spanAt, type Rendered } from './render';
import { twoHandlerFixes } from './merge-fixes';
import { kindOf } from './select';
import { HANDLER_ORDER } from '../manifest/types';

export type { KustomizeFiles };

export interface OverlayFinding {
  /** Absolute path of the file the finding is in. */
  readonly file: string;
  /** Spans and fix edits are absolute offsets in that file's text. */
  readonly finding: Finding;
}

export interface OverlayReport {
  /** The kustomization directory. */
  readonly root: string;
  /** Findings of the merged result, placed at their source lines, with `related`. */
  readonly findings: readonly OverlayFinding[];
  /** Missing file, cycle, patch matching nothing, invalid YAML: one each. */
  readonly problems: readonly OverlayFinding[];
  /** Every file the build read (to know when to run it again). */
  readonly filesRead: readonly string[];
}

export function checkOverlay(root: string, files: KustomizeFiles, engine: RuleEngine): OverlayReport {
  const build = buildKustomization(root, files);
  const texts = new TextCache(files);
  const overlay = relative(dirname(root), root) || root;
  const problems = unique(build.problems.map((p) => problemFinding(p, overlay)));
  const rendered = build.resources.map((r) => render(r.root));
  if (rendered.length === 0) return { root, findings: [], problems, filesRead: build.filesRead };
  const { manifest, resultOf } = resultManifest(rendered);
  const own = new OwnFindings(texts, engine);
  const findings: OverlayFinding[] = [];
  for (const finding of engine.run(manifest)) {
    const result = resultOf(finding);
    if (!result) continue;
    const span = spanAt(result.rendered, finding.span.start + result.shift, finding.span.end + result.shift);
    if (!span) continue;
    const natural = naturalPlace(span);
    if (own.has(natural.at, finding.ruleId)) continue;
    const placement = (natural.at.role === 'resource' && patchPlace(span)) || natural;
    if (own.has(placement.at, finding.ruleId)) continue;
    // `# probe-scope-disable-next-line` above the line the finding lands on silences it there too.
    if (isDisabled(texts.text(placement.at.file), { ...finding, span: { start: placement.at.start, end: placement.at.end } })) continue;
    const resource = build.resources[finding.document.index]!;
    const name = `${kindOf(resource.root) ?? 'resource'}/${resource.ids[resource.ids.length - 1]!.name ?? ''}`;
    const firstKey = resource.root.entries[0]?.keyOrigin ?? resource.root.origin;
    findings.push(overlayFinding(finding, placement, placement === natural ? undefined : natural, { root, overlay, resource: firstKey, name, rendered: result.rendered, shift: result.shift }, texts));
  }
  return { root, findings: unique(findings), problems, filesRead: build.filesRead };
}

/**
 * The result as one file of documents (so file facts such as a calico-config ConfigMap apply across
 * it). A document's text starts at its `---` line, so its offsets are shifted from its resource's own
 * rendered text; `resultOf` says by how much.
 */
function resultManifest(rendered: readonly Rendered[]) {
  const starts: number[] = [];
  let text = '';
  rendered.forEach((r, i) => {
    if (i > 0) text += '---\n';
    starts.push(text.length);
    // An empty resource still takes its place, so document i is resource i.
    text += r.text || '{}\n';
  });
  const manifest = analyseManifest(text);
  const resultOf = (finding: PlacedFinding): { rendered: Rendered; shift: number } | undefined => {
    const index = finding.document.index;
    const r = rendered[index];
    return r && { rendered: r, shift: finding.document.base - starts[index]! };
  };
  return { manifest, resultOf };
}

/** `moved`: the value's own place in the base, when the finding went to the patch that changed its surroundings. */
function overlayFinding(finding: PlacedFinding, placement: Placement, moved: Placement | undefined, result: ResultPlace, texts: TextCache): OverlayFinding {
  const at = placement.at;
  const key = placement.entry?.key;
  const handler = key !== undefined && isHandler(key);
  const parts: string[] = [];
  if (key !== undefined && at.role === 'patch') parts.push(`this patch ${placement.entry!.keyOrigin === at ? 'adds' : 'sets'} ${key}`);
  const related: RelatedLocation[] = [];
  // Beside a handler, the other handlers are what it clashes with; other fields would only be noise.
  for (const c of handler ? otherContributors(placement).filter((c) => isHandler(c.key)) : []) {
    const who = c.origin.role === 'patch' ? 'a patch' : 'the base';
    parts.push(`${who} sets ${c.key} in ${texts.where(result.root, c.origin)}`);
    related.push(texts.related(c.origin, `${who} sets ${c.key} here`));
  }
  if (handler && related.length > 0) parts.push('the result has both');
  const movedKey = moved?.entry?.key;
  if (moved && movedKey !== undefined && !related.some((r) => r.uri === pathToFileURL(moved.at.file).href && r.start.line === texts.position(moved.at.file, moved.at.start).line)) {
    parts.push(`the base sets ${movedKey} in ${texts.where(result.root, moved.at)}`);
    related.push(texts.related(moved.at, `the base sets ${movedKey} here`));
  }
  if (result.resource.file !== at.file) related.push(texts.related(result.resource, `the resource ${result.name} that the overlay builds`));
  const message = `${finding.message} In the result of the kustomize overlay ${result.overlay}${parts.length ? `: ${parts.join('; ')}` : ''}.`;
  const fixes: Fix[] = finding.ruleId === 'probe-multiple-handlers' ? twoHandlerFixes(placement, texts.text(at.file)) : translatedFixes(finding, result, at.file);
  return {
    file: at.file,
    finding: {
      ruleId: finding.ruleId,
      severity: finding.severity,
      message,
      span: { start: at.start, end: Math.max(at.end, at.start) },
      ...(fixes.length ? { fixes } : {}),
      ...(finding.unnecessary ? { unnecessary: true } : {}),
      ...(related.length ? { related } : {}),
    },
  };
}

function isHandler(key: string): boolean {
  return (HANDLER_ORDER as readonly string[]).includes(key);
}

/** The overlay and the resource of the result a finding is in. */
interface ResultPlace {
  readonly root: string;
  readonly overlay: string;
  /** Where the resource's own text starts (its first key in the base or the file that declares it). */
  readonly resource: Origin;
  /** kind/name as the result has it. */
  readonly name: string;
  readonly rendered: Rendered;
  /** Document offsets minus the resource's own rendered offsets. */
  readonly shift: number;
}

/**
 * The rule's own fixes, where each edit replaces one value that the finding's file wrote (setting
 * successThreshold to 1 in the patch that set 2); a fix that would edit anything else is dropped.
 */
function translatedFixes(finding: PlacedFinding, { rendered, shift }: ResultPlace, file: string): Fix[] {
  const out: Fix[] = [];
  for (const fix of finding.fixes ?? []) {
    const edits = fix.edits.map((edit) => {
      const span = rendered.spans.find((s) => s.start === edit.start + shift && s.end === edit.end + shift && !s.entry && s.node.kind === 'scalar');
      const origin = span?.node.origin;
      if (!origin || origin.file !== file || edit.newText.includes('\n')) return undefined;
      return { start: origin.start, end: origin.end, newText: edit.newText };
    });
    if (edits.every((e) => e !== undefined)) out.push({ ...fix, edits: edits as Edit[] });
  }
  return out;
}

function problemFinding(problem: BuildProblem, overlay: string): OverlayFinding {
  const { file, start, end } = problem.origin;
  return {
    file,
    finding: { ruleId: problem.id, severity: problem.severity, message: `${problem.message} (kustomize overlay ${overlay})`, span: { start, end: Math.max(end, start + 1) } },
  };
}

function unique(findings: OverlayFinding[]): OverlayFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.file}\0${f.finding.ruleId}\0${f.finding.span.start}\0${f.finding.span.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The files' texts, read once per check, and offsets turned into LSP positions. */
class TextCache {
  private readonly cache = new Map<string, string>();

  constructor(private readonly files: KustomizeFiles) {}

  text(file: string): string {
    let text = this.cache.get(file);
    if (text === undefined) {
      try {
        text = this.files.read(file) ?? '';
      } catch {
        text = '';
      }
      this.cache.set(file, text);
    }
    return text;
  }

  /** `path:line` of an origin, the path relative to the overlay. */
  where(root: string, origin: Origin): string {
    return `${relative(root, origin.file) || origin.file}:${this.position(origin.file, origin.start).line + 1}`;
  }

  position(file: string, offset: number): FilePosition {
    const text = this.text(file);
    let line = 0;
    let lineStart = 0;
    for (let i = 0; i < offset && i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    return { line, character: Math.max(0, offset - lineStart) };
  }

  related(origin: Origin, message: string): RelatedLocation {
    return { uri: pathToFileURL(origin.file).href, start: this.position(origin.file, origin.start), end: this.position(origin.file, origin.end), message };
  }
}

/**
 * What each source file gets on its own, as the editor checks it: a base read whole, a patch as a
 * patch (no Required-value errors for what a base supplies). A merged finding the file already
 * shows is not repeated; one its own check leaves to the base (a probe a `$patch: replace` leaves
 * without a handler) is reported.
 */
class OwnFindings {
  private readonly byFile = new Map<string, PlacedFinding[]>();

  constructor(
    private readonly texts: TextCache,
    private readonly engine: RuleEngine,
  ) {}

  has(at: Origin, ruleId: string): boolean {
    let findings = this.byFile.get(at.file);
    if (!findings) {
      findings = this.engine.run(analyseManifest(this.texts.text(at.file)), undefined, at.role === 'patch' ? 'patch' : undefined);
      this.byFile.set(at.file, findings);
    }
    return findings.some((f) => f.ruleId === ruleId && sameOrigin(at, { ...at, start: f.document.base + f.span.start, end: f.document.base + f.span.end }));
  }
}
