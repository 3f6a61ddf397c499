import { isMap, isSeq } from 'yaml';
import { findPair, pairValue } from '../../manifest/nodes';
import { replaceNode } from '../support/edits';
import type { Finding, Fix, Rule } from '../types';
import { invalid } from '../support/field-errors';
import { validatedHandlers } from '../support/handlers';
import { HEADER_NAME_MESSAGE, isValidHeaderName } from '../support/names';
import { spanOf } from '../support/spans';
import { jsonTypeOf, stringValue } from '../support/values';

const ID = 'http-header-name-invalid';

/**
 * validateHTTPGetAction: every httpHeaders name must match `[-A-Za-z0-9]+`. The error's path is
 * `….httpGet.httpHeaders` with no index; one error per bad name. Values are not validated.
 */
export const httpHeaderNameInvalid: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'error',
  description: 'An httpGet header name has characters other than letters, digits and "-".',
  fixable: true,
  check({ document, target }) {
    const findings: Finding[] = [];
    for (const handler of validatedHandlers(document, target)) {
      if (handler.entry.kind !== 'httpGet') continue;
      const headersPair = findPair(handler.node, 'httpHeaders');
      const headers = headersPair ? pairValue(headersPair) : null;
      if (!isSeq(headers)) continue;
      for (const item of headers.items) {
        if (!isMap(item)) continue;
        const namePair = findPair(item, 'name');
        const nameNode = namePair ? pairValue(namePair) : null;
        // A non-string name is a decode error (value-type-mismatch); a missing one decodes as "".
        if (nameNode && jsonTypeOf(nameNode) !== 'string') continue;
        const name = stringValue(nameNode) ?? '';
        if (isValidHeaderName(name)) continue;
        const cleaned = cleanHeaderName(name);
        const fixes: Fix[] =
          nameNode && cleaned && isValidHeaderName(cleaned)
            ? [{ title: `Rename the header to ${cleaned}`, edits: [replaceNode(nameNode, cleaned)], preferred: true }]
            : [];
        findings.push({
          ruleId: ID,
          severity: 'error',
          message: `${invalid(`${handler.path}.httpHeaders`, name, HEADER_NAME_MESSAGE)}. Write the name without a colon or spaces, using '-' between words.`,
          span: spanOf(nameNode ?? item),
          fixes,
        });
      }
    }
    return findings;
  },
};

/** `X_Forwarded_Proto` → `X-Forwarded-Proto`, `Host:` → `Host`. */
function cleanHeaderName(name: string): string {
  return name
    .trim()
    .replace(/:+$/, '')
    .replace(/[^-A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
