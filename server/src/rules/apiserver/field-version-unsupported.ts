import { isScalar, type Pair, type YAMLMap } from 'yaml';
import { describeGate, gateStateAt, onByDefaultSince } from '../../../../core/src/kubernetes/feature-gates';
import { fieldSupport, VERSIONED_FIELDS, type FieldOwner } from '../../../../core/src/kubernetes/fields';
import { formatVersion, type KubernetesVersion } from '../../../../core/src/kubernetes/versions';
import { findPair } from '../../manifest/nodes';
import type { Container } from '../../manifest/types';
import { removePair } from '../support/edits';
import { unknownField } from '../support/field-errors';
import { keySpan } from '../support/spans';
import { typedMaps } from '../support/typed-maps';
import { containersOf } from '../support/walk';
import type { Finding, RuleContext, Rule } from '../types';

const ID = 'field-version-unsupported';

/**
 * A probe, hook, lifecycle or container field newer than the target Kubernetes version
 * (`probeScope.kubernetesVersion`, `--kubernetes-version`). A version whose API has no such field
 * rejects it as an unknown field (strict decoding; before 1.25 kubectl's schema validation, with the
 * same field); a version that has the field behind a gate that is off by default drops it silently on
 * create (pkg/api/pod/util.go dropDisabledFields), which we say as a warning. Without a target the
 * rule says nothing: the newest release accepts every field.
 */
export const fieldVersionUnsupported: Rule = {
  id: ID,
  category: 'apiserver',
  severity: 'error',
  description: 'A probe, lifecycle or container field is newer than the target Kubernetes version (unknown there, or dropped behind a feature gate that is off).',
  fixable: true,
  check(ctx) {
    const { document, target } = ctx;
    if (!target) return [];
    const findings: Finding[] = [];
    for (const map of typedMaps(document, target)) {
      const owner = map.schema.kind;
      if (owner !== 'probe' && owner !== 'hook' && owner !== 'lifecycle') continue;
      for (const pair of map.node.items) findings.push(...check(ctx, target, owner, map.node, pair as Pair, `${map.path}`, map.container));
    }
    for (const container of containersOf(document)) {
      for (const name of ['restartPolicy', 'restartPolicyRules']) {
        const pair = findPair(container.node, name);
        if (pair) findings.push(...check(ctx, target, 'container', container.node, pair, container.fieldPath, container));
      }
    }
    return findings;
  },
};

function check(ctx: RuleContext, target: KubernetesVersion, owner: FieldOwner, map: YAMLMap, pair: Pair, parentPath: string, container: Container): Finding[] {
  const key = pair.key;
  if (!isScalar(key)) return [];
  const field = VERSIONED_FIELDS.find((f) => f.owner === owner && f.name === String(key.value));
  if (!field) return [];
  const support = fieldSupport(field, target);
  if (support === 'accepted') return [];
  // Regular containers' restartPolicy is validated (Forbidden) where the field exists: container-restart-policy says that.
  if (support === 'dropped' && field.name === 'restartPolicy' && container.kind !== 'sidecar' && container.kind !== 'init') return [];
  const path = `${parentPath}.${field.name}`;
  const remove = { title: `Remove ${field.name} (not in Kubernetes ${formatVersion(target)})`, edits: [removePair(ctx.document.text, map, pair)] };
  if (support === 'unknown') {
    return [
      {
        ruleId: ID,
        severity: 'error',
        message: `${unknownField(ctx.document, path)}. Kubernetes ${formatVersion(target)} does not have ${field.name}: ${describeGate(field.gate)}.`,
        span: keySpan(pair),
        fixes: [remove],
      },
    ];
  }
  const on = onByDefaultSince(field.gate);
  return [
    {
      ruleId: ID,
      severity: 'warning',
      message:
        `${path}: Kubernetes ${formatVersion(target)} accepts this field but ${field.whenDisabled}: ${gateStateAt(field.gate, target)}. ` +
        (on !== undefined ? `It is on by default from 1.${on}.` : `No release we know turns it on by default; enable the ${field.gate} feature gate.`),
      span: keySpan(pair),
      fixes: [remove],
    },
  ];
}

