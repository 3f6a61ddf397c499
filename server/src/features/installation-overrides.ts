/**
 * Completion and hover in a tigera operator Installation's container overrides
 * (`spec.calicoNodeDaemonSet.spec.template.spec.containers[]`…): the probes a container override
 * takes, the four timing fields of the operator's ProbeOverride, the container names its enum
 * allows, and what the operator renders when a field is left out. The facts are the core's
 * (core/src/calico/tigera-installation.ts); a handler is never offered, the operator sets it.
 */
import type { Node } from 'yaml';
import { ITEM, type CursorContext } from '../manifest/context/types';
import { integerValue } from '../rules/support/values';
import { timingField } from '../knowledge/probe-fields';
import { indentBlock, type EntryList } from './completion-item';
import { PROBE_KIND_INFO } from '../knowledge/probe-fields';
import { TIMING_DEFAULTS } from '../../../core/src/probe/timing';
import { PROBE_FIELDS, type ProbeField } from '../../../core/src/probe/kinds';
import {
  componentAtPath,
  INSTALLATION_GROUP,
  INSTALLATION_KIND,
  PROBE_OVERRIDE_FIELDS,
  PROBE_OVERRIDES_SINCE_OPERATOR,
  type OperatorComponent,
  type OverrideContainer,
  type ProbeOverrideField,
} from '../../../core/src/calico/tigera-installation';

const TITLE = 'Installation probe override';
const HANDLER_NOTE = 'The operator sets the handler; an Installation sets only its timing.';

interface OverridePlace {
  readonly component: OperatorComponent;
  /** The container override's list: only `containers` take probes. */
  readonly listKey: string;
  /** The named container, when the override names one the operator knows. */
  readonly entry: OverrideContainer | undefined;
}

/** Where the cursor is among an Installation's container overrides, if it is. */
export function overridePlace(ctx: CursorContext): OverridePlace | undefined {
  const doc = ctx.document;
  if (doc.kind !== INSTALLATION_KIND || !doc.apiVersion?.startsWith(`${INSTALLATION_GROUP}/`)) return undefined;
  for (let i = ctx.path.length - 2; i >= 0; i--) {
    const listKey = ctx.path[i]!;
    if ((listKey !== 'containers' && listKey !== 'initContainers') || ctx.path[i + 1] !== ITEM) continue;
    const component = componentAtPath(ctx.path.slice(0, i).join('.'));
    if (!component) return undefined;
    const entry = listKey === 'containers' ? component.containers.find((c) => c.name === ctx.container?.name) : undefined;
    return { component, listKey, entry };
  }
  return undefined;
}

function probesOf(place: OverridePlace): readonly ProbeField[] {
  if (place.listKey !== 'containers') return [];
  return place.entry?.probes ?? [...new Set(place.component.containers.flatMap((c) => c.probes))];
}

/** The value the rendered probe has when the override leaves a field out (the operator's, else Kubernetes' default). */
function renderedValue(place: OverridePlace, kind: ProbeField, field: ProbeOverrideField): { value: number; from: string } | undefined {
  const rendered = place.entry?.rendered;
  if (!rendered) return undefined;
  const probe = rendered[kind];
  if (!probe) return undefined;
  const own = probe[field];
  return own !== undefined ? { value: own, from: 'the operator' } : { value: TIMING_DEFAULTS[field], from: 'Kubernetes' };
}

function probeStory(place: OverridePlace, kind: ProbeField): string {
  const name = place.entry?.name ?? place.component.containers.map((c) => c.name).join('/');
  if (place.entry?.rendered && !place.entry.rendered[kind]) return `⚠ The operator renders no ${kind} for ${name} (tigera/operator ${PROBE_OVERRIDES_SINCE_OPERATOR}): this override changes nothing.`;
  const values = place.entry?.rendered?.[kind]
    ? PROBE_OVERRIDE_FIELDS.map((f) => `${f} ${renderedValue(place, kind, f)!.value}`).join(', ')
    : undefined;
  return `Each field set here replaces that field of the ${kind} the operator renders on ${name} in its ${place.component.workloadName} ${place.component.workloadKind}${values ? ` (as rendered: ${values})` : ''}. ${HANDLER_NOTE}`;
}

const SINCE = `tigera operator ${PROBE_OVERRIDES_SINCE_OPERATOR}+ (older operators reject probe fields in an Installation as unknown)`;

export function overrideCompletions(ctx: CursorContext, place: OverridePlace, list: EntryList): void {
  const path = ctx.containerPath ?? [];
  if (path.length === 0 && ctx.position === 'value' && ctx.key === 'name' && place.listKey === 'containers') {
    for (const c of place.component.containers) {
      list.add({ label: c.name, kind: 'enum', detail: `${place.component.workloadName} container`, documentation: `A container the operator renders in ${place.component.workloadName} (the override's name enum).` });
    }
    return;
  }
  if (path.length === 0 && ctx.position === 'key') {
    for (const kind of probesOf(place)) {
      // A probe the operator does not render takes an override that changes nothing.
      if (ctx.presentKeys.includes(kind) || (place.entry?.rendered && !place.entry.rendered[kind])) continue;
      const first = PROBE_OVERRIDE_FIELDS.find((f) => renderedValue(place, kind, f)?.from === 'the operator') ?? 'periodSeconds';
      const value = renderedValue(place, kind, first)?.value ?? TIMING_DEFAULTS[first];
      const insertText = ctx.followedByColon ? kind : ctx.style === 'flow' ? `${kind}: {${first}: \${1:${value}}}` : indentBlock(`${kind}:\n  ${first}: \${1:${value}}`, ctx.wordColumn);
      list.add({ label: kind, kind: 'property', detail: `${TITLE}, timing only`, documentation: `${probeStory(place, kind)}\n\n${SINCE}.`, insertText, isSnippet: true });
    }
    return;
  }
  if (path.length === 1 && ctx.probeKind && ctx.position === 'key') {
    for (const field of PROBE_OVERRIDE_FIELDS) {
      if (ctx.presentKeys.includes(field)) continue;
      const rendered = renderedValue(place, ctx.probeKind, field);
      const value = rendered?.value ?? TIMING_DEFAULTS[field];
      const insertText = ctx.followedByColon ? field : `${field}: \${1:${value}}`;
      list.add({ label: field, kind: 'property', detail: `${TITLE} · integer`, documentation: fieldDoc(place, ctx.probeKind, field), insertText, isSnippet: true });
    }
  }
}

function fieldDoc(place: OverridePlace, kind: ProbeField, field: ProbeOverrideField): string {
  const info = timingField(field);
  const rendered = renderedValue(place, kind, field);
  const left = rendered ? `Left out: ${rendered.value} (${rendered.from === 'the operator' ? "the operator's own value" : "Kubernetes' default, the operator sets none"}).` : 'Left out: the value the operator renders.';
  return `**${field}** · integer · ${TITLE}\n\n${info?.doc ?? ''}\n\nReplaces the rendered ${kind}'s ${field} (tigera/operator \`applyProbeOverride\`). ${left} The CRD sets no minimum: a negative value is accepted here and then rejected in the ${place.component.workloadKind} the operator renders.`;
}

/**
 * The probe the operator will render with this override applied, field by field with where each
 * value comes from, when we know what it renders; and the one timing mistake the merge can make.
 */
function mergedStory(ctx: CursorContext, place: OverridePlace, kind: ProbeField): string | undefined {
  if (!place.entry?.rendered?.[kind]) return undefined;
  const written = ctx.container?.probes.find((p) => p.kind === kind)?.node;
  const values = new Map<ProbeOverrideField, number>();
  const parts = PROBE_OVERRIDE_FIELDS.map((field) => {
    const own = written ? integerValue(written.get(field, true) as Node | null) : undefined;
    const value = own ?? renderedValue(place, kind, field)!.value;
    values.set(field, value);
    const from = own !== undefined ? 'here' : renderedValue(place, kind, field)!.from === 'the operator' ? 'the operator' : 'default';
    return `${field} ${value} (${from})`;
  });
  const period = values.get('periodSeconds') || TIMING_DEFAULTS.periodSeconds;
  const timeout = values.get('timeoutSeconds') || TIMING_DEFAULTS.timeoutSeconds;
  const warning = timeout >= period ? `\n\n⚠ timeoutSeconds (${timeout}) is not shorter than periodSeconds (${period}): the kubelet skips the ticks that fall inside a slow check.` : '';
  return `With this override the ${place.component.workloadName} ${place.component.workloadKind} gets: ${parts.join(', ')}.${warning}`;
}

export function overrideHover(ctx: CursorContext, place: OverridePlace): string | undefined {
  const path = ctx.containerPath ?? [];
  const key = ctx.position === 'key' ? ctx.word : ctx.position === 'value' ? ctx.key : undefined;
  if (!key) return undefined;
  if (path.length === 0) {
    if (key === 'name' && place.listKey === 'containers') {
      return `**name** · ${place.component.field} container override\n\nSupported values: ${place.component.containers.map((c) => `\`${c.name}\``).join(', ')} (the CRD's enum). Source: ${place.component.source}.`;
    }
    if (!(PROBE_FIELDS as readonly string[]).includes(key)) return undefined;
    const kind = key as ProbeField;
    if (!probesOf(place).includes(kind)) return `**${kind}** · not accepted here\n\n⚠ This container override has no ${kind}: the Installation is rejected as having an unknown field.`;
    const merged = mergedStory(ctx, place, kind);
    return `**${kind}** · ${TITLE} · ${PROBE_KIND_INFO[kind].title}\n\n${probeStory(place, kind)}${merged ? `\n\n${merged}` : ''}\n\nFields: ${PROBE_OVERRIDE_FIELDS.join(', ')}. ${SINCE}.`;
  }
  if (path.length !== 1 || !ctx.probeKind) return undefined;
  if ((PROBE_OVERRIDE_FIELDS as readonly string[]).includes(key)) return fieldDoc(place, ctx.probeKind, key as ProbeOverrideField);
  return `**${key}** · not part of an Installation probe override\n\n⚠ ${HANDLER_NOTE} The override takes ${PROBE_OVERRIDE_FIELDS.join(', ')} only; anything else is an unknown field and the Installation is rejected.`;
}
