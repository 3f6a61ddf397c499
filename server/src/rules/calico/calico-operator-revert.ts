import { isMap, isSeq, type YAMLMap } from 'yaml';
import type { ManifestDocument, Probe } from '../../manifest/types';
import type { Finding, Rule } from '../types';
import { spanOf } from '../support/spans';
import { containersOf } from '../support/walk';
import { integerValue } from '../support/values';
import { isPatch } from '../support/partial';
import { findPair, pairValue, scalarString } from '../../manifest/nodes';
import { installationOverrideFix, type ProbeTimings } from '../support/installation-override-edit';
import {
  INSTALLATION_GROUP,
  INSTALLATION_KIND,
  OPERATOR_COMPONENTS,
  OPERATOR_IGNORE_ANNOTATION,
  OPERATOR_MANAGED_BY,
  OPERATOR_NAMESPACE,
  PROBE_OVERRIDE_FIELDS,
  PROBE_OVERRIDES_SINCE_OPERATOR,
  type OperatorComponent,
} from '../../../../core/src/calico/tigera-installation';

const ID = 'calico-operator-revert';

/**
 * A probe on a workload the tigera operator renders (calico-node, calico-typha,
 * calico-kube-controllers… in calico-system): the operator reconciles the object back to what it
 * renders (tigera/operator pkg/controller/utils/component.go `createOrUpdateObject`), so an edited
 * probe does not last. What says the operator owns it, from what the operator stamps: a controller
 * ownerReference to the Installation, the label `app.kubernetes.io/managed-by: tigera-operator`
 * (`addManagedByLabel`, v1.42+), or, for the workloads Calico's own manifests keep in kube-system,
 * the namespace calico-system (`common.CalicoNamespace`). `unsupported.operator.tigera.io/ignore:
 * "true"` makes the operator leave the object alone (`IgnoreObject`): no warning then.
 */
export const calicoOperatorRevert: Rule = {
  id: ID,
  category: 'calico',
  severity: 'warning',
  description: 'A probe on a DaemonSet or Deployment the tigera operator owns: the operator reverts it; the timing belongs in the Installation.',
  fixable: true,
  check({ document, manifest, facts }) {
    const owned = operatorOwned(document);
    if (!owned) return [];
    const { component, evidence } = owned;
    const findings: Finding[] = [];
    for (const container of containersOf(document)) {
      if (container.podSpec.fieldPath !== 'spec.template.spec' || container.listKey !== 'containers') continue;
      const entry = component.containers.find((c) => c.name === container.name);
      if (!entry) continue;
      const movable = entry.probes.filter((kind) => !entry.rendered || entry.rendered[kind] !== undefined);
      const timings: ProbeTimings[] = container.probes.flatMap((p) => (movable.includes(p.kind) ? timingsOf(p) : []));
      // A kustomize patch gets no fix: an Installation written there would be one more patch, with no target.
      const fix = timings.length > 0 && !isPatch(facts) ? installationOverrideFix(document, manifest, { component, container: entry.name, probes: timings }) : undefined;
      for (const probe of container.probes) {
        const where = `spec.${component.field}.spec.template.spec.containers (name: ${entry.name}).${probe.kind}`;
        const advice = movable.includes(probe.kind)
          ? `Set its timing in the Installation instead: ${where} takes ${PROBE_OVERRIDE_FIELDS.join(', ')} (tigera operator ${PROBE_OVERRIDES_SINCE_OPERATOR}+); the handler is the operator's.`
          : `The Installation cannot set it either: the operator renders no ${probe.kind} for ${entry.name}.`;
        findings.push({
          ruleId: ID,
          severity: 'warning',
          message: `The tigera operator owns this ${document.kind} (${evidence}) and will revert this ${probe.kind} on its next reconcile. ${advice}`,
          span: spanOf(probe.keyNode),
          ...(fix && movable.includes(probe.kind) ? { fixes: [fix] } : {}),
        });
      }
    }
    return findings;
  },
};

function timingsOf(probe: Probe): ProbeTimings[] {
  if (!probe.node) return [];
  const fields: Array<readonly [string, number]> = [];
  for (const name of PROBE_OVERRIDE_FIELDS) {
    const pair = findPair(probe.node, name);
    const value = pair ? integerValue(pairValue(pair)) : undefined;
    if (value !== undefined && value >= 0) fields.push([name, value]);
  }
  return fields.length > 0 ? [{ kind: probe.kind, fields }] : [];
}

/** The component this document is, and why we think the operator owns it; undefined when it does not. */
function operatorOwned(document: ManifestDocument): { component: OperatorComponent; evidence: string } | undefined {
  if (!document.apiVersion?.startsWith('apps/')) return undefined;
  const component = OPERATOR_COMPONENTS.find((c) => c.workloadKind === document.kind && c.workloadName === document.name);
  const root = document.yaml?.contents;
  const metadata = isMap(root) ? root.get('metadata', true) : undefined;
  if (!component || !isMap(metadata)) return undefined;
  if (stringIn(metadata, 'annotations', OPERATOR_IGNORE_ANNOTATION) === 'true') return undefined;
  const owner = installationOwner(metadata);
  if (owner !== undefined) return { component, evidence: `its owner is the Installation${owner ? ` "${owner}"` : ''}` };
  if (stringIn(metadata, 'labels', 'app.kubernetes.io/managed-by') === OPERATOR_MANAGED_BY) return { component, evidence: `labelled app.kubernetes.io/managed-by: ${OPERATOR_MANAGED_BY}` };
  if (!component.namespaceShared && scalarString(metadata, 'namespace') === OPERATOR_NAMESPACE) return { component, evidence: `namespace ${OPERATOR_NAMESPACE}, where the operator renders ${component.workloadName}` };
  return undefined;
}

function stringIn(metadata: YAMLMap, mapKey: string, key: string): string | undefined {
  const map = metadata.get(mapKey, true);
  return isMap(map) ? scalarString(map, key) : undefined;
}

/** The name of an Installation in ownerReferences ('' when it has none), else undefined. */
function installationOwner(metadata: YAMLMap): string | undefined {
  const refs = metadata.get('ownerReferences', true);
  if (!isSeq(refs)) return undefined;
  for (const ref of refs.items) {
    if (!isMap(ref)) continue;
    if (scalarString(ref, 'kind') === INSTALLATION_KIND && scalarString(ref, 'apiVersion')?.startsWith(`${INSTALLATION_GROUP}/`)) return scalarString(ref, 'name') ?? '';
  }
  return undefined;
}
