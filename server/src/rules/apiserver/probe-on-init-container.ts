import { removePair, setPair } from '../support/edits';
import type { Finding, Rule } from '../types';
import { containersOf } from '../support/walk';
import { forbidden } from '../support/field-errors';
import { INIT_FORBIDDEN_ORDER, setFields } from '../support/forbidden-fields';
import { keySpan } from '../support/spans';

const ID = 'probe-on-init-container';

/**
 * validateInitContainers: an init container without `restartPolicy: Always` may not set
 * lifecycle or any probe; each set field is one Forbidden and its body is not validated. With
 * `restartPolicy: Always` (a sidecar, Kubernetes 1.28+) they are allowed and validated.
 */
export const probeOnInitContainer: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'error',
  description: 'An init container without restartPolicy: Always sets a probe or lifecycle.',
  fixable: true,
  check({ document }) {
    const findings: Finding[] = [];
    for (const container of containersOf(document)) {
      if (container.kind !== 'init') continue;
      for (const { name, pair } of setFields(container, INIT_FORBIDDEN_ORDER)) {
        findings.push({
          ruleId: ID,
          severity: 'error',
          message:
            `${forbidden(`${container.fieldPath}.${name}`, 'may not be set for init containers without restartPolicy=Always')}. ` +
            'An init container runs to completion before the app starts; remove it, or make the container a sidecar with restartPolicy: Always (Kubernetes 1.29+).',
          span: keySpan(pair),
          fixes: [
            { title: `Remove ${name}`, edits: [removePair(document.text, container.node, pair)], preferred: true },
            { title: 'Make it a sidecar (restartPolicy: Always)', edits: [setPair(document.text, container.node, 'restartPolicy', 'Always')] },
          ],
        });
      }
    }
    return findings;
  },
};
