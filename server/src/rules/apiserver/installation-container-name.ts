import { isScalar, type Node } from 'yaml';
import { replaceNode } from '../support/edits';
import type { Finding, Rule } from '../types';
import { invalid, notSupported, required } from '../support/field-errors';
import { jsonTypeOf } from '../support/values';
import { spanOf } from '../support/spans';
import { operatorOverrideContainers } from '../support/walk';
import { componentOf } from '../support/installation';
import { findPair, pairValue } from '../../manifest/nodes';

const ID = 'installation-container-name';

/**
 * A container override's `name` is an enum in the Installation CRD (tigera/operator api/v1
 * `+kubebuilder:validation:Enum` on each `*Container.Name`, e.g. `calico-node` for
 * calicoNodeDaemonSet) and required: the apiserver rejects any other value with its enum message.
 * Only container overrides are checked; init container overrides have enums of their own.
 */
export const installationContainerName: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'error',
  description: "An Installation's container override names a container the tigera operator does not render there (or names none).",
  fixable: true,
  check({ document }) {
    const findings: Finding[] = [];
    for (const container of operatorOverrideContainers(document)) {
      const component = componentOf(container);
      if (!component || container.listKey !== 'containers') continue;
      const names = component.containers.map((c) => c.name);
      const pair = findPair(container.node, 'name');
      const value = pair ? pairValue(pair) : null;
      if (!pair || value === null) {
        // A map cut short by a syntax error may only look nameless.
        if (document.parseErrors.length > 0) continue;
        findings.push({
          ruleId: ID,
          severity: 'error',
          message: `${required(`${container.fieldPath}.name`)}. Name the container this override is for: ${names.join(', ')}.`,
          span: spanOf((pair?.key ?? container.node.items[0]?.key ?? container.node) as Node),
        });
        continue;
      }
      const name = isScalar(value) ? value.value : undefined;
      if (typeof name === 'string' && names.includes(name)) continue;
      const type = jsonTypeOf(value);
      if (type !== 'string') {
        // The CRD's schema checks the type before the enum (kube-openapi validate's wording).
        if (type === undefined || type === 'null') continue;
        const shown = type === 'bool' ? 'boolean' : type === 'number' ? 'integer' : type;
        const path = `${container.fieldPath}.name`;
        findings.push({
          ruleId: ID,
          severity: 'error',
          message: `${invalid(path, shown, `${path} in body must be of type string: ${JSON.stringify(shown)}`)}. Name the container this override is for: ${names.join(', ')}.`,
          span: spanOf(value),
          fixes: names.map((n, i) => ({ title: `Use ${n}`, edits: [replaceNode(value, n)], preferred: i === 0 && names.length === 1 })),
        });
        continue;
      }
      findings.push({
        ruleId: ID,
        severity: 'error',
        message: `${notSupported(`${container.fieldPath}.name`, String(name), names)}. The operator renders ${component.workloadName} with ${names.length === 1 ? 'one container' : 'these containers'}; an override for another name would not apply.`,
        span: spanOf(value),
        fixes: names.map((n, i) => ({ title: `Use ${n}`, edits: [replaceNode(value, n)], preferred: i === 0 && names.length === 1 })),
      });
    }
    return findings;
  },
};
