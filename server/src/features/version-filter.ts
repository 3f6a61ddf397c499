/**
 * Completion and hover at the target Kubernetes version (`probeScope.kubernetesVersion`): completion
 * offers only what the target accepts, hover says when a field is not in the target.
 */
import { describeGate, gateStateAt } from '../../../core/src/kubernetes/feature-gates';
import { fieldSupport, versionedField, type FieldOwner } from '../../../core/src/kubernetes/fields';
import { formatVersion, type KubernetesVersion } from '../../../core/src/kubernetes/versions';
import type { CursorContext } from '../manifest/context/types';
import type { CompletionEntry } from './completion-item';

/** Whose keys the cursor's map holds: the container, a probe, `lifecycle`, or a hook. */
function ownerAt(ctx: CursorContext): FieldOwner | undefined {
  const path = ctx.containerPath;
  if (!path) return undefined;
  if (path.length === 0) return 'container';
  if (ctx.probeKind && path.length === 1) return 'probe';
  if (path[0] === 'lifecycle') return path.length === 1 ? 'lifecycle' : path.length === 2 ? 'hook' : undefined;
  return undefined;
}

/** A preStop skeleton that sleeps, for a target without the sleep handler: an exec sleep instead. */
const SLEEP_BODY = /sleep:(\n\s*)seconds: (\$\{1:\d+\})/;

export function completionsAt(entries: CompletionEntry[], ctx: CursorContext, target: KubernetesVersion | undefined): CompletionEntry[] {
  if (!target) return entries;
  const owner = ownerAt(ctx);
  const sleepAccepted = fieldSupport(versionedField('hook', 'sleep')!, target) === 'accepted';
  const out: CompletionEntry[] = [];
  for (const entry of entries) {
    const field = owner ? versionedField(owner, entry.label) : undefined;
    if (field && fieldSupport(field, target) !== 'accepted') continue;
    if (!sleepAccepted && owner === 'lifecycle' && SLEEP_BODY.test(entry.insertText)) {
      out.push({ ...entry, insertText: entry.insertText.replace(SLEEP_BODY, 'exec:$1command: [/bin/sh, -c, "sleep $2"]') });
      continue;
    }
    out.push(entry);
  }
  return out;
}

/** A line for the hover of a versioned field: when it came, and what the target does with it. */
export function versionNote(ctx: CursorContext, key: string | undefined, target: KubernetesVersion | undefined): string | undefined {
  const owner = ctx.position === 'key' ? ownerAt(ctx) : undefined;
  const field = owner && key ? versionedField(owner, key) : undefined;
  if (!field) return undefined;
  const when = `Kubernetes ${describeGate(field.gate)}.`;
  if (!target) return when;
  const support = fieldSupport(field, target);
  if (support === 'accepted') return `${when} Accepted by the target, ${formatVersion(target)}.`;
  if (support === 'unknown') return `${when} ⚠ Not in the target, ${formatVersion(target)}: its apiserver rejects it as an unknown field.`;
  return `${when} ⚠ ${gateStateAt(field.gate, target)}: the apiserver drops this field.`;
}
