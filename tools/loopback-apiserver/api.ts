/**
 * The REST surface: discovery, list (paged), get, create, replace, patch, delete, pod logs and the
 * watch entry point. Exec arrives as an HTTP upgrade and is handled in exec.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import captured from './data/apiserver-v1.20.json';
import type { Authenticator, User } from './auth';
import type { FaultState } from './faults';
import { applyPatch, patchTypeOf } from './patch';
import { apiVersionOf, EVENTS, KubeObject, PODS, ResourceType } from './resources';
import { parseRequest, RequestInfo } from './routes';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import {
  ApiError,
  badRequest,
  continueExpired,
  forbidden,
  forbiddenPath,
  methodNotSupported,
  notFound,
  resourceNotFound,
  StatusBody,
  unauthorized,
} from './status';
import type { ObjectStore } from './store';
import { IncludeObject, tableJson, wantsTable } from './tables';
import type { WatchHub } from './watch';

export interface ApiContext {
  readonly store: ObjectStore;
  readonly auth: Authenticator;
  readonly faults: FaultState;
  readonly watches: WatchHub;
  /** host:port clients reach us on, for /api's serverAddressByClientCIDRs. */
  address(): string;
}

/** Unref'd: a response held back by delayResponses must not keep the process alive once the server is closed. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

export function sendJson(res: ServerResponse, code: number, body: string | Buffer): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(code, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Content-Length': typeof body === 'string' ? Buffer.byteLength(body) : body.length });
  res.end(body);
}

export const sendStatus = (res: ServerResponse, status: StatusBody): void => sendJson(res, status.code, JSON.stringify(status));

const VERSION = {
  major: '1',
  minor: '20',
  gitVersion: 'v1.20.2',
  gitCommit: 'loopback',
  gitTreeState: 'clean',
  buildDate: '2021-01-13T13:20:00Z',
  goVersion: 'go1.19.8',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const APPS_RESOURCES = {
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: 'apps/v1',
  resources: [
    { name: 'daemonsets', singularName: '', namespaced: true, kind: 'DaemonSet', verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['ds'], categories: ['all'] },
    { name: 'daemonsets/status', singularName: '', namespaced: true, kind: 'DaemonSet', verbs: ['get', 'patch', 'update'] },
    { name: 'deployments', singularName: '', namespaced: true, kind: 'Deployment', verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['deploy'], categories: ['all'] },
    { name: 'deployments/status', singularName: '', namespaced: true, kind: 'Deployment', verbs: ['get', 'patch', 'update'] },
    { name: 'replicasets', singularName: '', namespaced: true, kind: 'ReplicaSet', verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['rs'], categories: ['all'] },
    { name: 'replicasets/status', singularName: '', namespaced: true, kind: 'ReplicaSet', verbs: ['get', 'patch', 'update'] },
  ],
};

/** Non-resource paths: discovery and health. undefined when the path is not one of them. */
/**
 * The tigera operator's group as kube-apiserver v1.20.2 serves it with the operator's CRDs installed
 * (captured from the real one): the two kinds the loopback serves, with their status subresources.
 */
const OPERATOR_GROUP = { kind: 'APIGroup', apiVersion: 'v1', name: 'operator.tigera.io', versions: [{ groupVersion: 'operator.tigera.io/v1', version: 'v1' }], preferredVersion: { groupVersion: 'operator.tigera.io/v1', version: 'v1' } };
const CRD_VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];
const OPERATOR_RESOURCES = {
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: 'operator.tigera.io/v1',
  resources: [
    { name: 'installations', singularName: 'installation', namespaced: false, kind: 'Installation', verbs: CRD_VERBS, storageVersionHash: '8X8aKuY8HRY=' },
    { name: 'installations/status', singularName: '', namespaced: false, kind: 'Installation', verbs: ['get', 'patch', 'update'] },
    { name: 'tigerastatuses', singularName: 'tigerastatus', namespaced: false, kind: 'TigeraStatus', verbs: CRD_VERBS, storageVersionHash: 'd+lPAoIseSI=' },
    { name: 'tigerastatuses/status', singularName: '', namespaced: false, kind: 'TigeraStatus', verbs: ['get', 'patch', 'update'] },
  ],
};

function nonResource(ctx: ApiContext, path: string): unknown {
  switch (path) {
    case '/version':
    case '/version/':
      return VERSION;
    case '/api':
    case '/api/':
      return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: ctx.address() }] };
    case '/api/v1':
    case '/api/v1/':
      return captured.apiV1;
    case '/apis':
    case '/apis/':
      return {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: [{ name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } }, { name: OPERATOR_GROUP.name, versions: OPERATOR_GROUP.versions, preferredVersion: OPERATOR_GROUP.preferredVersion }],
      };
    case '/apis/apps':
      return { kind: 'APIGroup', apiVersion: 'v1', name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } };
    case '/apis/apps/v1':
      return APPS_RESOURCES;
    case '/apis/operator.tigera.io':
      return OPERATOR_GROUP;
    case '/apis/operator.tigera.io/v1':
      return OPERATOR_RESOURCES;
    default:
      return undefined;
  }
}

const HEALTH = new Set(['/healthz', '/readyz', '/livez']);
/** Paths the real RBAC defaults (system:public-info-viewer) open to anonymous callers. */
const PUBLIC = new Set(['/version', '/version/', '/healthz', '/readyz', '/livez']);

export async function handleRequest(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://loopback');
  const method = req.method ?? 'GET';
  try {
    await ctx.faults.hold();
    // A client that gave up while its request was held back gets nothing (as from a real server).
    if (res.destroyed) return;
    const injected = ctx.faults.take(method, url.pathname + url.search);
    if (injected) return sendStatus(res, injected);

    const user = ctx.auth.authenticate(req);
    if (!user) return sendStatus(res, unauthorized());

    if (HEALTH.has(url.pathname)) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    }
    const discovery = nonResource(ctx, url.pathname);
    if (discovery !== undefined) {
      if (!user.authenticated && !PUBLIC.has(url.pathname)) return sendStatus(res, forbiddenPath(user.name, 'get', url.pathname));
      return sendJson(res, 200, JSON.stringify(discovery));
    }

    const info = parseRequest(method, url);
    if (!info) {
      if (!user.authenticated) return sendStatus(res, forbiddenPath(user.name, method.toLowerCase() === 'get' ? 'get' : method.toLowerCase(), url.pathname));
      return sendStatus(res, resourceNotFound());
    }
    authorize(user, info);
    await serveResource(ctx, req, res, url, info);
  } catch (error) {
    if (error instanceof ApiError) return sendStatus(res, error.status);
    const message = (error as Error).message;
    return sendStatus(res, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'InternalError', details: { causes: [{ message }] }, code: 500 });
  }
}

function authorize(user: User, info: RequestInfo): void {
  if (user.admin) return;
  const resource = info.subresource ? `${info.type.resource}/${info.subresource}` : info.type.resource;
  throw new ApiError(forbidden(user.name, info.verb, resource, info.type.namespaced ? info.namespace : undefined, info.name, info.type.group));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) throw new ApiError(badRequest('the server rejected our request due to an error in our request'));
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(badRequest(`the object provided is unrecognized (${(error as Error).message})`));
  }
}

async function serveResource(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL, info: RequestInfo): Promise<void> {
  const { type, namespace, name, subresource } = info;
  const q = url.searchParams;

  if (info.verb === 'list' || info.verb === 'watch') {
    const labels = parseLabelSelector(q.get('labelSelector') ?? undefined);
    let fieldSelector = q.get('fieldSelector') ?? undefined;
    // GET …/watch/namespaces/ns/pods/name watches one object (legacy form).
    if (name) fieldSelector = [fieldSelector, `metadata.name=${name}`].filter(Boolean).join(',');
    const fields = parseFieldSelector(fieldSelector, type.fieldLabels, (object: KubeObject) => ctx.store.fieldsOf(type, object), type.unknownFieldLabel);
    const matches = (o: KubeObject): boolean => labels(o.metadata.labels) && fields(o);
    const table = wantsTable(req.headers.accept) ? { include: (q.get('includeObject') as IncludeObject | null) ?? 'Metadata' } : undefined;
    if (info.verb === 'watch') {
      const timeout = q.get('timeoutSeconds');
      ctx.watches.serve(req, res, {
        type,
        ...(namespace !== undefined ? { namespace } : {}),
        matches,
        ...(q.get('resourceVersion') !== null ? { resourceVersion: q.get('resourceVersion')! } : {}),
        ...(timeout !== null ? { timeoutSeconds: Number(timeout) } : {}),
        bookmarks: ['1', 'true'].includes(q.get('allowWatchBookmarks') ?? ''),
        ...(table ? { table } : {}),
      });
      return;
    }
    return sendJson(res, 200, list(ctx, type, namespace, matches, q, table, Boolean(q.get('labelSelector') || q.get('fieldSelector'))));
  }

  if (!name) {
    if (info.verb === 'create') return create(ctx, req, res, type, namespace);
    throw new ApiError(methodNotSupported(type.resource, info.verb));
  }

  if (subresource === 'log' && type === PODS && info.verb === 'get') return podLog(ctx, res, namespace!, name, q);
  if (subresource === 'exec' || subresource === 'attach') {
    throw new ApiError(badRequest('Upgrade request required'));
  }
  if (subresource && subresource !== 'status') return sendStatus(res, resourceNotFound());

  const current = ctx.store.get(type, namespace, name);
  switch (info.verb) {
    case 'get':
      if (!current) throw new ApiError(notFound(type.resource, name, type.group));
      return sendJson(res, 200, ctx.store.objectJson(type, current));
    case 'delete': {
      const deleted = ctx.store.remove(type, namespace, name);
      return sendJson(res, 200, ctx.store.objectJson(type, deleted));
    }
    case 'patch': {
      const patchType = patchTypeOf(req.headers['content-type']);
      if (!patchType) {
        return sendStatus(res, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`, reason: 'UnsupportedMediaType', code: 415 });
      }
      const patch = await readBody(req);
      const updated = ctx.store.update(type, namespace, name, (obj) => {
        if (subresource === 'status') {
          // The status subresource only takes status from the patch.
          const patched = applyPatch(patchType, { ...obj }, patch) as KubeObject;
          return { ...obj, status: patched.status };
        }
        const patched = applyPatch(patchType, obj, patch) as KubeObject;
        return { ...patched, metadata: { ...patched.metadata, name: obj.metadata.name, namespace: obj.metadata.namespace } };
      });
      return sendJson(res, 200, ctx.store.objectJson(type, updated));
    }
    case 'update': {
      if (!current) throw new ApiError(notFound(type.resource, name, type.group));
      const body = (await readBody(req)) as KubeObject;
      const updated = ctx.store.update(type, namespace, name, (obj) =>
        subresource === 'status' ? { ...obj, status: body.status } : { ...body, metadata: { ...body.metadata, name, ...(namespace ? { namespace } : {}) } },
      );
      return sendJson(res, 200, ctx.store.objectJson(type, updated));
    }
    default:
      throw new ApiError(methodNotSupported(type.resource, info.verb));
  }
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

function decodeContinue(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
    if (typeof parsed.rv !== 'number' || typeof parsed.start !== 'string') throw new Error('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
    return parsed;
  } catch (error) {
    throw new ApiError(badRequest(`invalid continue token: ${(error as Error).message}`));
  }
}

const encodeContinue = (rv: number, start: string): string => Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url');

/**
 * A list response built from cached item JSON. Paging follows etcd key order; a continue token from
 * before the last compaction is 410 Expired, like a compacted etcd revision.
 */
function list(
  ctx: ApiContext,
  type: ResourceType,
  namespace: string | undefined,
  matches: (o: KubeObject) => boolean,
  q: URLSearchParams,
  table: { include: IncludeObject } | undefined,
  filtered: boolean,
): string | Buffer {
  const limit = Number(q.get('limit') ?? 0);
  const cont = q.get('continue');
  let listRv = ctx.store.resourceVersion;
  let start = '';
  if (cont) {
    const token = decodeContinue(cont);
    if (token.rv < ctx.store.oldestResourceVersion) throw new ApiError(continueExpired());
    listRv = token.rv;
    start = token.start;
  }
  const prefix = namespace && type.namespaced ? `${namespace}/` : '';
  const { keys, items } = ctx.store.entries(type);
  let i = lowerBound(keys, prefix + start.replace(/\u0000$/, ''));
  if (start.endsWith('\u0000')) while (i < keys.length && keys[i]! <= prefix + start.slice(0, -1)) i++;
  const picked: KubeObject[] = [];
  let lastKey = '';
  let continueToken: string | undefined;
  let remaining = 0;
  for (; i < keys.length; i++) {
    const key = keys[i]!;
    if (prefix && !key.startsWith(prefix)) break;
    const object = items.get(key)!;
    if (!matches(object)) continue;
    if (limit > 0 && picked.length >= limit) {
      continueToken = encodeContinue(listRv, `${lastKey.slice(prefix.length)}\u0000`);
      if (!filtered) {
        for (let j = i; j < keys.length && (!prefix || keys[j]!.startsWith(prefix)); j++) remaining++;
      }
      break;
    }
    picked.push(object);
    lastKey = key;
  }
  const meta: Record<string, unknown> = { resourceVersion: String(listRv) };
  if (continueToken) {
    meta.continue = continueToken;
    if (!filtered) meta.remainingItemCount = remaining;
  }
  if (table) return tableJson(type, picked, ctx.store.rowObjects(type), meta, table.include);
  const listKind = `${type.kind}List`;
  const parts: Buffer[] = [Buffer.from(`{"kind":"${listKind}","apiVersion":"${apiVersionOf(type)}","metadata":${JSON.stringify(meta)},"items":[`)];
  picked.forEach((object, index) => {
    if (index > 0) parts.push(COMMA);
    parts.push(ctx.store.itemBytes(object));
  });
  parts.push(LIST_END);
  return Buffer.concat(parts);
}

const COMMA = Buffer.from(',');
const LIST_END = Buffer.from(']}');

function lowerBound(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

async function create(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, type: ResourceType, namespace: string | undefined): Promise<void> {
  const body = (await readBody(req)) as KubeObject;
  body.metadata ??= { name: '' };
  if (type.namespaced) body.metadata.namespace = namespace ?? body.metadata.namespace ?? 'default';
  const created = type === EVENTS && !body.metadata.name ? ctx.store.create(type, { ...body, metadata: { ...body.metadata, name: '' } }) : ctx.store.create(type, body);
  sendJson(res, 201, ctx.store.objectJson(type, created));
}

function podLog(ctx: ApiContext, res: ServerResponse, namespace: string, name: string, q: URLSearchParams): void {
  const pod = ctx.store.get(PODS, namespace, name);
  if (!pod) throw new ApiError(notFound('pods', name));
  const containers: string[] = (pod.spec?.containers ?? []).map((c: { name: string }) => c.name);
  const inits: string[] = (pod.spec?.initContainers ?? []).map((c: { name: string }) => c.name);
  let container = q.get('container');
  if (!container) {
    if (containers.length !== 1) {
      const initPart = inits.length ? ` or one of the init containers: [${inits.join(' ')}]` : '';
      throw new ApiError(badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${initPart}`));
    }
    container = containers[0]!;
  }
  if (!containers.includes(container) && !inits.includes(container)) throw new ApiError(badRequest(`container ${container} is not valid for pod ${name}`));
  let text = ctx.store.getLog(namespace, name, container) ?? '';
  const tail = q.get('tailLines');
  if (tail !== null) {
    const n = Number(tail);
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    text = n <= 0 ? '' : lines.slice(-n).join('\n') + (lines.length ? '\n' : '');
  }
  const limitBytes = q.get('limitBytes');
  if (limitBytes !== null) text = Buffer.from(text).subarray(0, Number(limitBytes)).toString('utf8');
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
