import type { Node } from 'yaml';
import { findPair, pairValue } from '../../manifest/nodes';
import type { Finding, Rule } from '../types';
import { replaceNode } from '../support/edits';
import { validatedProbes } from '../support/walk';
import { validatedHandlers } from '../support/handlers';
import { integerField } from '../support/probe-fields';
import { TIMING_DEFAULTS } from '../../../../core/src/probe/timing';
import { spanOf } from '../support/spans';
import { stringValue } from '../support/values';

const ID = 'probe-value-defaulted';
const DEFAULTED = ['timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const;
const HTTP_DEFAULTS: Record<string, string> = { path: '/', scheme: 'HTTP' };

/**
 * Not a problem, a hint: the apiserver defaults before it validates, so `0` timings and an empty
 * httpGet path or scheme are accepted and replaced (kubernetes `pkg/apis/core/v1/defaults.go`,
 * `SetDefaults_Probe`, `SetDefaults_HTTPGetAction`). Says what the value becomes.
 */
export const probeValueDefaulted: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'hint',
  description: 'A probe value is 0 or empty and the apiserver replaces it with the default.',
  fixable: true,
  check({ document, target }) {
    const findings: Finding[] = [];
    for (const probe of validatedProbes(document, target)) {
      for (const name of DEFAULTED) {
        const field = integerField(probe, name);
        if (!field || field.value !== 0) continue;
        findings.push({
          ruleId: ID,
          severity: 'hint',
          message: `${name}: 0 is accepted and becomes ${TIMING_DEFAULTS[name]} (the default).`,
          span: spanOf(field.pair.value as Node),
          fixes: [writeDefault(field.pair.value as Node, String(TIMING_DEFAULTS[name]))],
        });
      }
    }
    for (const handler of validatedHandlers(document, target)) {
      if (handler.entry.kind !== 'httpGet') continue;
      for (const [name, fallback] of Object.entries(HTTP_DEFAULTS)) {
        const pair = findPair(handler.node, name);
        const value = pair ? pairValue(pair) : null;
        if (!value || stringValue(value) !== '') continue;
        findings.push({
          ruleId: ID,
          severity: 'hint',
          message: `${name}: an empty ${name} is accepted and becomes ${fallback} (the default).`,
          span: spanOf(value),
          fixes: [writeDefault(value, fallback)],
        });
      }
    }
    return findings;
  },
};

/**
 * Writing the value the apiserver will store makes the manifest say what runs. Not marked safe:
 * it changes the text of a valid manifest, so `source.fixAll` leaves it to the user.
 */
function writeDefault(node: Node, value: string) {
  return { title: `Write the default explicitly: ${value}`, edits: [replaceNode(node, value)] };
}
