import { isScalar } from 'yaml';
import { gateEnabled } from '../../../../core/src/kubernetes/feature-gates';
import { formatVersion } from '../../../../core/src/kubernetes/versions';
import { findPair } from '../../manifest/nodes';
import { removePair, replacePairValue } from '../support/edits';
import { forbidden, notSupported } from '../support/field-errors';
import { valueOrKeySpan } from '../support/spans';
import { supportAt } from '../support/target';
import { containersOf } from '../support/walk';
import type { Finding, Rule } from '../types';

const ID = 'container-restart-policy';

/**
 * A container's own `restartPolicy`, which decides whether an init container is a sidecar and so
 * whether it may have probes (kubernetes `pkg/apis/core/validation/validation.go`):
 * - init containers (validateInitContainers → validateInitContainerRestartPolicy, 1.28+): only
 *   "Always" (a sidecar); anything else is NotSupported. With ContainerRestartRules on (beta, on by
 *   default from 1.35; KEP-5307 "try-once init containers") OnFailure and Never are accepted too.
 * - regular containers (validateContainers, 1.28–1.34): Forbidden, "may not be set for non-init
 *   containers"; from 1.35 (ContainerRestartRules) a per-container policy is allowed.
 * Where the target has no `restartPolicy` field or drops it, field-version-unsupported reports it.
 */
export const containerRestartPolicy: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'error',
  description: "A container's restartPolicy is a value the apiserver rejects (init containers: Always only, for sidecars) or is set on a regular container where that is forbidden.",
  fixable: true,
  check({ document, target }) {
    const findings: Finding[] = [];
    const rulesOn = target ? gateEnabled('ContainerRestartRules', target) : true;
    for (const container of containersOf(document)) {
      const pair = findPair(container.node, 'restartPolicy');
      if (!pair || !isScalar(pair.value) || pair.value.value === null) continue;
      if (container.listKey === 'ephemeralContainers') continue;
      const value = String(pair.value.value);
      const path = `${container.fieldPath}.restartPolicy`;
      const version = target ? `Kubernetes ${formatVersion(target)}` : 'Kubernetes';
      if (container.listKey === 'initContainers') {
        if (supportAt('container', 'restartPolicy', target) !== 'accepted') continue;
        const supported = rulesOn ? ['Always', 'OnFailure', 'Never'] : ['Always'];
        if (supported.includes(value)) continue;
        findings.push({
          ruleId: ID,
          severity: 'error',
          message:
            `${notSupported(path, value, supported)}. ` +
            (rulesOn
              ? 'Always makes the init container a sidecar (it may then have probes); OnFailure and Never set how a run-to-completion init container is retried.'
              : `On an init container, ${version} only accepts Always, which makes it a sidecar that keeps running beside the app (and may then have probes). Remove it for a run-to-completion init container.`),
          span: valueOrKeySpan(pair),
          fixes: [
            { title: 'Make it a sidecar (restartPolicy: Always)', edits: [replacePairValue(document.text, pair, 'Always')] },
            { title: 'Remove restartPolicy', edits: [removePair(document.text, container.node, pair)] },
          ],
        });
        continue;
      }
      if (rulesOn || supportAt('container', 'restartPolicy', target) === 'unknown') continue;
      findings.push({
        ruleId: ID,
        severity: 'error',
        message: `${forbidden(path, 'may not be set for non-init containers')}. A sidecar is an init container with restartPolicy: Always; the pod's restartPolicy covers regular containers in ${version}.`,
        span: valueOrKeySpan(pair),
        fixes: [{ title: 'Remove restartPolicy', edits: [removePair(document.text, container.node, pair)], preferred: true }],
      });
    }
    return findings;
  },
};
