/** How `probe-scope lint` prints findings: compiler-style text, JSON, or SARIF 2.1.0 for code scanning. */
import type { PlacedFinding } from '../../server/src/rules/engine';
import { ruleDocsUrl } from '../../server/src/rules/docs-link';
import { allRules } from '../../server/src/rules/index';
import { PARSE_NOTICE_IDS } from '../../server/src/rules/parse-notices';
import type { Rule, Severity } from '../../server/src/rules/types';
import { version } from '../../package.json';
import type { Io } from './output';
import { KUSTOMIZE_SARIF_RULES } from './lint-kustomize';
import { HELM_SARIF_RULES } from './lint-helm';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

/** One checked input and its findings with 1-based positions. */
export interface FileResult {
  readonly name: string;
  readonly findings: readonly Located[];
}

export interface Located {
  readonly finding: PlacedFinding;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** The finding's related places, named like inputs (1-based). */
  readonly related?: readonly LocatedRelated[];
}

/** A related place of a finding (another file of the overlay or chart), 1-based. */
export interface LocatedRelated {
  readonly name: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly message: string;
}

export function writeFindings(format: Format, results: readonly FileResult[], io: Io): void {
  if (format === 'json') io.stdout.write(`${JSON.stringify(toJson(results), null, 2)}\n`);
  else if (format === 'sarif') io.stdout.write(`${JSON.stringify(toSarif(results), null, 2)}\n`);
  else writeText(results, io);
}

/** One line per finding, like a compiler: `file:line:col: severity rule-id message`; counts on stderr. */
function writeText(results: readonly FileResult[], io: Io): void {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const { name, findings } of results) {
    for (const { finding, line, column, related } of findings) {
      counts[finding.severity]++;
      io.stdout.write(`${name}:${line}:${column}: ${finding.severity} ${finding.ruleId} ${finding.message}\n`);
      // Like a compiler's notes: indented, each at its own file:line:col so terminals link them.
      for (const r of related ?? []) io.stdout.write(`  ${r.name}:${r.line}:${r.column}: note: ${r.message}\n`);
    }
  }
  const files = `${results.length} file${results.length === 1 ? '' : 's'}`;
  io.stderr.write(`${files} checked: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.information} information\n`);
}

function toJson(results: readonly FileResult[]) {
  return results.flatMap(({ name, findings }) =>
    findings.map(({ finding, line, column, endLine, endColumn, related }) => ({
      file: name,
      line,
      column,
      endLine,
      endColumn,
      severity: finding.severity,
      ruleId: finding.ruleId,
      message: finding.message,
      fixes: (finding.fixes ?? []).map((fix) => fix.title),
      ...(related?.length ? { related: related.map(({ name: file, ...place }) => ({ file, ...place })) } : {}),
    })),
  );
}

const SARIF_LEVEL: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', information: 'note', hint: 'none' };

/** SARIF 2.1.0, with every rule's metadata so code-scanning UIs can show the docs. */
function toSarif(results: readonly FileResult[]) {
  const index = new Map([...allRules.map((rule) => rule.id), ...PARSE_NOTICE_RULES.map((rule) => rule.id), ...KUSTOMIZE_SARIF_RULES.map((rule) => rule.id), ...HELM_SARIF_RULES.map((rule) => rule.id)].map((id, i) => [id, i]));
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
            rules: [...allRules.map(sarifRule), ...PARSE_NOTICE_RULES, ...KUSTOMIZE_SARIF_RULES, ...HELM_SARIF_RULES],
          },
        },
        columnKind: 'utf16CodeUnits',
        results: results.flatMap(({ name, findings }) =>
          findings.map(({ finding, line, column, endLine, endColumn, related }) => ({
            ruleId: finding.ruleId,
            ruleIndex: index.get(finding.ruleId) ?? -1,
            level: SARIF_LEVEL[finding.severity],
            message: { text: finding.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: artifactUri(name) },
                  region: { startLine: line, startColumn: column, endLine, endColumn },
                },
              },
            ],
            ...(related?.length
              ? {
                  relatedLocations: related.map((r, id) => ({
                    id,
                    message: { text: r.message },
                    physicalLocation: {
                      artifactLocation: { uri: artifactUri(r.name) },
                      region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
                    },
                  })),
                }
              : {}),
          })),
        ),
      },
    ],
  };
}

function artifactUri(name: string): string {
  return name === '<stdin>' ? 'stdin' : name.split('\\').join('/');
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
    helpUri: ruleDocsUrl(rule.id),
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
    properties: { category: rule.category, fixable: rule.fixable },
  };
}
