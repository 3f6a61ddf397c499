/**
 * Calico completion: ready-made probes for calico-node (per networking backend), calico-typha and
 * calico-kube-controllers, and the items of their health commands (only the flags that belong in
 * that probe kind and are not there yet).
 */
import type { CursorContext } from '../manifest/context/types';
import type { Manifest } from '../manifest/manifest';
import type { Container, HandlerKind } from '../manifest/types';
import {
  CHECK_STATUS_FLAGS,
  checkFlagsFor,
  healthCommandForm,
  healthEndpointOf,
  NON_BGP_BACKENDS,
  renderProbe,
  standardProbesFor,
  type CalicoComponent,
  type CalicoHealthFlagInfo,
  type CheckProbeKind,
  type ProbeTemplate,
  type StandardProbes,
} from '../knowledge/calico';
import { calicoComponentOf, ipv6Off, networkingBackend } from '../manifest/calico-container';
import { envEntry } from '../manifest/container-env';
import { fileFacts } from '../rules/engine';
import type { WorkspaceBackend } from '../rules/types';
import { indentBlock, type EntryList } from './completion-item';
import { type ProbeField } from '../../../core/src/probe/kinds';

export interface CalicoTarget {
  readonly component: CalicoComponent;
  /** Standard probe sets that fit, best first (both calico-node variants when the backend is unknown). */
  readonly standards: readonly StandardProbes[];
  /** Known non-BGP backend: BIRD never runs, so `-bird*` checks would always fail. */
  readonly noBgp: boolean;
  /** Where the backend was read from, for the item text. */
  readonly backendNote: string;
}

/** The Calico component of the container at the cursor and the standard probes that fit it. */
export function calicoTarget(manifest: Manifest, container: Container | undefined, workspaceBackend?: WorkspaceBackend): CalicoTarget | undefined {
  if (!container) return undefined;
  const component = calicoComponentOf(container);
  if (!component) return undefined;
  if (component !== 'calico-node') {
    const standard = standardProbesFor(component);
    return { component, standards: standard ? [standard] : [], noBgp: false, backendNote: '' };
  }
  // Only calico-node reads the ConfigMap, and only then do we look across the file's documents.
  const facts = fileFacts(manifest, workspaceBackend);
  const info = networkingBackend(container, facts);
  const bgp = standardProbesFor('calico-node', 'bird')!;
  const noBgpSet = standardProbesFor('calico-node', 'vxlan')!;
  if (info.backend === undefined) {
    return { component, standards: [bgp, noBgpSet], noBgp: false, backendNote: 'backend not known from this file' };
  }
  const noBgp = NON_BGP_BACKENDS.includes(info.backend);
  const where =
    info.source === 'env' ? 'CALICO_NETWORKING_BACKEND' : info.source === 'configmap' ? `calico_backend in calico-config${facts.calicoBackendFrom ? ` (${fileName(facts.calicoBackendFrom)})` : ''}` : "calico-node's default";
  return { component, standards: [noBgp ? noBgpSet : bgp], noBgp, backendNote: `backend ${info.backend} (${where})` };
}

function templateFor(standard: StandardProbes, kind: ProbeField): ProbeTemplate | undefined {
  if (kind === 'livenessProbe') return standard.liveness;
  if (kind === 'readinessProbe') return standard.readiness;
  return undefined; // Calico ships no startup probe in its manifests.
}

/** The releases alone (`v3.20–v3.32`), for a detail; notes in brackets stay in the documentation. */
function releaseRange(standard: StandardProbes): string {
  return standard.versions.replace(/\s*\(.*\)$/, '');
}

function variantName(standard: StandardProbes): string {
  if (standard.component !== 'calico-node') return standard.component;
  return standard.backends?.includes('bird') ? 'calico-node, BGP' : 'calico-node, no BGP';
}

function describe(target: CalicoTarget, standard: StandardProbes, kind: ProbeField): string {
  const text = renderProbe(kind, templateFor(standard, kind)!);
  const note = target.backendNote ? `\n\nChosen from the ${target.backendNote}.` : '';
  return `What Calico ${standard.versions} ships for ${standard.label}:\n\n\`\`\`yaml\n${text}\n\`\`\`${note}`;
}

/** In a container: whole probes as Calico ships them. */
export function readyMadeProbes(ctx: CursorContext, target: CalicoTarget, list: EntryList): void {
  if (ctx.style === 'flow' || ctx.followedByColon) return;
  for (const kind of ['livenessProbe', 'readinessProbe'] as ProbeField[]) {
    if (ctx.presentKeys.includes(kind)) continue;
    for (const standard of target.standards) {
      const template = templateFor(standard, kind);
      if (!template) continue;
      list.add({
        label: `${kind} (${variantName(standard)})`,
        kind: 'snippet',
        detail: `Calico ${releaseRange(standard)}`,
        documentation: describe(target, standard, kind),
        insertText: indentBlock(renderProbe(kind, template), ctx.wordColumn),
        filterText: kind,
      });
    }
  }
}

/** In an empty probe: its body as Calico ships it. */
export function readyMadeBodies(ctx: CursorContext, kind: ProbeField, target: CalicoTarget, list: EntryList): void {
  if (ctx.style === 'flow' || ctx.presentKeys.length > 0) return;
  for (const standard of target.standards) {
    const template = templateFor(standard, kind);
    if (!template) continue;
    const body = renderProbe(kind, template)
      .split('\n')
      .slice(1)
      .map((line) => line.slice(2))
      .join('\n');
    list.add({
      label: `${variantName(standard)} ${kind.replace('Probe', '')} probe`,
      kind: 'snippet',
      detail: `Calico ${releaseRange(standard)}`,
      documentation: describe(target, standard, kind),
      insertText: indentBlock(body, ctx.wordColumn),
      filterText: template.handler.kind,
    });
  }
}

/** The health command that fits a probe kind of this component (startup: the readiness command). */
export function standardCommand(target: CalicoTarget, kind: ProbeField): readonly string[] | undefined {
  const standard = target.standards[0];
  const template = standard && templateFor(standard, kind === 'startupProbe' ? 'readinessProbe' : kind);
  return template?.handler.kind === 'exec' ? template.handler.command : undefined;
}

/** Which checks belong in a probe kind: startup probes use the readiness checks, as the operator does. */
function checkKind(kind: ProbeField): CheckProbeKind {
  return kind === 'livenessProbe' ? 'liveness' : 'readiness';
}

function flagName(item: string): string {
  return item.replace(/^-{1,2}/, '').replace(/=.*$/, '');
}

/**
 * The flag's documentation. Everything beyond the probe kind lives here, not in the detail: VS Code
 * shows a detail longer than its details pane with `word-break: break-all` (suggestWidgetDetails,
 * the `auto-wrap` class), so a long detail broke mid-word ("sinc e"); markdown wraps at spaces.
 */
function flagDoc(flag: CalicoHealthFlagInfo): string {
  const failures = flag.failures.slice(0, 3).map(({ message }) => `- \`${message.text}\``).join('\n');
  return `Since Calico ${flag.since}.\n\n**Checks:** ${flag.checks}\n\n${flag.doc}${failures ? `\n\n**When it fails it prints:**\n${failures}` : ''}`;
}

/** An item of a Calico exec command: the program first, then the flags that fit. */
export function commandItems(ctx: CursorContext, kind: ProbeField, target: CalicoTarget, list: EntryList): void {
  const argv = ctx.presentItems;
  if (argv.length === 0) {
    const command = standardCommand(target, kind);
    if (command) {
      const program = command[0]!;
      list.add({ label: program, kind: 'value', detail: 'health command', documentation: `The health check program of ${target.component}.` });
    }
    return;
  }
  const form = healthCommandForm(argv);
  if (!form) return;
  const present = new Set(argv.slice(form.commandLength).map(flagName));
  const wanted = checkKind(kind);
  const before = list.entries.length;
  const left: string[] = [];
  if (form.form === 'check-status' || form.form === 'calico-component-kube-controllers') {
    for (const flag of CHECK_STATUS_FLAGS) {
      if (flag.probeKind !== wanted || present.has(flag.short) || present.has(flag.long)) continue;
      list.add({ label: `-${flag.short}`, kind: 'flag', detail: `${wanted} check`, documentation: flag.doc });
    }
  } else {
    const dashes = form.form === 'calico-component-node' ? '--' : '-';
    // With IPv6 off (IP6 none or FELIX_IPV6SUPPORT false) BIRD6 has no IPv6 peers, so the BIRD6
    // checks look at nothing: not offered. Otherwise they come last, after the IPv4 ones.
    const v6off = ctx.container ? ipv6Off(ctx.container) : undefined;
    const flags = checkFlagsFor(wanted).sort((a, b) => Number(a.target === 'bird6') - Number(b.target === 'bird6'));
    for (const flag of flags) {
      if (present.has(flag.name)) continue;
      if (target.noBgp && flag.target !== 'felix') left.push(`\`-${flag.name}\`: BIRD never runs with the ${target.backendNote}`);
      else if (v6off && flag.target === 'bird6') left.push(`\`-${flag.name}\`: IPv6 is off here (${v6off.name})`);
      else list.add({ label: `${dashes}${flag.name}`, kind: 'flag', detail: `${wanted} check`, documentation: flagDoc(flag) });
    }
  }
  if (list.entries.length === before) nothingToAdd(ctx, wanted, left, list);
}

/**
 * Every check that fits is already in the command. We still answer: an empty answer makes VS Code
 * fall back to its word list (words of the file, meaningless in a command). The item inserts
 * nothing and says why nothing is left.
 */
function nothingToAdd(ctx: CursorContext, wanted: CheckProbeKind, left: readonly string[], list: EntryList): void {
  const notOffered = left.length ? `\n\nNot offered:\n${left.map((line) => `- ${line}`).join('\n')}` : '';
  list.add({
    label: `every ${wanted} check is here`,
    kind: 'value',
    detail: 'nothing to add',
    documentation: `This command already has every ${wanted} check that fits this container.${notOffered}`,
    insertText: '',
    filterText: ctx.prefix,
  });
}

/** `command: ` in an exec handler: the whole standard command as a flow sequence. */
export function commandValues(ctx: CursorContext, kind: ProbeField, target: CalicoTarget, list: EntryList): void {
  for (const standard of target.standards) {
    const template = templateFor(standard, kind === 'startupProbe' ? 'readinessProbe' : kind);
    if (template?.handler.kind !== 'exec') continue;
    const text = `[${template.handler.command.join(', ')}]`;
    // calico-kube-controllers is too long a name for the detail; the documentation names it.
    const detail = standard.component === 'calico-node' ? variantName(standard) : 'as Calico ships it';
    list.add({ label: text, kind: 'value', detail, documentation: describe(target, standard, kind === 'startupProbe' ? 'readinessProbe' : kind) });
  }
  void ctx;
}

/** Values Calico uses for httpGet fields and timings. */
export function calicoValues(ctx: CursorContext, kind: ProbeField, handler: HandlerKind | undefined, key: string, target: CalicoTarget, list: EntryList): void {
  const endpoint = healthEndpointOf(target.component);
  const container = ctx.container;
  if (handler === 'httpGet' && endpoint) {
    if (key === 'port') {
      const configured = container ? envEntry(container, endpoint.portEnv)?.value : undefined;
      const port = configured ?? String(endpoint.defaultPort);
      list.add({
        label: port,
        kind: 'value',
        detail: endpoint.portEnv,
        documentation: `The port ${target.component}'s health server listens on: ${configured ? `${endpoint.portEnv} as this container sets it` : `the default of ${endpoint.portEnv}`}.`,
      });
    } else if (key === 'path') {
      const path = kind === 'livenessProbe' ? endpoint.livenessPath : endpoint.readinessPath;
      list.add({ label: path, kind: 'value', detail: 'health endpoint', documentation: `The ${path.slice(1)} endpoint of ${target.component}'s health server.` });
    } else if (key === 'host') {
      list.add({
        label: endpoint.defaultHost,
        kind: 'value',
        detail: endpoint.hostEnv,
        documentation: `The default of ${endpoint.hostEnv}: the health server binds to the loopback address; calico-node and Typha run with hostNetwork, so \`localhost\` is the node.`,
      });
    }
  }
  const template = templateFor(target.standards[0]!, kind);
  const value = template?.timing[key as keyof ProbeTemplate['timing']];
  if (value !== undefined) {
    const standard = target.standards[0]!;
    list.add({ label: String(value), kind: 'value', detail: `Calico ${releaseRange(standard)}`, documentation: `What Calico's manifests set for ${target.component}'s ${kind} (${standard.versions}).` });
  }
}

/** Last path segment of a URI, for notes that name another file. */
function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}
