/**
 * `probe-scope status`'s lines about the install itself, under the header: the tigera operator's
 * Installation and TigeraStatus (the core's `tigera-status.ts` decides state and order, as for the
 * view's root), what could not be read, and calico-node running in a second place.
 */
import type { ClusterSnapshot } from '../../client/src/cluster/model';
import { tigeraStateWord, tigeraSummary } from '../../core/src/calico/tigera-status';

export function installLines(snapshot: ClusterSnapshot): string {
  let text = '';
  const operator = snapshot.operator;
  if (operator) {
    const installation = operator.installation;
    const what = installation ? `Installation ${installation.name}${installation.variant ? ` (${installation.variant}${installation.calicoVersion ? ` ${installation.calicoVersion}` : ''})` : ''}` : 'no Installation';
    text += `operator: ${what}; TigeraStatus: ${tigeraSummary(operator.components)}\n`;
    for (const component of operator.components) {
      if (component.state === 'available') continue;
      const why = [component.reason, component.message].filter(Boolean).join(': ');
      text += `  ${component.name} ${tigeraStateWord(component.state)}${why ? ` — ${why}` : ''}\n`;
    }
    for (const line of operator.unreadable ?? []) text += `  could not read: ${line}\n`;
  }
  for (const other of snapshot.alsoFound ?? []) {
    text += `calico-node also runs in ${other.namespace} (${other.labelSelector}, ${other.install} install), not shown: an operator migration in progress, or a leftover\n`;
  }
  return text;
}
