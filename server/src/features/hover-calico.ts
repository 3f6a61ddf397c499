/**
 * Hover text for the items of a Calico health command: what a check looks at, the messages it
 * prints when it fails and their usual causes.
 */
import { checkStatusFlag, calicoHealthFlag, healthCommandForm, nonCheckFlag } from '../knowledge/calico';
import { failuresPrintedBy, type PrintedFailure } from '../../../core/src/calico/failures/table';
import { type ProbeField } from '../../../core/src/probe/kinds';

/** Each message with its causes; a failure's advice once, after the last of its messages in a row. */
function failureList(failures: readonly PrintedFailure[]): string {
  return failures
    .map(({ message, failure }, index) => {
      const advice = failures[index + 1]?.failure === failure ? '' : ` *${failure.advice}*`;
      return `- \`${message.text}\`${message.versions ? ` (${message.versions})` : ''}  \n  ${message.causes ?? failure.causes}${advice}`;
    })
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
    const failures = flag.probeKind ? `\n\n**When it fails it prints:**\n${failureList(failuresPrintedBy('check-status'))}` : '';
    return `**calico-kube-controllers \`check-status -${flag.short}\`** (\`--${flag.long}\`)${flag.probeKind ? ` · ${flag.probeKind} check` : ''}\n\n${flag.doc}${failures}${wrongKindNote(flag.probeKind, probeKind)}`;
  }
  const flag = calicoHealthFlag(item);
  if (flag) {
    // Any check can outlive timeoutSeconds: the kubelet's own message is listed under each.
    const failures = [...flag.failures, ...(flag.probeKind ? failuresPrintedBy('kubelet-exec') : [])];
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
