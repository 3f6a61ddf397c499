import { isScalar, isSeq, type YAMLSeq } from 'yaml';
import { findPair, pairValue } from '../../manifest/nodes';
import { columnOf, replaceNode, yamlString } from '../edits';
import type { Edit, Finding, Fix, Rule } from '../types';
import { validatedHandlers } from './support/handlers';
import { findShellSyntax, startsShell, toScript } from './support/shell';
import { spanOf } from './support/spans';
import { jsonTypeOf } from './support/values';

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
  const indent = ' '.repeat(columnOf(text, dash));
  const body = items.map((item, i) => `${i === 0 ? '' : indent}- ${render(item)}`).join('\n');
  return { start: dash, end: last.range[1], newText: body };
}
