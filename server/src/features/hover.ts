/**
 * Hover for probes: pure functions from the manifest model and the knowledge tables to markdown
 * and the span it is about; `lsp-hover.ts` maps it to LSP.
 *
 * - a probe key (`livenessProbe:`): what it is and what it will do in time with defaults applied;
 * - every field of a probe, handler, header or lifecycle hook: meaning, type, default, minimum,
 *   since-version, and the value that applies in this probe;
 * - an item of a Calico health command: what the check looks at and how it fails.
 */
import { contextAt } from '../manifest/context/locate';
import { execCommandOf } from '../manifest/exec-command';
import { ITEM, type CursorContext } from '../manifest/context/types';
import type { Manifest } from '../manifest/manifest';
import { HANDLER_ORDER, type HandlerKind, type LifecycleHookKind, type Span } from '../manifest/types';
import {
  handlerField,
  HANDLER_INFO,
  HTTP_HEADER_FIELDS,
  LIFECYCLE_HOOK_DOC,
  PROBE_KIND_INFO,
  timingField,
  type FieldInfo,
} from '../knowledge/probe-fields';
import type { FeatureSettings } from './completion';
import { calicoItemHover } from './hover-calico';
import { overrideHover, overridePlace } from './installation-overrides';
import { directiveHover } from '../kustomize/directives';
import { timingStory, writtenTiming } from './hover-timing';
import { HIDDEN_TIMING, timingHiddenByTemplate } from '../helm/unknown-values';
import { shippedIn } from '../knowledge/vendor-manifests';
import { versionNote } from './version-filter';
import { PROBE_FIELDS, type ProbeField } from '../../../core/src/probe/kinds';
import { effectiveTiming } from '../../../core/src/probe/timing';
import { MINIMUM_GRACE_PERIOD_SECONDS } from '../../../core/src/probe/probe-clock';

export interface HoverResult {
  readonly markdown: string;
  /** Absolute span of the word the hover is about. */
  readonly span: Span;
}

export function getHover(manifest: Manifest, offset: number, settings: FeatureSettings = {}): HoverResult | undefined {
  const ctx = contextAt(manifest, offset);
  if (!ctx?.containerPath || ctx.word === '') return undefined;
  const override = overridePlace(ctx);
  if (override) {
    const markdown = overrideHover(ctx, override);
    return markdown ? { markdown, span: ctx.wordSpan } : undefined;
  }
  const key = ctx.position === 'key' ? ctx.word : ctx.position === 'value' ? ctx.key : undefined;
  const directive = key?.startsWith('$') ? directiveHover(key, settings.kustomizeRole === 'patch') : undefined;
  const text = directive ?? hoverText(ctx, settings.deferToSchema === true);
  const note = versionNote(ctx, key, settings.target);
  const markdown = text && note ? `${text}\n\n${note}` : text ?? note;
  return markdown ? { markdown, span: ctx.wordSpan } : undefined;
}

function hoverText(ctx: CursorContext, brief: boolean): string | undefined {
  const path = ctx.containerPath!;
  // The key under the cursor, or the key whose value is under the cursor.
  const key = ctx.position === 'key' ? ctx.word : ctx.position === 'value' ? ctx.key : undefined;
  if (path.length === 0) {
    if (key && (PROBE_FIELDS as readonly string[]).includes(key)) return probeHover(ctx, key as ProbeField);
    if (key === 'lifecycle') return brief ? undefined : '**lifecycle** · Probe Scope\n\nHooks the kubelet runs after the container starts (`postStart`) and before it stops (`preStop`).';
    return undefined;
  }
  if (ctx.probeKind) return inProbe(ctx, ctx.probeKind, path.slice(1), key, brief);
  if (path[0] === 'lifecycle') return inLifecycle(ctx, path.slice(1), key, brief);
  return undefined;
}

function probeHover(ctx: CursorContext, kind: ProbeField): string {
  const info = PROBE_KIND_INFO[kind];
  const probe = ctx.container?.probes.find((p) => p.kind === kind);
  const grace = ctx.container?.podSpec.terminationGracePeriodSeconds;
  const behindStartupProbe = ctx.container?.probes.some((p) => p.kind === 'startupProbe' && p.node !== undefined) ?? false;
  const story = timingHiddenByTemplate(probe) ? HIDDEN_TIMING : timingStory(kind, probe, grace, behindStartupProbe);
  const handler = probe?.handlers.find((h) => h.present);
  const forbidden =
    ctx.container?.kind === 'init' || ctx.container?.kind === 'ephemeral'
      ? `\n\n⚠ Not allowed on ${ctx.container.kind === 'init' ? 'an init container (unless it is a sidecar, `restartPolicy: Always`)' : 'an ephemeral container'}.`
      : '';
  // A vendor's probe as released: say so, and why its remarks are not squiggled (probeScope.vendorManifests).
  const shipped = ctx.container ? shippedIn(ctx.container.podSpec.document) : undefined;
  const vendor = shipped ? `\n\n${shipped} Only errors are shown on this document with \`probeScope.vendorManifests: "quiet"\` (the default); edit a probe and it is yours: every finding comes back.` : '';
  return `**${kind}** · ${info.title} · since Kubernetes ${info.since}${handler ? ` · ${handler.kind}` : ''}\n\n${story}\n\n${info.doc}${forbidden}${vendor}`;
}

function inProbe(ctx: CursorContext, kind: ProbeField, rest: readonly string[], key: string | undefined, brief: boolean): string | undefined {
  if (rest.length === 0) {
    if (!key) return undefined;
    const field = timingField(key);
    if (field) return fieldHover(field, brief, timingHere(ctx, kind, key));
    const handler = asHandler(key);
    if (handler && handler !== 'sleep') return handlerHover(handler, brief);
    if (handler === 'sleep') return `**sleep** · Probe Scope\n\nProbes have no \`sleep\` handler; it exists only in lifecycle hooks.`;
    return undefined;
  }
  const handler = asHandler(rest[0]);
  if (!handler) return undefined;
  return inHandler(ctx, kind, handler, rest.slice(1), key, brief);
}

function inHandler(ctx: CursorContext, kind: ProbeField | undefined, handler: HandlerKind, rest: readonly string[], key: string | undefined, brief: boolean): string | undefined {
  if (rest.length === 0) {
    const field = key ? handlerField(handler, key) : undefined;
    return field ? fieldHover(field, brief, undefined, handler) : undefined;
  }
  if (handler === 'exec' && rest[0] === 'command' && rest.length === 1 && ctx.position === 'item') {
    return calicoItemHover(ctx.word, commandAround(ctx, kind), kind);
  }
  if (handler === 'httpGet' && rest[0] === 'httpHeaders' && rest[1] === ITEM && key) {
    const field = HTTP_HEADER_FIELDS.find((f) => f.name === key);
    return field ? fieldHover(field, brief, undefined, 'httpHeaders[]') : undefined;
  }
  return undefined;
}

function inLifecycle(ctx: CursorContext, rest: readonly string[], key: string | undefined, brief: boolean): string | undefined {
  if (rest.length === 0) {
    if (key === 'postStart' || key === 'preStop') return brief ? undefined : `**${key}** · lifecycle hook · Probe Scope\n\n${LIFECYCLE_HOOK_DOC[key as LifecycleHookKind]}`;
    return undefined;
  }
  if (!ctx.hookKind) return undefined;
  if (rest.length === 1) {
    const handler = key ? asHandler(key) : undefined;
    if (handler === 'grpc') return '**grpc** · Probe Scope\n\nLifecycle hooks have no `grpc` handler; it exists only in probes.';
    return handler ? handlerHover(handler, brief) : undefined;
  }
  const handler = asHandler(rest[1]);
  return handler ? inHandler(ctx, undefined, handler, rest.slice(2), key, brief) : undefined;
}

/** The items of the command the cursor is in, its own word put back where it stands. */
function commandAround(ctx: CursorContext, kind: ProbeField | undefined): readonly string[] {
  // The command as the model read it, in its order (the hover quotes it, as the kubelet would).
  const probe = kind ? ctx.container?.probes.find((p) => p.kind === kind) : undefined;
  const argv = probe ? execCommandOf(probe)?.argv : undefined;
  if (argv?.includes(ctx.word)) return argv;
  // presentItems leaves the item under the cursor out; its place does not matter for recognising
  // the form (the program comes first), except when it is the program itself.
  return ctx.presentItems.length === 0 ? [ctx.word] : [...ctx.presentItems.slice(0, 1), ctx.word, ...ctx.presentItems.slice(1)];
}

function timingHere(ctx: CursorContext, kind: ProbeField, key: string): string | undefined {
  const probe = ctx.container?.probes.find((p) => p.kind === kind);
  if (!probe) return undefined;
  // A Helm template's value (`{{ .Values.x }}`) or template output beside it: never guessed from defaults.
  if (timingHiddenByTemplate(probe)) return `In this ${kind}: not known before rendering (template output).`;
  const written = writtenTiming(probe);
  if (key === 'terminationGracePeriodSeconds') {
    if (kind === 'readinessProbe') return '⚠ Not allowed on a readiness probe.';
    const value = written.terminationGracePeriodSeconds ?? ctx.container?.podSpec.terminationGracePeriodSeconds;
    if (value === undefined) return undefined;
    const whose = written.terminationGracePeriodSeconds === undefined ? " (the pod's value)" : '';
    // kuberuntime_container.go killContainer: a grace period under minimumGracePeriodInSeconds is raised to it.
    const raised = value < MINIMUM_GRACE_PERIOD_SECONDS ? ` The kubelet raises it to ${MINIMUM_GRACE_PERIOD_SECONDS} s, its minimum.` : '';
    return `In this ${kind}: ${value} s${whose}.${raised}`;
  }
  const t = effectiveTiming(written);
  const value = t[key as keyof typeof t];
  if (value === undefined) return undefined;
  const w = written[key as keyof typeof written];
  const note = w === undefined ? ' (not set: API default)' : w === 0 && key !== 'initialDelaySeconds' ? ' (0 becomes the default)' : '';
  const mustBeOne = key === 'successThreshold' && kind !== 'readinessProbe' && value !== 1 ? ` ⚠ must be 1 on a ${kind}.` : '';
  return `In this ${kind}: ${value}${key.endsWith('Seconds') ? ' s' : ''}${note}.${mustBeOne}`;
}

function fieldHover(field: FieldInfo, brief: boolean, here: string | undefined, owner?: string): string {
  const name = owner ? `${owner}.${field.name}` : field.name;
  const facts = [
    `**${name}**`,
    field.type,
    field.default !== undefined ? `default ${field.default}` : field.required ? 'required' : 'no default',
    field.minimum !== undefined ? `minimum ${field.minimum}` : undefined,
    field.since ? `since Kubernetes ${field.since}` : undefined,
  ].filter(Boolean);
  // Beside a schema-driven hover (Red Hat YAML) the meaning is already shown: keep what it lacks.
  if (brief) return [facts.join(' · '), here].filter(Boolean).join('\n\n');
  return [facts.join(' · '), field.doc, here].filter(Boolean).join('\n\n');
}

function handlerHover(kind: HandlerKind, brief: boolean): string {
  const info = HANDLER_INFO[kind];
  const head = `**${kind}** · handler · since Kubernetes ${info.since}`;
  return brief ? head : `${head}\n\n${info.doc}`;
}

function asHandler(segment: string | undefined): HandlerKind | undefined {
  return segment && (HANDLER_ORDER as readonly string[]).includes(segment) ? (segment as HandlerKind) : undefined;
}
