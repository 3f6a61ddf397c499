import { isScalar, type Pair, type Scalar } from 'yaml';
import { removePair, renameKey } from '../support/edits';
import type { Finding, Fix, Rule } from '../types';
import { unknownField } from '../support/field-errors';
import { nearest } from '../support/names';
import { keySpan } from '../support/spans';
import { typedMaps, type TypedMap } from '../support/typed-maps';
import { isPatch } from '../support/partial';
import { directiveOf, directiveProblem, PATCH_DIRECTIVE } from '../../kustomize/directives';

const ID = 'probe-unknown-field';

/** Why a known word is unknown in this particular place. */
const MISPLACED: Record<string, Record<string, string>> = {
  probe: { sleep: 'sleep is a lifecycle hook handler; probes cannot use it.' },
  hook: { grpc: 'grpc is a probe handler; lifecycle hooks cannot use it.' },
};

/**
 * kubectl's default strict field validation rejects a field the Go struct does not have (with
 * `--validate=false` the field is silently dropped, which for a misspelled handler leaves a probe
 * with no handler). Checked under probes, lifecycle, hooks, handlers and httpHeaders items of
 * every container. Feature-gated fields of newer releases (`grpc.mode`, `httpGet.protocol`) are
 * not reported.
 */
export const probeUnknownField: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'error',
  description: 'A probe, handler, httpHeaders item or lifecycle hook has a field Kubernetes does not know (often a typo).',
  fixable: true,
  check({ document, facts, target }) {
    const findings: Finding[] = [];
    for (const map of typedMaps(document, target)) {
      const known = map.schema.fields.map((f) => f.name);
      for (const pair of map.node.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (known.includes(key) || map.schema.gated.includes(key)) continue;
        if (directiveOf(key)) {
          const value = isScalar(pair.value) ? pair.value.value : pair.value;
          const problem = directiveProblem(key, value, isPatch(facts));
          if (problem) {
            // A bad `$patch` value fails the kustomize build; the other directives reach the apiserver.
            const kustomizeFails = isPatch(facts) && key === PATCH_DIRECTIVE;
            findings.push({
              ruleId: ID,
              severity: 'error',
              message: kustomizeFails ? `${map.path}.${key}: ${problem}` : `${unknownField(document, `${map.path}.${key}`)}. ${problem}`,
              span: keySpan(pair),
              fixes: [{ title: `Remove ${key}`, edits: [removePair(document.text, map.node, pair)] }],
            });
          }
          continue;
        }
        const suggestion = nearest(key, known);
        const misplaced = MISPLACED[map.schema.kind]?.[key];
        const advice = misplaced ?? (suggestion ? `Did you mean ${suggestion}?` : `Known fields here: ${known.join(', ')}.`);
        findings.push({
          ruleId: ID,
          severity: 'error',
          message: `${unknownField(document, `${map.path}.${key}`)}. ${advice}`,
          span: keySpan(pair),
          fixes: fixesFor(document.text, map, pair as Pair<Scalar, unknown>, key, suggestion),
        });
      }
    }
    return findings;
  },
};

function fixesFor(text: string, map: TypedMap, pair: Pair<Scalar, unknown>, key: string, suggestion: string | undefined): Fix[] {
  const fixes: Fix[] = [];
  const taken = suggestion !== undefined && map.node.items.some((p) => isScalar(p.key) && p.key.value === suggestion);
  if (suggestion && !taken) {
    const caseOnly = suggestion.toLowerCase() === key.toLowerCase();
    fixes.push({ title: `Rename to ${suggestion}`, edits: [renameKey(pair, suggestion)], preferred: true, safe: caseOnly });
  }
  fixes.push({ title: `Remove ${key}`, edits: [removePair(text, map.node, pair)] });
  return fixes;
}
