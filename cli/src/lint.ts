/**
 * `probe-scope lint`: the editor's rules over files, directories or stdin, for CI and terminals.
 * Exit codes: 0 no errors, 1 at least one error-level finding, 2 usage or input problems.
 * Hints (e.g. "0 becomes the default") are editor-only and not printed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyseManifest } from '../../server/src/manifest/manifest';
import { RuleEngine, type PlacedFinding } from '../../server/src/rules/engine';
import { allRules } from '../../server/src/rules/index';
import { parseNotices } from '../../server/src/rules/parse-notices';
import { VENDOR_MANIFEST_MODES, withoutVendorNoise, type VendorManifests } from '../../server/src/knowledge/vendor-manifests';
import { optionValue, optionValues, parseArgs, UsageError } from './args';
import { FORMATS, writeFindings, type FileResult, type Format, type Located, type LocatedRelated } from './lint-formats';
import type { Io } from './output';
import { lintTarget, TARGET_OPTIONS, TARGET_USAGE } from './lint-target';
import { KUSTOMIZE_OPTIONS, KUSTOMIZE_USAGE, LintKustomize } from './lint-kustomize';
import { HELM_OPTIONS, HELM_USAGE, LintHelm } from './lint-helm';
import { chartFileOptions } from '../../server/src/helm/chart';
import { HelmValuesChecks } from '../../server/src/helm/values-probes';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

export const LINT_USAGE = `  probe-scope lint [--format text|json|sarif] <path…|->
      Check Kubernetes manifests (files, or directories searched for *.yaml/*.yml; - reads stdin).
      Exit status: 0 no errors, 1 errors found, 2 usage or input problem.
      --vendor-manifests show: also findings other than errors on documents whose probes are
      unchanged from a released Calico manifest (quiet by default, as in the editor).
${TARGET_USAGE}${KUSTOMIZE_USAGE}${HELM_USAGE}`;

const LINT_HELP = `
Findings print as file:line:col: severity rule-id message (hints are editor-only); a path given
absolute prints absolute, a relative one relative to the current directory. --format json lists
findings with positions and fix titles; --format sarif writes SARIF 2.1.0 for code-scanning UIs.
`;

export function runLint(argv: readonly string[], io: Io): number {
  const parsed = parseArgs(argv, [{ name: '--format', takesValue: true, choices: FORMATS }, { name: '--vendor-manifests', takesValue: true, choices: VENDOR_MANIFEST_MODES }, ...TARGET_OPTIONS, ...KUSTOMIZE_OPTIONS, ...HELM_OPTIONS, { name: '--help', aliases: ['-h'] }]);
  if (parsed.options.has('--help')) {
    io.stdout.write(`Usage:\n${LINT_USAGE}${LINT_HELP}`);
    return 0;
  }
  if (parsed.positionals.length === 0) throw new UsageError('lint needs at least one path (or - for stdin)');
  const format = (optionValue(parsed, '--format') ?? 'text') as Format;
  const vendorManifests = (optionValue(parsed, '--vendor-manifests') ?? 'quiet') as VendorManifests;
  const inputs = parsed.positionals.flatMap((path) => expand(path, io));
  const engine = new RuleEngine({ rules: allRules, ...lintTarget(parsed, io) });
  // Kustomizations under the directories given: patches are checked as patches, merged results at their source lines.
  const directories = new Set(inputs.flatMap((i) => (i.directory ? [i.directory] : [])));
  const fileDirectories = new Set(inputs.flatMap((i) => (i.path && !i.directory ? [dirname(i.path)] : [])));
  const kustomize = new LintKustomize([...directories], [...fileDirectories], engine, optionValue(parsed, '--kustomize'));
  // Helm charts under the directories given (or holding a file given): rendered, findings at template and values lines.
  const helm = new LintHelm([...directories], inputs.flatMap((i) => (i.path && !i.directory ? [i.path] : [])), engine, io, optionValue(parsed, '--helm'), optionValues(parsed, '--values'));
  // A chart's values blocks checked as the probes they feed when helm did not render the chart (server/src/helm/values-probes.ts);
  // a render judges the values files the user named instead.
  const helmValues = new HelmValuesChecks({ engine, openText: () => undefined });
  const results: FileResult[] = inputs.map(({ name, text, path }) => {
    const uri = path ? pathToFileURL(path).href : undefined;
    const manifest = analyseManifest(text, undefined, uri !== undefined ? chartFileOptions(uri) : {});
    // A broken document would otherwise pass in silence: its probes were never checked.
    const own = [...parseNotices(manifest), ...engine.run(manifest, undefined, path ? kustomize.roleOf(path) : undefined), ...(uri && path && !helm.renders(path) ? helmValues.findings(uri, manifest) : [])];
    const findings = withoutVendorNoise([...own, ...(path ? kustomize.take(path, manifest, own) : []), ...(path ? helm.take(path, text, manifest, own) : [])], vendorManifests);
    return { name, findings: locate(text, findings, io.cwd, name) };
  });
  // Files the overlays read outside the paths given (a base beside the overlay) that have findings.
  for (const { path, text } of kustomize.rest()) {
    const manifest = analyseManifest(text);
    results.push({ name: displayName(path, io.cwd), findings: locate(text, kustomize.take(path, manifest, []), io.cwd) });
  }
  for (const { path, text } of helm.rest()) {
    const manifest = analyseManifest(text);
    results.push({ name: displayName(path, io.cwd), findings: locate(text, helm.take(path, text, manifest, []), io.cwd) });
  }
  writeFindings(format, results, io);
  return results.some((r) => r.findings.some((l) => l.finding.severity === 'error')) ? 1 : 0;
}

/** A path as the texts to check: stdin, a file, or the YAML files under a directory (sorted). */
function expand(path: string, io: Io): Array<{ name: string; text: string; path?: string; directory?: string }> {
  if (path === '-') return [{ name: '<stdin>', text: io.readStdin() }];
  const absolute = resolve(io.cwd, path);
  let stats;
  try {
    stats = statSync(absolute);
  } catch {
    throw new UsageError(`no such file or directory: ${path}`);
  }
  if (!stats.isDirectory()) return [{ name: path, text: readFileSync(absolute, 'utf8'), path: absolute }];
  // Named the way the user named the directory: absolute stays absolute (no `../../..` climb).
  const nameOf = (file: string) => (isAbsolute(path) ? file : relative(io.cwd, file) || file);
  return yamlFilesUnder(absolute).map((file) => ({ name: nameOf(file), text: readFileSync(file, 'utf8'), path: file, directory: absolute }));
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return SKIPPED_DIRECTORIES.has(entry.name) ? [] : yamlFilesUnder(path);
      return /\.ya?ml$/i.test(entry.name) ? [path] : [];
    });
}

/** Findings with 1-based line/column (columns in UTF-16 code units, as the editor and SARIF count). */
/** `name`: the file as printed, for places in the file itself (the anchor behind an alias). */
function locate(text: string, findings: readonly PlacedFinding[], cwd: string, name = ''): Located[] {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const position = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  return findings
    .filter((f) => f.severity !== 'hint')
    .map((finding) => {
      const start = position(finding.document.base + finding.span.start);
      const end = position(finding.document.base + finding.span.end);
      const here = (finding.relatedHere ?? []).map((r) => {
        const [from, to] = [position(finding.document.base + r.span.start), position(finding.document.base + r.span.end)];
        return { name, line: from.line, column: from.column, endLine: to.line, endColumn: to.column, message: r.message };
      });
      const elsewhere = finding.related?.map((r) => relatedPlace(r, cwd)) ?? [];
      const related = here.length || elsewhere.length ? [...elsewhere, ...here] : undefined;
      return { finding, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, ...(related ? { related } : {}) };
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

/** A file named as the terminal shows files: relative to the current directory when under it. */
function displayName(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** A related place named as the terminal shows files. */
function relatedPlace(r: NonNullable<PlacedFinding['related']>[number], cwd: string): LocatedRelated {
  const name = r.uri.startsWith('file:') ? displayName(fileURLToPath(r.uri), cwd) : r.uri;
  return { name, line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1, message: r.message };
}
