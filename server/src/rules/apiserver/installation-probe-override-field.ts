import { isScalar, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { removePair, renameKey } from '../support/edits';
import type { Finding, Fix, Rule } from '../types';
import { unknownField } from '../support/field-errors';
import { nearest } from '../support/names';
import { keySpan } from '../support/spans';
import { operatorOverrideContainers } from '../support/walk';
import { componentOf, probesAccepted, SINCE_NOTE } from '../support/installation';
import { PROBE_OVERRIDE_FIELDS } from '../../../../core/src/calico/tigera-installation';
import { HANDLER_ORDER } from '../../manifest/types';

const ID = 'installation-probe-override-field';
const TIMINGS = PROBE_OVERRIDE_FIELDS.join(', ');

/**
 * An Installation's probe override is tigera/operator's `ProbeOverride` (api/v1/probe_types.go):
 * four timing fields, no handler, no successThreshold, no terminationGracePeriodSeconds. The CRD's
 * structural schema has nothing else, so kubectl's strict field validation rejects the Installation
 * (with `--validate=false` the apiserver prunes the field and the operator never sees it). The same
 * goes for a probe the container override's type does not have (`startupProbe` is calico-node's
 * only; init container overrides take no probe).
 */
export const installationProbeOverrideField: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'error',
  description: "A field in an Installation's probe override that the tigera operator's ProbeOverride does not have (a handler, successThreshold…), or a probe the container override cannot take.",
  fixable: true,
  check({ document }) {
    const findings: Finding[] = [];
    for (const container of operatorOverrideContainers(document)) {
      const accepted = probesAccepted(container);
      for (const probe of container.probes) {
        if (!accepted.includes(probe.kind)) {
          const why =
            container.listKey !== 'containers'
              ? 'An init container override takes name and resources only.'
              : `The operator's override for ${container.name ?? 'this container'} takes ${accepted.join(' and ')} only.`;
          findings.push({
            ruleId: ID,
            severity: 'error',
            message: `${unknownField(document, probe.fieldPath)}. ${why}`,
            span: keySpan(probe.pair),
            fixes: [{ title: `Remove ${probe.kind}`, edits: [removePair(document.text, container.node, probe.pair)] }],
          });
          continue;
        }
        if (!probe.node) continue;
        for (const pair of probe.node.items) {
          if (!isScalar(pair.key)) continue;
          const key = String(pair.key.value);
          if ((PROBE_OVERRIDE_FIELDS as readonly string[]).includes(key)) continue;
          const suggestion = nearest(key, PROBE_OVERRIDE_FIELDS);
          const isHandler = (HANDLER_ORDER as readonly string[]).includes(key);
          const advice = isHandler
            ? `The operator sets ${componentOf(container)?.workloadName ?? 'the workload'}'s probe handler itself and cannot be told another one; an Installation sets only ${TIMINGS}.`
            : suggestion
              ? `Did you mean ${suggestion}?`
              : `An Installation's probe override takes ${TIMINGS} only. ${SINCE_NOTE}`;
          findings.push({
            ruleId: ID,
            severity: 'error',
            message: `${unknownField(document, `${probe.fieldPath}.${key}`)}. ${advice}`,
            span: keySpan(pair),
            fixes: fixesFor(document.text, probe.node, pair as Pair<Scalar, unknown>, key, suggestion),
          });
        }
      }
    }
    return findings;
  },
};

function fixesFor(text: string, map: YAMLMap, pair: Pair<Scalar, unknown>, key: string, suggestion: string | undefined): Fix[] {
  const fixes: Fix[] = [];
  const taken = suggestion !== undefined && map.items.some((p) => isScalar(p.key) && p.key.value === suggestion);
  if (suggestion && !taken) fixes.push({ title: `Rename to ${suggestion}`, edits: [renameKey(pair, suggestion)], preferred: true });
  fixes.push({ title: `Remove ${key}`, edits: [removePair(text, map, pair)], preferred: !suggestion || taken });
  return fixes;
}
