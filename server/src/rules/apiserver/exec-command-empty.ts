import { isSeq } from 'yaml';
import { findPair, pairValue } from '../../manifest/nodes';
import { insertPair, replacePairValue } from '../support/edits';
import type { Finding, Rule } from '../types';
import { required } from '../support/field-errors';
import { validatedHandlers } from '../support/handlers';
import { keySpan } from '../support/spans';
import { missingIsMissing, patchHint } from '../support/partial';

const ID = 'exec-command-empty';
/** A placeholder that is valid in block and flow context alike; the user edits it. */
const PLACEHOLDER = '[/bin/sh, -c, "true"]';

/**
 * validateExecAction: `command` must have at least one element. Missing, null and `[]` all decode
 * to an empty list. The elements themselves are not checked (`[""]` passes).
 */
export const execCommandEmpty: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'error',
  description: 'An exec handler has no command.',
  fixable: true,
  check({ document, facts, target }) {
    const findings: Finding[] = [];
    for (const handler of validatedHandlers(document, target)) {
      if (handler.entry.kind !== 'exec') continue;
      const pair = findPair(handler.node, 'command');
      const value = pair ? pairValue(pair) : null;
      if (value !== null && !(isSeq(value) && value.items.length === 0)) continue;
      if (!missingIsMissing(handler.holder, facts)) continue; // the command may be there, unread near a syntax error
      const edit = pair ? replacePairValue(document.text, pair, PLACEHOLDER) : insertPair(document.text, handler.node, 'command', PLACEHOLDER);
      findings.push({
        ruleId: ID,
        severity: 'error',
        message: `${required(`${handler.path}.command`)}. Give the program to run and its arguments, one list item each.${patchHint(handler.holder.container, facts)}`,
        span: keySpan(pair ?? handler.entry.pair),
        fixes: [{ title: 'Add a command to edit', edits: [edit] }],
      });
    }
    return findings;
  },
};
