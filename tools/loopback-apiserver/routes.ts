/**
 * URL → (resource, namespace, name, subresource, verb), as the apiserver's RequestInfoFactory reads
 * request paths. The verb is the RBAC verb, which 403 messages name.
 */
import { INSTALLATIONS, TIGERASTATUSES } from './resources';
import { CALICONODESTATUSES } from './resources';
import { DAEMONSETS, DEPLOYMENTS, EVENTS, NAMESPACES, NODES, PODS, REPLICASETS, ResourceType } from './resources';

export interface RequestInfo {
  readonly type: ResourceType;
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: string;
  readonly verb: string;
  /** True for `?watch=1` and the legacy /watch/ prefix. */
  readonly watch: boolean;
}

const CORE: Record<string, ResourceType> = { pods: PODS, events: EVENTS, nodes: NODES, namespaces: NAMESPACES };
const APPS: Record<string, ResourceType> = { daemonsets: DAEMONSETS, deployments: DEPLOYMENTS, replicasets: REPLICASETS };

const OPERATOR: Record<string, ResourceType> = { installations: INSTALLATIONS, tigerastatuses: TIGERASTATUSES };
const CALICO_CRDS: Record<string, ResourceType> = { caliconodestatuses: CALICONODESTATUSES };

const truthy = (v: string | null): boolean => v !== null && v !== '' && v !== '0' && v !== 'false';

/** undefined: not a resource path (discovery, health, or 404). */
export function parseRequest(method: string, url: URL): RequestInfo | undefined {
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let table: Record<string, ResourceType>;
  let rest: string[];
  if (parts[0] === 'api' && parts[1] === 'v1') {
    table = CORE;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts[1] === 'apps' && parts[2] === 'v1') {
    table = APPS;
    rest = parts.slice(3);
  } else if (parts[0] === 'apis' && parts[1] === 'operator.tigera.io' && parts[2] === 'v1') {
    table = OPERATOR;
    rest = parts.slice(3);
  } else if (parts[0] === 'apis' && parts[1] === 'crd.projectcalico.org' && parts[2] === 'v1') {
    table = CALICO_CRDS;
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  let watch = truthy(url.searchParams.get('watch'));
  if (rest[0] === 'watch') {
    watch = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const type = table[rest[0] ?? ''];
  if (!type || rest.length > 3) return undefined;
  if (namespace !== undefined && !type.namespaced) return undefined;
  const name = rest[1];
  const subresource = rest[2];
  let verb: string;
  switch (method) {
    case 'GET':
    case 'HEAD':
      verb = name ? 'get' : watch ? 'watch' : 'list';
      if (name && watch) verb = 'watch';
      break;
    case 'POST':
      verb = 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name ? 'delete' : 'deletecollection';
      break;
    default:
      verb = method.toLowerCase();
  }
  return { type, ...(namespace !== undefined ? { namespace } : {}), ...(name !== undefined ? { name } : {}), ...(subresource !== undefined ? { subresource } : {}), verb, watch };
}
