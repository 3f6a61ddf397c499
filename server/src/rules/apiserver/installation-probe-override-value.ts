import type { Node } from 'yaml';
import { removePair, replaceNode } from '../support/edits';
import type { Finding, Rule } from '../types';
import { invalid } from '../support/field-errors';
import { spanOf } from '../support/spans';
import { operatorOverrideContainers } from '../support/walk';
import { componentOf, probesAccepted } from '../support/installation';
import { findPair, pairValue } from '../../manifest/nodes';
import { integerValue, jsonTypeOf, quotedInteger } from '../support/values';
import { PROBE_OVERRIDE_FIELDS } from '../../../../core/src/calico/tigera-installation';

const ID = 'installation-probe-override-value';
/** The names the CRD validator gives JSON types in "must be of type integer: …" (kube-openapi validate). */
const OPENAPI_TYPE: Record<string, string> = { string: 'string', bool: 'boolean', number: 'number', object: 'object', array: 'array' };

/**
 * The values of an Installation's probe override. The CRD declares each field `type: integer`
 * (int32), so anything else fails the CRD's schema validation and the Installation is rejected.
 * It declares no minimum and the operator does not check either (pkg/controller/installation
 * validation.go has no probe rule): a negative value is accepted, copied into the workload by
 * `applyProbeOverride`, and then kube-apiserver rejects that DaemonSet or Deployment
 * (`validateProbe`: must be greater than or equal to 0), so the operator cannot update it and
 * reports the component degraded.
 */
export const installationProbeOverrideValue: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'error',
  description: "A value in an Installation's probe override that is not a whole number, or is negative (the workload the operator renders from it is then rejected).",
  fixable: true,
  check({ document }) {
    const findings: Finding[] = [];
    for (const container of operatorOverrideContainers(document)) {
      const accepted = probesAccepted(container);
      for (const probe of container.probes) {
        if (!accepted.includes(probe.kind)) continue;
        if (!probe.node) {
          // `readinessProbe: 5` or a list: the CRD declares an object.
          const type = jsonTypeOf(probe.value);
          if (type === undefined || type === 'null') continue;
          const shown = OPENAPI_TYPE[type] ?? type;
          const shownType = shown === 'number' && integerValue(probe.value) !== undefined ? 'integer' : shown;
          findings.push({
            ruleId: ID,
            severity: 'error',
            message: `${invalid(probe.fieldPath, shownType, `${probe.fieldPath} in body must be of type object: ${JSON.stringify(shownType)}`)}. Write a map of timing fields here, e.g. {periodSeconds: 10}.`,
            span: spanOf(probe.value!),
          });
          continue;
        }
        for (const name of PROBE_OVERRIDE_FIELDS) {
          const pair = findPair(probe.node, name);
          const value = pair ? pairValue(pair) : null;
          if (!value) continue;
          const path = `${probe.fieldPath}.${name}`;
          const number = integerValue(value);
          if (number === undefined) {
            const type = jsonTypeOf(value);
            if (type === undefined || type === 'null') continue;
            const shown = OPENAPI_TYPE[type] ?? type;
            const meant = quotedInteger(value);
            findings.push({
              ruleId: ID,
              severity: 'error',
              message: `${invalid(path, shown, `${path} in body must be of type integer: ${JSON.stringify(shown)}`)}. The Installation CRD declares ${name} a whole number of ${name === 'failureThreshold' ? 'failures' : 'seconds'}; write it without quotes.`,
              span: spanOf(value),
              fixes: meant !== undefined ? [{ title: `Write ${meant} as a number`, edits: [replaceNode(value, String(meant))], preferred: true, safe: true }] : [],
            });
            continue;
          }
          if (number >= 0) continue;
          const component = componentOf(container);
          const workload = component ? `${component.workloadKind} ${component.workloadName}` : 'workload';
          findings.push({
            ruleId: ID,
            severity: 'error',
            message:
              `${invalid(path, number, 'must be greater than or equal to 0')}. The Installation is accepted (its CRD sets no minimum), but the operator copies the value into the ${workload} it renders and kube-apiserver rejects that, ` +
              `so the operator cannot update it and reports it degraded. Use 0 or more.`,
            span: spanOf(value as Node),
            fixes: [{ title: `Remove ${name} (keep the operator's value)`, edits: [removePair(document.text, probe.node, pair!)], preferred: true }],
          });
        }
      }
    }
    return findings;
  },
};
