import { isScalar, isSeq, type YAMLSeq } from 'yaml';
import { findPair, pairValue } from '../../manifest/nodes';
import { columnAt } from '../../manifest/lines';
import { replaceNode, yamlString } from '../support/edits';
import type { Edit, Finding, Fix, Rule } from '../types';
import { validatedHandlers } from '../support/handlers';
import { spanOf } from '../support/spans';
import { jsonTypeOf } from '../support/values';

const ID = 'exec-shell-syntax';

/**
 * Run time: exec commands are not run by a shell. Pipes, `&&`, `;`, redirections, `$VAR` and
 * globs reach the program as literal arguments, and a first item with spaces is looked up as one
 * file name. The apiserver accepts all of it; the check then fails (or, worse, passes) for the
 * wrong reason. Commands that start a shell (sh, bash, … also via env/busybox) are left alone.
 */
export const execShellSyntax: Rule = {
  id: ID,
  category: 'runtime',
  severity: 'warning',
  description: 'An exec command uses shell syntax (|, &&, ;, >, $VAR, globs) but does not run a shell.',
  fixable: true,
  check({ document }) {
    const findings: Finding[] = [];
    for (const handler of validatedHandlers(document)) {
      if (handler.entry.kind !== 'exec') continue;
      const pair = findPair(handler.node, 'command');
      const list = pair ? pairValue(pair) : null;
      if (!isSeq(list) || list.items.length === 0) continue;
      // Only plain string argv: other item types are decode errors (value-type-mismatch).
      if (!list.items.every((item) => isScalar(item) && jsonTypeOf(item) === 'string')) continue;
      const argv = list.items.map((item) => String((item as { value: unknown }).value));
      if (startsShell(argv)) continue;
      const found = findShellSyntax(argv);
      if (!found) continue;
      const item = list.items[found.index]!;
      const program = found.index === 0;
      findings.push({
        ruleId: ID,
        severity: 'warning',
        message: program
          ? `The first item is the program to run: ${JSON.stringify(argv[0])} is looked up as one file name, spaces and all, and the check fails. The command is not run by a shell; split it into a list or run it with sh -c.`
          : `${JSON.stringify(found.construct)} is shell syntax, but the command is not run by a shell: ${argv[0]} gets it as a literal argument. Run the command with sh -c (the image needs a shell).`,
        span: spanOf(item as never),
        fixes: fixesFor(document.text, list, argv, program),
      });
    }
    return findings;
  },
};

function fixesFor(text: string, list: YAMLSeq, argv: string[], program: boolean): Fix[] {
  const script = toScript(argv);
  const fixes: Fix[] = [{ title: 'Run it with sh -c', edits: [replaceList(text, list, ['sh', '-c', script], true)], preferred: true }];
  const words = argv.flatMap((arg, i) => (i === 0 ? arg.trim().split(/\s+/) : [arg]));
  if (program && !findShellSyntax(words)) {
    fixes.unshift({ title: 'Split the first item into words', edits: [replaceList(text, list, words, false)], preferred: true });
    fixes[1] = { ...fixes[1]!, preferred: false };
  }
  return fixes;
}

/** Replaces a list's items, keeping its style (flow on one line, block one `- item` a line). */
function replaceList(text: string, list: YAMLSeq, items: string[], quoteAll: boolean): Edit {
  // Flow lists get the familiar ["sh", "-c", "…"]; block items stay plain where YAML allows.
  if (list.flow) return replaceNode(list, `[${items.map((item) => (quoteAll ? JSON.stringify(item) : yamlString(item))).join(', ')}]`);
  const render = yamlString;
  const first = list.items[0] as { range: number[] };
  const last = list.items[list.items.length - 1] as { range: number[] };
  const dash = text.lastIndexOf('-', first.range[0]);
  const indent = ' '.repeat(columnAt(text, dash));
  const body = items.map((item, i) => `${i === 0 ? '' : indent}- ${render(item)}`).join('\n');
  return { start: dash, end: last.range[1], newText: body };
}

// ---------------------------------------------------------------------------------------------
// Shell syntax in an argv. The kubelet execs the argv directly (CRI ExecSync); only `$(VAR)` is
// expanded, by the kubelet itself, from the container's env.

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);
/** Programs that run the next argument as the real command. */
const WRAPPERS = new Set(['env', 'busybox']);

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** True when the argv starts a shell (possibly through `env` or `busybox`). */
function startsShell(argv: readonly string[]): boolean {
  let i = 0;
  while (i < argv.length && WRAPPERS.has(basename(argv[i]!))) {
    i++;
    // env's own options and VAR=value assignments come before the command.
    while (i < argv.length && (/^-/.test(argv[i]!) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]!))) i++;
  }
  return i < argv.length && SHELLS.has(basename(argv[i]!));
}

const OPERATOR_TOKEN = /^(\|\|?|&&|;|&|\d?>>?(&\d)?|\d?>>?\S+|<|`.*`)$/;
const OPERATOR_INSIDE = /\s(\|\|?|&&|>>?|<|2>&1)(\s|$)|;\s|\s;|`[^`]*`/;
const VARIABLE = /\$(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)/;
const GLOB = /^[^\s:]*(\*|\?|\[[^\]]+\])[^\s:]*$/;

interface ShellSyntax {
  /** Index of the argv item. */
  readonly index: number;
  /** The shell construct found, as written. */
  readonly construct: string;
}

/** The first argv item (after argv[0]) that uses shell syntax. */
function findShellSyntax(argv: readonly string[]): ShellSyntax | undefined {
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (index === 0) {
      // A program name with spaces: the whole string is looked up as one file name.
      if (/\S\s+\S/.test(arg.trim()) || OPERATOR_INSIDE.test(arg)) return { index, construct: arg };
      continue;
    }
    if (OPERATOR_TOKEN.test(arg)) return { index, construct: arg };
    const inside = OPERATOR_INSIDE.exec(arg);
    if (inside) return { index, construct: inside[0].trim() };
    const variable = VARIABLE.exec(arg);
    if (variable) return { index, construct: variable[0] };
    if (index > 0 && GLOB.test(arg) && (arg.includes('/') || arg.startsWith('*'))) return { index, construct: arg };
  }
  return undefined;
}

/**
 * The argv as one `sh -c` script: items joined with spaces, as written. Whoever put `|` or `&&`
 * in an argv was writing shell, so the items are shell words already (`"test -f /x"` is meant as
 * three words, not one).
 */
function toScript(argv: readonly string[]): string {
  return argv.join(' ');
}
