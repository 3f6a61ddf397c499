/**
 * Hover text for the items of a Calico health command: what a check looks at, the messages it
 * prints when it fails and their usual causes.
 */
import { checkStatusFlag, calicoHealthFlag, healthCommandForm, nonCheckFlag } from '../knowledge/calico';
import { failuresPrintedBy, type PrintedFailure } from '../../../core/src/calico/failures/table';
import { type ProbeField, type ProbeKind } from '../../../core/src/probe/kinds';

/** Messages listed per check before "…and N more": a hover is read at a glance. */
const LISTED_MESSAGES = 4;

/** Each message with its causes; a failure's advice once, after the last of its messages in a row; at most LISTED_MESSAGES. */
function failureList(failures: readonly PrintedFailure[]): string {
  const shown = failures.slice(0, LISTED_MESSAGES);
  const lines = shown.map(({ message, failure }, index) => {
    const advice = shown[index + 1]?.failure === failure ? '' : ` *${failure.advice}*`;
    return `- \`${message.text}\`${message.versions ? ` (${message.versions})` : ''}  \n  ${message.causes ?? failure.causes}${advice}`;
  });
  const more = failures.length - shown.length;
  if (more > 0) lines.push(`- …and ${more} more ${more === 1 ? 'message' : 'messages'}`);
  return lines.join('\n');
}

/**
 * What the kubelet reports when this very command outlives timeoutSeconds: kubernetes
 * `pkg/kubelet/prober/prober.go` `probe` records "<Kind> probe failed: <output>" (Kind from `probeType.String`), and for a
 * timed-out exec the output is the CRI client's `command "<argv joined by spaces>" timed out`
 * (kubernetes `staging/src/k8s.io/cri-client/pkg/remote_runtime.go` `ExecSync`). Said once, for the
 * probe kind being hovered, with its causes from the core's table.
 */
function kubeletTimeout(kind: ProbeKind, argv: readonly string[]): string {
  const timedOut = failuresPrintedBy('kubelet-exec')[0];
  if (!timedOut) return '';
  const text = `${kind[0]!.toUpperCase()}${kind.slice(1)} probe failed: command "${argv.join(' ')}" timed out`;
  return `\n\n**When the command outlives timeoutSeconds** the kubelet reports:\n- \`${text}\`  \n  ${timedOut.failure.causes}`;
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
    // Only this flag's messages; the kubelet's timeout once, for the probe that holds the command.
    const kind: ProbeKind | undefined = probeKind ? (probeKind.replace('Probe', '') as ProbeKind) : flag.probeKind;
    const value = flag.takesValue ? ` · value ${flag.valueHint ?? ''}${flag.defaultValue ? `, default ${flag.defaultValue}` : ''}` : '';
    return (
      `**calico-node \`-${flag.name}\`**${flag.probeKind ? ` · ${flag.probeKind} check` : ''} · since Calico ${flag.since}${value}\n\n` +
      `**Checks:** ${flag.checks}\n\n${flag.doc}` +
      (flag.failures.length ? `\n\n**When it fails it prints** (in the probe's Unhealthy event):\n${failureList(flag.failures)}` : '') +
      (flag.probeKind && kind ? kubeletTimeout(kind, argv) : '') +
      wrongKindNote(flag.probeKind, probeKind)
    );
  }
  const nonCheck = nonCheckFlag(item);
  if (nonCheck) {
    return `**calico-node \`-${nonCheck.name}\`** · not a health check\n\n${nonCheck.doc}\n\nMeant: ${nonCheck.meant.map((m) => `\`-${m}\``).join(' or ')}.`;
  }
  return undefined;
}
