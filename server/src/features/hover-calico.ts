/**
 * Hover text for the items of a Calico health command: what a check looks at, the messages it
 * prints when it fails and their usual causes.
 */
import {
  CALICO_NODE_GENERIC_FAILURES,
  CHECK_STATUS_FAILURES,
  checkStatusFlag,
  calicoHealthFlag,
  healthCommandForm,
  nonCheckFlag,
  type FailureMessage,
} from '../knowledge/calico';
import { type ProbeField } from '../../../core/src/probe/kinds';

function failureList(failures: readonly FailureMessage[]): string {
  return failures
    .map((f) => `- \`${f.text}\`${f.versions ? ` (${f.versions})` : ''}  \n  ${f.causes} *${f.advice}*`)
    .join('\n');
}

function wrongKindNote(flagKind: 'liveness' | 'readiness' | undefined, probeKind: ProbeField | undefined): string {
  if (!flagKind || !probeKind) return '';
  const probeCheck = probeKind === 'livenessProbe' ? 'liveness' : probeKind === 'readinessProbe' ? 'readiness' : undefined;
  if (!probeCheck || probeCheck === flagKind) return '';
  return `\n\n⚠ This is a ${flagKind} check in a ${probeKind}.`;
}

/** Markdown for one item of an exec command, given the items of the whole command; undefined if it is not a Calico item. */
export function calicoItemHover(item: string, argv: readonly string[], probeKind: ProbeField | undefined): string | undefined {
  const form = healthCommandForm(argv);
  if (!form) return undefined;
  if (form.form === 'check-status' || form.form === 'calico-component-kube-controllers') {
    const flag = checkStatusFlag(item);
    if (!flag) return undefined;
    const failures = flag.probeKind ? `\n\n**When it fails it prints:**\n${failureList(CHECK_STATUS_FAILURES)}` : '';
    return `**calico-kube-controllers \`check-status -${flag.short}\`** (\`--${flag.long}\`)${flag.probeKind ? ` · ${flag.probeKind} check` : ''}\n\n${flag.doc}${failures}${wrongKindNote(flag.probeKind, probeKind)}`;
  }
  const flag = calicoHealthFlag(item);
  if (flag) {
    const failures = [...flag.failures, ...(flag.probeKind ? CALICO_NODE_GENERIC_FAILURES.slice(0, 1) : [])];
    const value = flag.takesValue ? ` · value ${flag.valueHint ?? ''}${flag.defaultValue ? `, default ${flag.defaultValue}` : ''}` : '';
    return (
      `**calico-node \`-${flag.name}\`**${flag.probeKind ? ` · ${flag.probeKind} check` : ''} · since Calico ${flag.since}${value}\n\n` +
      `**Checks:** ${flag.checks}\n\n${flag.doc}` +
      (failures.length ? `\n\n**When it fails it prints** (\`calico/node is not ready: …\`, shown in the probe's Unhealthy event):\n${failureList(failures)}` : '') +
      wrongKindNote(flag.probeKind, probeKind)
    );
  }
  const nonCheck = nonCheckFlag(item);
  if (nonCheck) {
    return `**calico-node \`-${nonCheck.name}\`** · not a health check\n\n${nonCheck.doc}\n\nMeant: ${nonCheck.meant.map((m) => `\`-${m}\``).join(' or ')}.`;
  }
  return undefined;
}
