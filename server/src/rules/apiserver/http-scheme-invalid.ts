import { findPair, pairValue } from '../../manifest/nodes';
import { replaceNode } from '../support/edits';
import type { Finding, Fix, Rule } from '../types';
import { notSupported } from '../support/field-errors';
import { validatedHandlers } from '../support/handlers';
import { spanOf } from '../support/spans';
import { stringValue } from '../support/values';

const ID = 'http-scheme-invalid';
const SCHEMES = ['HTTP', 'HTTPS'] as const;

/**
 * validateHTTPGetAction: scheme must be exactly `HTTP` or `HTTPS` (case-sensitive). An empty or
 * missing scheme is defaulted to HTTP first, so it passes.
 */
export const httpSchemeInvalid: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'error',
  description: 'An httpGet scheme is not exactly HTTP or HTTPS.',
  fixable: true,
  check({ document, target }) {
    const findings: Finding[] = [];
    for (const handler of validatedHandlers(document, target)) {
      if (handler.entry.kind !== 'httpGet') continue;
      const pair = findPair(handler.node, 'scheme');
      const value = pair ? pairValue(pair) : null;
      const scheme = stringValue(value);
      if (!value || scheme === undefined || scheme === '' || (SCHEMES as readonly string[]).includes(scheme)) continue;
      const upper = scheme.trim().toUpperCase();
      const fixes: Fix[] = (SCHEMES as readonly string[]).includes(upper)
        ? [{ title: `Change to ${upper}`, edits: [replaceNode(value, upper)], preferred: true, safe: true }]
        : SCHEMES.map((s) => ({ title: `Change to ${s}`, edits: [replaceNode(value, s)] }));
      findings.push({
        ruleId: ID,
        severity: 'error',
        message: `${notSupported(`${handler.path}.scheme`, scheme, SCHEMES)}. The scheme is case-sensitive: write HTTP or HTTPS.`,
        span: spanOf(value),
        fixes,
      });
    }
    return findings;
  },
};
