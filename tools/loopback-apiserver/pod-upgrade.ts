/**
 * What exec and port-forward upgrades share before either protocol starts: held-back and injected
 * faults, authentication, the URL naming a pod's subresource, RBAC on it and the pod existing. A
 * refusal is written on the raw socket as the apiserver's HTTP response with a Status body.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApiContext } from './api';
import { PODS, type KubeObject } from './resources';
import { parseRequest } from './routes';
import { forbidden, notFound, unauthorized, type StatusBody } from './status';

export function rejectUpgrade(socket: Duplex, status: StatusBody): void {
  const body = JSON.stringify(status);
  const reason = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status.code] ?? 'Error';
  socket.end(`HTTP/1.1 ${status.code} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

export interface AdmittedUpgrade {
  readonly url: URL;
  readonly namespace: string;
  readonly name: string;
  readonly pod: KubeObject;
}

const NO_SUCH_RESOURCE: StatusBody = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 };

/**
 * The pod an upgrade to `pods/<subresource>` is for, or undefined once the refusal is written (or
 * the client went away while a fault held the request). Throws what the route parser throws.
 */
export async function admitPodUpgrade(ctx: ApiContext, req: IncomingMessage, socket: Duplex, subresource: 'exec' | 'portforward'): Promise<AdmittedUpgrade | undefined> {
  const url = new URL(req.url ?? '/', 'http://loopback');
  await ctx.faults.hold();
  if (socket.destroyed) return undefined;
  const refusal = (): StatusBody | AdmittedUpgrade => {
    const injected = ctx.faults.take(req.method ?? 'GET', url.pathname + url.search);
    if (injected) return injected;
    const user = ctx.auth.authenticate(req);
    if (!user) return unauthorized();
    const info = parseRequest(req.method ?? 'GET', url);
    if (!info || info.type !== PODS || info.subresource !== subresource || !info.name || !info.namespace) return NO_SUCH_RESOURCE;
    // v1.20 authorizes the WebSocket GET as "get" on the subresource; newer releases (and POSTs) as "create".
    if (!user.admin) return forbidden(user.name, req.method === 'GET' ? 'get' : 'create', `pods/${subresource}`, info.namespace, info.name);
    const pod = ctx.store.get(PODS, info.namespace, info.name);
    if (!pod) return notFound('pods', info.name);
    return { url, namespace: info.namespace, name: info.name, pod };
  };
  const outcome = refusal();
  if ('pod' in outcome) return outcome;
  rejectUpgrade(socket, outcome);
  return undefined;
}
