/**
 * Rows at the top of the context for operator installs: the Installation with the TigeraStatus
 * summary (`tigera-status.ts` in the core decides the state and the order), one row per TigeraStatus,
 * what could not be read, and a note when calico-node also runs in a second place.
 */
import type { CalicoLocation, ClusterSnapshot, OperatorInstall } from '../../cluster/model';
import { tigeraStateWord, tigeraSummary, type TigeraComponent } from '../../../../core/src/calico/tigera-status';
import { ageOf } from '../../../../core/src/text/durations';
import { mdCode, mdEscape } from './markdown';
import { idOf, type TreeIcon, type TreeNode } from './node';

function componentIcon(component: TigeraComponent): TreeIcon {
  switch (component.state) {
    case 'degraded':
      return { id: 'error', color: 'charts.red' };
    case 'progressing':
      return { id: 'sync', color: 'charts.yellow' };
    case 'unknown':
      return { id: 'question', color: 'charts.yellow' };
    case 'available':
      return { id: 'pass', color: 'charts.green' };
  }
}

function componentNode(parentId: string, component: TigeraComponent, now: number): TreeNode {
  const since = ageOf(component.since, now);
  const tooltip = [
    `**TigeraStatus ${mdEscape(component.name)}** — ${tigeraStateWord(component.state)}${since ? ` for ${since}` : ''}`,
    ...(component.reason ? ['', `reason: ${mdEscape(component.reason)}`] : []),
    ...(component.message ? ['', mdEscape(component.message)] : []),
    '',
    `Check it with: ${mdCode(`kubectl get tigerastatus ${component.name} -o yaml`)}`,
  ].join('\n');
  return {
    id: idOf(parentId, `tigerastatus:${component.name}`),
    kind: 'operator-component',
    label: component.name,
    description: component.state === 'available' ? 'Available' : [tigeraStateWord(component.state), component.reason].filter(Boolean).join(' · '),
    tooltip,
    icon: componentIcon(component),
    contextValue: 'tigerastatus',
    collapsible: 'none',
    children: [],
  };
}

function operatorIcon(operator: OperatorInstall): TreeIcon {
  if (operator.components.some((c) => c.state === 'degraded')) return { id: 'error', color: 'charts.red' };
  if (operator.unreadable?.length || operator.components.some((c) => c.state !== 'available')) return { id: 'warning', color: 'charts.yellow' };
  return { id: 'pass', color: 'charts.green' };
}

function operatorNode(rootId: string, operator: OperatorInstall, now: number): TreeNode {
  const id = idOf(rootId, 'operator');
  const installation = operator.installation;
  const unreadable = (operator.unreadable ?? []).map((text, i) => ({
    id: idOf(id, `unreadable:${i}`),
    kind: 'message' as const,
    label: 'could not read',
    description: text,
    tooltip: mdEscape(text),
    icon: { id: 'circle-slash', color: 'charts.yellow' },
    contextValue: 'operatorUnreadable',
    collapsible: 'none' as const,
    children: [],
  }));
  const version = installation?.calicoVersion ? ` ${installation.calicoVersion}` : '';
  const tooltip = [
    `**tigera operator install**${installation ? ` — Installation ${mdCode(installation.name)}` : ' — no Installation'}`,
    '',
    ...(installation?.variant ? [`- variant: ${mdEscape(installation.variant)}${mdEscape(version)}`] : []),
    `- TigeraStatus: ${mdEscape(tigeraSummary(operator.components))}`,
    ...(operator.unreadable ?? []).map((text) => `- could not read: ${mdEscape(text)}`),
    '',
    'The operator owns calico-node: edits to its DaemonSet are reverted; set probes and other overrides in the Installation.',
  ].join('\n');
  const children = [...operator.components.map((c) => componentNode(id, c, now)), ...unreadable];
  const bad = operator.components.some((c) => c.state !== 'available');
  return {
    id,
    kind: 'operator',
    // "Installation default" and the summary would not fit a side bar together; the tooltip names it.
    label: 'tigera operator',
    description: operator.components.length || !operator.unreadable?.length ? tigeraSummary(operator.components) : 'unreadable',
    tooltip,
    icon: operatorIcon(operator),
    contextValue: 'operator',
    collapsible: children.length ? (bad || unreadable.length ? 'expanded' : 'collapsed') : 'none',
    children,
  };
}

function alsoFoundNode(rootId: string, shown: CalicoLocation, other: CalicoLocation): TreeNode {
  return {
    id: idOf(rootId, `also:${other.namespace}:${other.labelSelector}`),
    kind: 'install-note',
    label: `also in ${other.namespace}`,
    description: `${other.install} install · not shown`,
    tooltip: mdEscape(
      `calico-node pods also run in ${other.namespace} (${other.labelSelector}, a ${other.install} install) beside the ${shown.install} install in ${shown.namespace}, ` +
        'which this view shows. The operator migrates a manifest install into calico-system node by node: both exist while it runs. ' +
        'If it has finished, the kube-system ones are a leftover. Set probeScope.calico.namespace to show the other one.',
    ),
    icon: { id: 'info', color: 'charts.yellow' },
    contextValue: 'installNote',
    collapsible: 'none',
    children: [],
  };
}

/** The rows above the pods: the operator's install and a second install, when there are. */
export function installRows(rootId: string, snapshot: ClusterSnapshot, now: number): TreeNode[] {
  const rows: TreeNode[] = [];
  if (snapshot.operator) rows.push(operatorNode(rootId, snapshot.operator, now));
  if (snapshot.location) for (const other of snapshot.alsoFound ?? []) rows.push(alsoFoundNode(rootId, snapshot.location, other));
  return rows;
}
