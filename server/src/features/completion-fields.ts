/**
 * Completion of the Kubernetes probe API itself: probe keys in a container, handlers and timing
 * fields in a probe, the fields of a handler, lifecycle hooks, and the values we can know from
 * the manifest (`scheme`, the container's declared ports).
 */
import type { CursorContext } from '../manifest/context/types';
import { LIFECYCLE_HANDLERS, PROBE_HANDLERS, type Container, type HandlerKind, type LifecycleHookKind } from '../manifest/types';
import {
  HANDLER_INFO,
  HTTP_HEADER_FIELDS,
  LIFECYCLE_HOOK_DOC,
  PROBE_KIND_INFO,
  PROBE_TIMING_FIELDS,
  type FieldInfo,
} from '../knowledge/probe-fields';
import { indentBlock, snippetText, type EntryList } from './completion-item';
import { PROBE_FIELDS, type ProbeField } from '../../../core/src/probe/kinds';

/** Timing fields in the order people reach for them once a handler is there. */
const TIMING_RANK = ['periodSeconds', 'timeoutSeconds', 'failureThreshold', 'initialDelaySeconds', 'successThreshold', 'terminationGracePeriodSeconds'];

function fieldDoc(field: FieldInfo): string {
  const facts = [
    `**${field.name}** · ${field.type}`,
    field.default !== undefined ? `default ${field.default}` : field.required ? 'required' : 'no default',
    field.minimum !== undefined ? `minimum ${field.minimum}` : undefined,
    field.since ? `since Kubernetes ${field.since}` : undefined,
  ].filter(Boolean);
  return `${facts.join(' · ')}\n\n${field.doc}`;
}

/** Placeholder choice of the container's ports: names first (they survive renumbering), then numbers. */
function portChoices(container: Container | undefined, numbersOnly = false): string[] {
  const out: string[] = [];
  for (const port of container?.ports ?? []) {
    if (!numbersOnly && port.name) out.push(port.name);
  }
  for (const port of container?.ports ?? []) {
    if (port.containerPort !== undefined) out.push(String(port.containerPort));
  }
  return [...new Set(out)];
}

function portPlaceholder(n: number, container: Container | undefined, numbersOnly: boolean, fallback: string): string {
  const choices = portChoices(container, numbersOnly);
  if (choices.length > 1) return `\${${n}|${choices.map((c) => c.replace(/[,|\\]/g, '')).join(',')}|}`;
  return `\${${n}:${choices[0] ?? fallback}}`;
}

/** What we know about the container that makes a better first snippet (Calico's health command). */
export interface ProbeHint {
  /** The exec command that fits this container and probe kind. */
  readonly execCommand?: readonly string[];
}

/** A handler's body as block (relative indentation) or flow text, with snippet placeholders. */
function handlerBody(kind: HandlerKind, container: Container | undefined, flow: boolean, hint: ProbeHint = {}): string {
  switch (kind) {
    case 'exec':
      if (hint.execCommand) {
        const argv = hint.execCommand.map(snippetText);
        return flow ? `{command: [${argv.join(', ')}]}` : `command:\n${argv.map((a) => `  - ${a}`).join('\n')}`;
      }
      return flow ? '{command: [${1:/bin/sh}, ${2:-c}, ${3:true}]}' : HANDLER_INFO.exec.snippet;
    case 'httpGet': {
      const port = portPlaceholder(2, container, false, '8080');
      return flow ? `{path: \${1:/healthz}, port: ${port}}` : `path: \${1:/healthz}\nport: ${port}`;
    }
    case 'tcpSocket': {
      const port = portPlaceholder(1, container, false, '8080');
      return flow ? `{port: ${port}}` : `port: ${port}`;
    }
    case 'grpc': {
      const port = portPlaceholder(1, container, true, '9000');
      return flow ? `{port: ${port}}` : `port: ${port}`;
    }
    case 'sleep':
      return flow ? '{seconds: ${1:5}}' : HANDLER_INFO.sleep.snippet;
  }
}

/** `key:` followed by a nested block or flow body, at the cursor. */
function keyWithBody(ctx: CursorContext, key: string, body: string): string {
  if (ctx.followedByColon) return key;
  if (ctx.style === 'flow') return `${key}: ${body}`;
  return indentBlock(`${key}:\n${body.split('\n').map((l) => '  ' + l).join('\n')}`, ctx.wordColumn);
}

function keyWithValue(ctx: CursorContext, key: string, placeholder: string): string {
  if (ctx.followedByColon) return key;
  return `${key}: ${placeholder}`;
}

/** Probe keys in a container (not on init containers or ephemeral containers, where they are forbidden). */
export function containerProbeKeys(ctx: CursorContext, list: EntryList, hintFor: (kind: ProbeField) => ProbeHint = () => ({})): void {
  const container = ctx.container;
  if (container && (container.kind === 'init' || container.kind === 'ephemeral')) return;
  for (const kind of PROBE_FIELDS) {
    if (ctx.presentKeys.includes(kind)) continue;
    const info = PROBE_KIND_INFO[kind];
    list.add({
      label: kind,
      kind: 'property',
      detail: info.title,
      documentation: `${info.doc}\n\nFailing: ${info.onFailure}.`,
      insertText: keyWithBody(ctx, kind, genericProbeBody(kind, container, ctx.style === 'flow', hintFor(kind))),
      isSnippet: true,
      schemaAlsoOffers: true,
    });
  }
}

/**
 * A sensible first probe: the container's own health command when we know it (Calico), else HTTP
 * on the container's port when it declares one, else a command to fill in.
 */
function genericProbeBody(kind: ProbeField, container: Container | undefined, flow: boolean, hint: ProbeHint): string {
  const handler: HandlerKind = hint.execCommand ? 'exec' : (container?.ports.length ?? 0) > 0 ? 'httpGet' : 'exec';
  const body = handlerBody(handler, container, flow, hint);
  let n = (body.match(/\$\{\d/g) ?? []).length + 1;
  const timing: Array<[string, string]> =
    kind === 'startupProbe' ? [['failureThreshold', '30'], ['periodSeconds', '10']] : [['periodSeconds', '10']];
  const timingText = timing.map(([k, v]) => `${k}: \${${n++}:${v}}`);
  if (flow) return `{${[`${handler}: ${body}`, ...timingText].join(', ')}}`;
  return [`${handler}:\n${body.split('\n').map((l) => '  ' + l).join('\n')}`, ...timingText].join('\n');
}

/** In a probe: handlers while it has none, then the timing fields it does not have yet. */
export function probeFields(ctx: CursorContext, kind: ProbeField, list: EntryList, hint: ProbeHint): void {
  const present = new Set(ctx.presentKeys);
  const hasHandler = PROBE_HANDLERS.some((h) => present.has(h));
  const timing = () => {
    const fields = [...PROBE_TIMING_FIELDS].sort((a, b) => TIMING_RANK.indexOf(a.name) - TIMING_RANK.indexOf(b.name));
    for (const field of fields) {
      if (present.has(field.name)) continue;
      if (field.onlyFor && !field.onlyFor.includes(kind)) continue;
      // No API default for terminationGracePeriodSeconds: the pod's value when it is valid here (> 0), else the pod default 30.
      const podValue = ctx.container?.podSpec.terminationGracePeriodSeconds;
      const placeholder = field.default ?? String(podValue !== undefined && podValue > 0 ? podValue : 30);
      list.add({
        label: field.name,
        kind: 'property',
        detail: `${field.type}${field.default !== undefined ? `, default ${field.default}` : ''}`,
        documentation: fieldDoc(field),
        insertText: keyWithValue(ctx, field.name, `\${1:${placeholder}}`),
        isSnippet: true,
        schemaAlsoOffers: true,
      });
    }
  };
  if (!hasHandler) {
    const hasPorts = (ctx.container?.ports.length ?? 0) > 0;
    const order: HandlerKind[] = hint.execCommand || !hasPorts ? ['exec', 'httpGet', 'tcpSocket', 'grpc'] : ['httpGet', 'tcpSocket', 'exec', 'grpc'];
    handlers(ctx, order, list, hint);
  }
  timing();
}

function handlers(ctx: CursorContext, order: readonly HandlerKind[], list: EntryList, hint: ProbeHint = {}): void {
  for (const kind of order) {
    const info = HANDLER_INFO[kind];
    list.add({
      label: kind,
      kind: 'property',
      detail: 'handler',
      documentation: `**${kind}** · since Kubernetes ${info.since}\n\n${info.doc}`,
      insertText: keyWithBody(ctx, kind, handlerBody(kind, ctx.container, ctx.style === 'flow', hint)),
      isSnippet: true,
      schemaAlsoOffers: true,
    });
  }
}

/** In a handler: its fields not yet present. */
export function handlerFields(ctx: CursorContext, kind: HandlerKind, list: EntryList): void {
  for (const field of HANDLER_INFO[kind].fields) {
    if (ctx.presentKeys.includes(field.name)) continue;
    list.add({
      label: field.name,
      kind: 'property',
      detail: `${field.required ? 'required, ' : ''}${field.type}`,
      documentation: fieldDoc(field),
      insertText: fieldInsert(ctx, kind, field),
      isSnippet: true,
      schemaAlsoOffers: true,
    });
  }
}

function fieldInsert(ctx: CursorContext, handler: HandlerKind, field: FieldInfo): string {
  switch (field.name) {
    case 'port':
      return keyWithValue(ctx, 'port', portPlaceholder(1, ctx.container, handler === 'grpc', handler === 'grpc' ? '9000' : '8080'));
    case 'scheme':
      return keyWithValue(ctx, 'scheme', '${1|HTTP,HTTPS|}');
    case 'command':
      return ctx.style === 'flow' ? keyWithValue(ctx, 'command', '[${1:/bin/sh}, ${2:-c}, ${3:true}]') : keyWithBody(ctx, 'command', '- ${1:/bin/sh}\n- ${2:-c}\n- ${3:true}');
    case 'httpHeaders':
      return ctx.style === 'flow'
        ? keyWithValue(ctx, 'httpHeaders', '[{name: ${1:X-Probe}, value: ${2:true}}]')
        : keyWithBody(ctx, 'httpHeaders', '- name: ${1:X-Probe}\n  value: ${2:"true"}');
    default:
      return keyWithValue(ctx, field.name, field.default !== undefined ? `\${1:${snippetText(field.default)}}` : '$1');
  }
}

/** In an `httpHeaders` item: `name` and `value`. On a new `- ` item: both at once. */
export function headerFields(ctx: CursorContext, list: EntryList, newItem: boolean): void {
  if (newItem) {
    list.add({
      label: 'name, value',
      kind: 'snippet',
      detail: 'HTTP header',
      documentation: 'One extra request header.',
      insertText: ctx.style === 'flow' ? '{name: ${1:X-Probe}, value: ${2:"true"}}' : indentBlock('name: ${1:X-Probe}\nvalue: ${2:"true"}', ctx.wordColumn),
      isSnippet: true,
      filterText: 'name',
    });
    return;
  }
  for (const field of HTTP_HEADER_FIELDS) {
    if (ctx.presentKeys.includes(field.name)) continue;
    list.add({ label: field.name, kind: 'property', documentation: fieldDoc(field), insertText: keyWithValue(ctx, field.name, '$1'), isSnippet: true, schemaAlsoOffers: true });
  }
}

export function lifecycleHooks(ctx: CursorContext, list: EntryList): void {
  for (const hook of ['preStop', 'postStart'] as LifecycleHookKind[]) {
    if (ctx.presentKeys.includes(hook)) continue;
    list.add({
      label: hook,
      kind: 'property',
      detail: 'lifecycle hook',
      documentation: LIFECYCLE_HOOK_DOC[hook],
      insertText: keyWithBody(ctx, hook, hook === 'preStop' ? 'sleep:\n  seconds: ${1:5}' : 'exec:\n  command:\n    - ${1:/bin/sh}\n    - -c\n    - ${2:true}'),
      isSnippet: true,
      schemaAlsoOffers: true,
    });
  }
}

/** In a lifecycle hook: its handlers while it has none (no grpc; sleep since 1.29). */
export function hookHandlers(ctx: CursorContext, list: EntryList): void {
  if (LIFECYCLE_HANDLERS.some((h) => ctx.presentKeys.includes(h))) return;
  handlers(ctx, ['exec', 'sleep', 'httpGet', 'tcpSocket'], list);
}

/** `scheme:` values. */
export function schemeValues(list: EntryList): void {
  list.add({ label: 'HTTP', kind: 'enum', detail: 'default', documentation: 'Plain HTTP (the default).' });
  list.add({ label: 'HTTPS', kind: 'enum', documentation: 'HTTPS; the kubelet does not verify the certificate.' });
}

/** `port:` values: the ports the same container declares. */
export function portValues(ctx: CursorContext, handler: HandlerKind, list: EntryList): void {
  const numbersOnly = handler === 'grpc';
  for (const port of ctx.container?.ports ?? []) {
    if (!numbersOnly && port.name) {
      list.add({
        label: port.name,
        kind: 'value',
        detail: `container port${port.containerPort !== undefined ? ` ${port.containerPort}` : ''}`,
        documentation: `The port named \`${port.name}\` in this container's \`ports\`.`,
      });
    }
  }
  for (const port of ctx.container?.ports ?? []) {
    if (port.containerPort === undefined) continue;
    list.add({
      label: String(port.containerPort),
      kind: 'value',
      // A port name is at most 15 characters (IANA_SVC_NAME), so "named <name>" fits the detail.
      detail: port.name ? `named ${port.name}` : 'container port',
      documentation: `Port ${port.containerPort} declared in this container's \`ports\`${port.name ? `, named \`${port.name}\`` : ''}.`,
    });
  }
}
