import { removePair, setPair } from '../support/edits';
import type { Finding, Rule } from '../types';
import { containersOf } from '../support/walk';
import { forbidden } from '../support/field-errors';
import { INIT_FORBIDDEN_ORDER, setFields } from '../support/forbidden-fields';
import { keySpan } from '../support/spans';
import { kindAt, supportAt } from '../support/target';
import type { KubernetesVersion } from '../../../../core/src/kubernetes/versions';

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
  check({ document, target }) {
    const findings: Finding[] = [];
    for (const container of containersOf(document)) {
      if (kindAt(container, target) !== 'init') continue;
      for (const { name, pair } of setFields(container, INIT_FORBIDDEN_ORDER)) {
        findings.push({
          ruleId: ID,
          severity: 'error',
          message:
            `${initContainerError(`${container.fieldPath}.${name}`, target)}. ` +
            'An init container runs to completion before the app starts; remove it, or make the container a sidecar with restartPolicy: Always (Kubernetes 1.29+).',
          span: keySpan(pair),
          fixes: [
            { title: `Remove ${name}`, edits: [removePair(document.text, container.node, pair)], preferred: true },
            // Only where the target runs sidecars: elsewhere restartPolicy would be unknown or dropped.
            ...(supportAt('container', 'restartPolicy', target) === 'accepted'
              ? [{ title: 'Make it a sidecar (restartPolicy: Always)', edits: [setPair(document.text, container.node, 'restartPolicy', 'Always')] }]
              : []),
          ],
        });
      }
    }
    return findings;
  },
};

/**
 * Before sidecars (the apiserver without `restartPolicy` on containers, 1.20–1.27: validateInitContainers
 * of those releases) each field was an Invalid value with the Go value printed; from 1.28 a Forbidden.
 */
function initContainerError(path: string, target: KubernetesVersion | undefined): string {
  if (supportAt('container', 'restartPolicy', target) === 'unknown') return `${path}: Invalid value: {…}: must not be set for init containers`;
  return forbidden(path, 'may not be set for init containers without restartPolicy=Always');
}
