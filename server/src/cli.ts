/**
 * `probe-scope` on the command line: the editor's rules for CI and terminals.
 *
 *   probe-scope lint [--format text|json|sarif] <path…|->   directories are searched for *.yaml/*.yml
 *   probe-scope status …                                      the Calico probe status (client side)
 *
 * Exit codes: 0 no errors, 1 at least one error-level finding, 2 usage or input problems.
 * Text output is one line per finding, like a compiler: `file:line:col: severity rule-id message`.
 * Hints (e.g. "0 becomes the default") are editor-only and not printed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { analyseManifest } from './manifest/manifest';
import { RuleEngine, type PlacedFinding } from './rules/engine';
import { allRules } from './rules/index';
import { PARSE_NOTICE_IDS, parseNotices } from './rules/parse-notices';
import type { Rule, Severity } from './rules/types';
import { version } from '../../package.json';

/** Same link as the editor's diagnostics (features/diagnostics.ts), kept here to stay LSP-free. */
const RULE_DOCS_BASE = 'https://github.com/probe-scope/probe-scope/blob/main/docs/rules/';
const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

const USAGE = `Usage:
  probe-scope lint [--format text|json|sarif] <path…|->
      Check Kubernetes manifests (files, or directories searched for *.yaml/*.yml; - reads stdin).
      Exit status: 0 no errors, 1 errors found, 2 usage or input problem.
  probe-scope status [options]
      Show the live probe status of calico-node (needs a kubeconfig).
  probe-scope --version | --help
`;

export interface Output {
  write(text: string): unknown;
}

interface Io {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly readStdin: () => string;
  readonly cwd: string;
}

class UsageError extends Error {}

/** One checked input and its findings with 1-based positions. */
interface FileResult {
  readonly name: string;
  readonly findings: readonly Located[];
}

interface Located {
  readonly finding: PlacedFinding;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lint':
        return lint(rest, io);
      case 'status':
        return await status(rest, io);
      case '--version':
      case '-v':
        io.stdout.write(`${version}\n`);
        return 0;
      case '--help':
      case '-h':
      case 'help':
        io.stdout.write(USAGE);
        return 0;
      default:
        throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`probe-scope: ${error.message}\n\n${USAGE}`);
    return 2;
  }
}

function lint(args: readonly string[], io: Io): number {
  const { format, paths } = parseLintArgs(args);
  const inputs = paths.flatMap((path) => expand(path, io));
  const engine = new RuleEngine({ rules: allRules });
  const results: FileResult[] = inputs.map(({ name, text }) => {
    const manifest = analyseManifest(text);
    // A broken document would otherwise pass in silence: its probes were never checked.
    const findings = [...parseNotices(manifest), ...engine.run(manifest)];
    return { name, findings: locate(text, findings) };
  });
  if (format === 'json') io.stdout.write(`${JSON.stringify(toJson(results), null, 2)}\n`);
  else if (format === 'sarif') io.stdout.write(`${JSON.stringify(toSarif(results), null, 2)}\n`);
  else writeText(results, io);
  return results.some((r) => r.findings.some((l) => l.finding.severity === 'error')) ? 1 : 0;
}

function parseLintArgs(args: readonly string[]): { format: Format; paths: string[] } {
  let format: Format = 'text';
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? args[++i] : arg.slice('--format='.length);
      if (!value || !(FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
      format = value as Format;
    } else if (arg === '--') {
      paths.push(...args.slice(i + 1));
      break;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option "${arg}"`);
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) throw new UsageError('lint needs at least one path (or - for stdin)');
  return { format, paths };
}

/** A path as the texts to check: stdin, a file, or the YAML files under a directory (sorted). */
function expand(path: string, io: Io): Array<{ name: string; text: string }> {
  if (path === '-') return [{ name: '<stdin>', text: io.readStdin() }];
  const absolute = resolve(io.cwd, path);
  let stats;
  try {
    stats = statSync(absolute);
  } catch {
    throw new UsageError(`no such file or directory: ${path}`);
  }
  if (!stats.isDirectory()) return [{ name: path, text: readFileSync(absolute, 'utf8') }];
  return yamlFilesUnder(absolute).map((file) => ({ name: relative(io.cwd, file) || file, text: readFileSync(file, 'utf8') }));
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
function locate(text: string, findings: readonly PlacedFinding[]): Located[] {
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
      return { finding, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

function writeText(results: readonly FileResult[], io: Io): void {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const { name, findings } of results) {
    for (const { finding, line, column } of findings) {
      counts[finding.severity]++;
      io.stdout.write(`${name}:${line}:${column}: ${finding.severity} ${finding.ruleId} ${finding.message}\n`);
    }
  }
  const files = `${results.length} file${results.length === 1 ? '' : 's'}`;
  io.stderr.write(`${files} checked: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.information} information\n`);
}

function toJson(results: readonly FileResult[]) {
  return results.flatMap(({ name, findings }) =>
    findings.map(({ finding, line, column, endLine, endColumn }) => ({
      file: name,
      line,
      column,
      endLine,
      endColumn,
      severity: finding.severity,
      ruleId: finding.ruleId,
      message: finding.message,
      fixes: (finding.fixes ?? []).map((fix) => fix.title),
    })),
  );
}

const SARIF_LEVEL: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', information: 'note', hint: 'none' };

/** SARIF 2.1.0, with every rule's metadata so code-scanning UIs can show the docs. */
function toSarif(results: readonly FileResult[]) {
  const index = new Map([...allRules.map((rule) => rule.id), ...PARSE_NOTICE_RULES.map((rule) => rule.id)].map((id, i) => [id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'probe-scope',
            version: version,
            informationUri: 'https://github.com/probe-scope/probe-scope',
            rules: [...allRules.map(sarifRule), ...PARSE_NOTICE_RULES],
          },
        },
        columnKind: 'utf16CodeUnits',
        results: results.flatMap(({ name, findings }) =>
          findings.map(({ finding, line, column, endLine, endColumn }) => ({
            ruleId: finding.ruleId,
            ruleIndex: index.get(finding.ruleId) ?? -1,
            level: SARIF_LEVEL[finding.severity],
            message: { text: finding.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: name === '<stdin>' ? 'stdin' : name.split('\\').join('/') },
                  region: { startLine: line, startColumn: column, endLine, endColumn },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
}

/** The documents that could not be checked, as SARIF rules of their own (no rule page: the message says it all). */
const PARSE_NOTICE_RULES = [
  { id: PARSE_NOTICE_IDS.syntax, name: PARSE_NOTICE_IDS.syntax, shortDescription: { text: 'A Kubernetes document is not valid YAML; its probes are checked only as far as it could be read.' }, defaultConfiguration: { level: 'warning' }, properties: { category: 'yaml' } },
  { id: PARSE_NOTICE_IDS.aliasLimit, name: PARSE_NOTICE_IDS.aliasLimit, shortDescription: { text: 'A Kubernetes document expands more aliases than a YAML parser allows (an alias bomb).' }, defaultConfiguration: { level: 'error' }, properties: { category: 'yaml' } },
];

function sarifRule(rule: Rule) {
  return {
    id: rule.id,
    name: rule.id,
    shortDescription: { text: rule.description },
    helpUri: `${RULE_DOCS_BASE}${rule.id}.md`,
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
    properties: { category: rule.category },
  };
}

/**
 * `probe-scope status`: the cluster core, and with it the Kubernetes client, is imported only for
 * this command, so `probe-scope lint` starts without loading it.
 */
async function status(args: readonly string[], io: Io): Promise<number> {
  const { runStatus } = await import('../../client/src/cluster/cli-status');
  const code = await runStatus(args, io.stdout);
  return typeof code === 'number' ? code : 0;
}

function readStdin(): string {
  return readFileSync(0, 'utf8');
}

// Run when executed (the bundled bin, or `node --import tsx server/src/cli.ts`), not when imported.
const invokedDirectly = process.argv[1] !== undefined && /cli\.(ts|js)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, readStdin, cwd: process.cwd() }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`probe-scope: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
