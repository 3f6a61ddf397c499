/**
 * Completion for probes: pure functions from the manifest model and the knowledge tables to plain
 * items (`completion-item.ts`); `lsp-completion.ts` maps them to LSP.
 *
 * We answer only inside containers: probe keys in a container, and anything inside a probe or a
 * lifecycle hook. Everything else in a manifest is left to the YAML extension and its schema.
 * See docs/completion-hover.md for how we live beside Red Hat's YAML extension.
 */
import { contextAt } from '../manifest/context/locate';
import { ITEM, type CursorContext } from '../manifest/context/types';
import type { Manifest } from '../manifest/manifest';
import { HANDLER_ORDER, type HandlerKind } from '../manifest/types';
import { timingField } from '../knowledge/probe-fields';
import { calicoTarget, calicoValues, commandItems, commandValues, readyMadeBodies, readyMadeProbes, standardCommand, type CalicoTarget } from './completion-calico';
import {
  containerProbeKeys,
  handlerFields,
  headerFields,
  hookHandlers,
  lifecycleHooks,
  portValues,
  probeFields,
  schemeValues,
} from './completion-fields';
import { EntryList, type CompletionEntry } from './completion-item';
import { directiveCompletions } from './completion-directives';
import { overrideCompletions, overridePlace } from './installation-overrides';
import { completionsAt } from './version-filter';
import type { KubernetesVersion } from '../../../core/src/kubernetes/versions';

import type { FileRole, WorkspaceBackend } from '../rules/types';
import { type ProbeField } from '../../../core/src/probe/kinds';
export type { CompletionEntry } from './completion-item';

export interface FeatureSettings {
  /**
   * Another extension completes and documents Kubernetes fields from a JSON schema (Red Hat's YAML
   * extension with the Kubernetes schema): leave plain field names and field docs to it and keep
   * only what the schema cannot know.
   */
  readonly deferToSchema?: boolean;
  /** The Calico backend declared in another file of the workspace, when this file declares none. */
  readonly workspaceBackend?: WorkspaceBackend;
  /** What the workspace's kustomizations make of this file: a patch may hold `$patch`. */
  readonly kustomizeRole?: FileRole;
  /** The target Kubernetes version: completion offers only what it accepts, hover says what it lacks. */
  readonly target?: KubernetesVersion;
}

export function getCompletions(manifest: Manifest, offset: number, settings: FeatureSettings = {}): CompletionEntry[] {
  const ctx = contextAt(manifest, offset);
  if (!ctx?.containerPath) return [];
  const list = new EntryList(ctx);
  const override = overridePlace(ctx);
  if (override) {
    overrideCompletions(ctx, override, list);
    return list.entries;
  }
  complete(ctx, manifest, list, settings.workspaceBackend);
  // In a patch's probe, handler, lifecycle or hook map (not the container itself: that is a list item of the patch).
  if (settings.kustomizeRole === 'patch' && ctx.containerPath.length > 0 && (ctx.probeKind || ctx.containerPath[0] === 'lifecycle')) directiveCompletions(ctx, list);
  const entries = completionsAt(list.entries, ctx, settings.target);
  return settings.deferToSchema ? entries.filter((e) => !e.schemaAlsoOffers) : entries;
}

function complete(ctx: CursorContext, manifest: Manifest, list: EntryList, workspaceBackend?: WorkspaceBackend): void {
  const path = ctx.containerPath!;
  const calico = () => calicoTarget(manifest, ctx.container, workspaceBackend);
  if (path.length === 0) {
    if (ctx.position !== 'key') return;
    const target = calico();
    const kind = ctx.container?.kind;
    if (target && kind !== 'init' && kind !== 'ephemeral') readyMadeProbes(ctx, target, list);
    containerProbeKeys(ctx, list, (probeKind) => ({ execCommand: target && standardCommand(target, probeKind) }));
    return;
  }
  if (ctx.probeKind) {
    probe(ctx, ctx.probeKind, path.slice(1), calico, list);
    return;
  }
  if (path[0] === 'lifecycle') lifecycle(ctx, path.slice(1), list);
}

function probe(ctx: CursorContext, kind: ProbeField, rest: readonly string[], calico: () => CalicoTarget | undefined, list: EntryList): void {
  // Inside the probe map itself.
  if (rest.length === 0) {
    if (ctx.position === 'key') {
      const target = calico();
      if (target) readyMadeBodies(ctx, kind, target, list);
      probeFields(ctx, kind, list, { execCommand: target && standardCommand(target, kind) });
    } else if (ctx.position === 'value' && ctx.key) {
      const target = calico();
      if (target && timingField(ctx.key)) calicoValues(ctx, kind, undefined, ctx.key, target, list);
    }
    return;
  }
  const handler = asHandler(rest[0]);
  if (!handler) return;
  handlerBody(ctx, kind, handler, rest.slice(1), calico, list);
}

function handlerBody(
  ctx: CursorContext,
  kind: ProbeField | undefined,
  handler: HandlerKind,
  rest: readonly string[],
  calico: () => CalicoTarget | undefined,
  list: EntryList,
): void {
  if (rest.length === 0) {
    if (ctx.position === 'key') {
      handlerFields(ctx, handler, list);
      return;
    }
    if (ctx.position !== 'value' || !ctx.key) return;
    const target = kind ? calico() : undefined;
    if (handler === 'httpGet' && ctx.key === 'scheme') schemeValues(list);
    if (ctx.key === 'port' && handler !== 'exec') {
      if (target && kind) calicoValues(ctx, kind, handler, 'port', target, list);
      portValues(ctx, handler, list);
    }
    if (target && kind && handler === 'httpGet' && (ctx.key === 'path' || ctx.key === 'host')) calicoValues(ctx, kind, handler, ctx.key, target, list);
    if (target && kind && handler === 'exec' && ctx.key === 'command') commandValues(ctx, kind, target, list);
    return;
  }
  if (handler === 'exec' && rest[0] === 'command' && rest.length === 1 && ctx.position === 'item' && kind) {
    const target = calico();
    if (target) commandItems(ctx, kind, target, list);
    return;
  }
  if (handler === 'httpGet' && rest[0] === 'httpHeaders') {
    if (rest.length === 1 && ctx.position === 'item') headerFields(ctx, list, true);
    else if (rest.length === 2 && rest[1] === ITEM && ctx.position === 'key') headerFields(ctx, list, false);
  }
}

function lifecycle(ctx: CursorContext, rest: readonly string[], list: EntryList): void {
  if (rest.length === 0) {
    if (ctx.position === 'key') lifecycleHooks(ctx, list);
    return;
  }
  if (!ctx.hookKind) return;
  if (rest.length === 1) {
    if (ctx.position === 'key') hookHandlers(ctx, list);
    return;
  }
  const handler = asHandler(rest[1]);
  if (handler && handler !== 'grpc') handlerBody(ctx, undefined, handler, rest.slice(2), () => undefined, list);
}

function asHandler(segment: string | undefined): HandlerKind | undefined {
  return segment && (HANDLER_ORDER as readonly string[]).includes(segment) ? (segment as HandlerKind) : undefined;
}
