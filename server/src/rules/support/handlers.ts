/** Which handler of a probe or hook the apiserver validates, and the ports a container declares. */
import { isMap, type YAMLMap } from 'yaml';
import { HANDLER_ORDER, LIFECYCLE_HANDLERS, PROBE_HANDLERS, type Container, type HandlerEntry, type HandlerHolder, type ManifestDocument } from '../../manifest/types';
import { validatedHandlerHolders } from './walk';
import type { KubernetesVersion } from '../../../../core/src/kubernetes/versions';
import { supportAt } from './target';

export interface ValidatedHandler {
  readonly holder: HandlerHolder & { kind: string };
  readonly entry: HandlerEntry;
  readonly node: YAMLMap;
  /** e.g. `spec.containers[0].livenessProbe.httpGet`. */
  readonly path: string;
}

/**
 * The handlers a probe or hook sets that its kind allows, in the order validateHandler looks for
 * them: exec → httpGet → tcpSocket → grpc → sleep (kubernetes
 * `pkg/apis/core/validation/validation.go`).
 */
export function presentHandlers(holder: HandlerHolder & { kind: string }, target?: KubernetesVersion): HandlerEntry[] {
  const isProbe = holder.kind.endsWith('Probe');
  const allowed = isProbe ? PROBE_HANDLERS : LIFECYCLE_HANDLERS;
  // A handler the target does not know, or drops behind a disabled gate, is not there for validation.
  return holder.handlers
    .filter((h) => h.present && allowed.includes(h.kind) && supportAt(isProbe ? 'probe' : 'hook', h.kind, target) === 'accepted')
    .sort((a, b) => HANDLER_ORDER.indexOf(a.kind) - HANDLER_ORDER.indexOf(b.kind));
}

/** The handler validateHandler validates: the first present one; later ones are Forbidden and not looked into. */
export function firstHandler(holder: HandlerHolder & { kind: string }, target?: KubernetesVersion): HandlerEntry | undefined {
  return presentHandlers(holder, target)[0];
}

/** The validated handlers (as maps) of every probe and hook the apiserver validates. */
export function* validatedHandlers(doc: ManifestDocument, target?: KubernetesVersion): Generator<ValidatedHandler> {
  for (const holder of validatedHandlerHolders(doc, target)) {
    const entry = firstHandler(holder, target);
    if (entry && isMap(entry.value)) yield { holder, entry, node: entry.value, path: `${holder.fieldPath}.${entry.kind}` };
  }
}

/** Declared `ports[].name` → containerPort of a container. */
export function declaredPortNames(container: Container): Map<string, number | undefined> {
  const names = new Map<string, number | undefined>();
  for (const port of container.ports) if (port.name !== undefined && !names.has(port.name)) names.set(port.name, port.containerPort);
  return names;
}
