/**
 * Calico's `CalicoNodeStatus` (projectcalico/api `pkg/apis/projectcalico/v3/caliconodestatus.go`):
 * an object naming a node (`spec.node`), what to report (`spec.classes`: Agent, BGP, Routes) and how
 * often (`spec.updatePeriodSeconds`); calico-node on that node fills its `status` (BIRD's state, each
 * BGP peer's address, type, state and since). Served as `crd.projectcalico.org/v1` by the CRD every
 * Calico install has since v3.22, and as `projectcalico.org/v3` only where Calico's API server runs
 * (asked of discovery). The CRD has no status subresource: calico-node writes it with a plain update.
 *
 * Reads existing ones, and creates one for a node (after the user's consent), waits for calico-node
 * to fill it and deletes it afterwards unless kept.
 */
import { ApisApi, CustomObjectsApi, IsomorphicFetchHttpLibrary, type ConfigurationOptions, type KubeConfig, type RequestContext } from '@kubernetes/client-node';
import { nodeBgpStatusOf, type NodeBgpStatus } from '../../../core/src/calico/bgp-peers';
import { classifyError, httpStatusOf } from './errors';
import type { ClusterProblem } from './model';

const CRD_GROUP = { group: 'crd.projectcalico.org', version: 'v1' } as const;
const API_GROUP = { group: 'projectcalico.org', version: 'v3' } as const;
const PLURAL = 'caliconodestatuses';
const REQUEST_TIMEOUT_MS = 15_000;

/** What `checkBgp` creates: shown to the user before it is created (consent), and sent as is. */
export interface CalicoNodeStatusObject {
  readonly apiVersion: string;
  readonly kind: 'CalicoNodeStatus';
  readonly metadata: { readonly name: string; readonly labels: Readonly<Record<string, string>> };
  readonly spec: { readonly node: string; readonly classes: readonly string[]; readonly updatePeriodSeconds: number };
}

export interface CheckBgpOptions {
  /** Keep the object after the check (calico-node then keeps updating it every updatePeriodSeconds). */
  readonly keep?: boolean;
  /** How long to wait for calico-node to fill the status (default 60 s). */
  readonly timeoutMs?: number;
  /** How often to read the object while waiting (default 1 s). */
  readonly pollMs?: number;
  readonly onProgress?: (message: string) => void;
  readonly signal?: AbortSignal;
}

export interface CheckBgpResult {
  readonly status: NodeBgpStatus;
  /** True when the object was deleted after the check; false when kept (or it existed before). */
  readonly deleted: boolean;
  /** Set when the delete failed: the object is left behind, and this says how to remove it. */
  readonly cleanupProblem?: string;
}

/** A failed check: the ClusterProblem the view and the CLI show (a 403 names the verb and resource). */
class BgpCheckError extends Error {
  constructor(readonly problem: ClusterProblem) {
    super(problem.message);
  }
}

const http = new IsomorphicFetchHttpLibrary();

/**
 * One request, aborted (connection closed) after REQUEST_TIMEOUT_MS, as discovery's: a server that
 * accepts and never answers must neither hold a check nor keep connections open.
 */
export async function bounded<T>(call: (options: ConfigurationOptions) => Promise<T>, what: string): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    return await call({ httpApi: { send: (request: RequestContext) => (request.setSignal(controller.signal as never), http.send(request)) } });
  } catch (error) {
    if (controller.signal.aborted) throw Object.assign(new Error(`the API server did not answer ${what} within ${REQUEST_TIMEOUT_MS / 1000} s (request timed out)`), { code: 'ETIMEDOUT' });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** True when discovery lists `projectcalico.org/v3` (Calico's API server is installed). */
export async function servesCalicoApi(kubeConfig: KubeConfig): Promise<boolean> {
  try {
    const groups = await bounded((options) => kubeConfig.makeApiClient(ApisApi).getAPIVersions(undefined, options), 'discovery');
    return groups.groups.some((group) => group.name === API_GROUP.group && group.versions.some((version) => version.version === API_GROUP.version));
  } catch {
    return false;
  }
}

async function listIn(api: CustomObjectsApi, group: { group: string; version: string }): Promise<NodeBgpStatus[]> {
  try {
    const list = (await bounded((options) => api.listClusterCustomObject({ ...group, plural: PLURAL }, options), `list ${PLURAL}`)) as { items?: unknown[] };
    return (list.items ?? []).flatMap((item) => {
      const status = nodeBgpStatusOf({ apiVersion: `${group.group}/${group.version}`, ...(item as object) });
      return status ? [status] : [];
    });
  } catch (error) {
    // No CalicoNodeStatus CRD (Calico before v3.22, or not Calico's datastore): nothing to read.
    if (httpStatusOf(error) === 404) return [];
    throw error;
  }
}

/**
 * Every CalicoNodeStatus, one per node (the most recently updated when several name one node), in
 * `crd.projectcalico.org/v1` and, where served, `projectcalico.org/v3` (the same objects: v3 wins).
 */
export async function readNodeStatuses(kubeConfig: KubeConfig, calicoApi?: boolean): Promise<Map<string, NodeBgpStatus>> {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  const v3 = calicoApi ?? (await servesCalicoApi(kubeConfig));
  const found = [...(await listIn(api, CRD_GROUP)), ...(v3 ? await listIn(api, API_GROUP) : [])];
  const byNode = new Map<string, NodeBgpStatus>();
  for (const status of found) {
    const seen = byNode.get(status.node);
    if (!seen || (status.lastUpdated ?? '') >= (seen.lastUpdated ?? '')) byNode.set(status.node, status);
  }
  return byNode;
}

/** The object `checkBgp` creates for `node`, in the group it will use. */
export function calicoNodeStatusFor(node: string, calicoApi: boolean): CalicoNodeStatusObject {
  const group = calicoApi ? API_GROUP : CRD_GROUP;
  // A DNS subdomain name of at most 253 characters; node names are DNS subdomains already.
  const name = `probe-scope-bgp-${node}`.slice(0, 253).replace(/[^a-z0-9]+$/, '');
  return {
    apiVersion: `${group.group}/${group.version}`,
    kind: 'CalicoNodeStatus',
    metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'probe-scope' } },
    spec: { node, classes: ['Agent', 'BGP', 'Routes'], updatePeriodSeconds: 10 },
  };
}

function failure(error: unknown, verb: string): BgpCheckError {
  if (error instanceof BgpCheckError) return error;
  return new BgpCheckError(classifyError(error, { forbiddenRequest: { verb, resource: PLURAL } }));
}

function groupOf(object: CalicoNodeStatusObject): { group: string; version: string } {
  const [group, version] = object.apiVersion.split('/') as [string, string];
  return { group, version };
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('Cancelled.'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('Cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Reads the object until calico-node has written its status (`status.lastUpdated`), or the time is up. */
async function waitForStatus(api: CustomObjectsApi, object: CalicoNodeStatusObject, options: CheckBgpOptions): Promise<NodeBgpStatus> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const started = Date.now();
  const node = object.spec.node;
  for (;;) {
    let read: unknown;
    try {
      read = await bounded((options) => api.getClusterCustomObject({ ...groupOf(object), plural: PLURAL, name: object.metadata.name }, options), `get ${PLURAL}`);
    } catch (error) {
      throw failure(error, 'get');
    }
    const status = nodeBgpStatusOf({ apiVersion: object.apiVersion, ...(read as object) });
    if (status?.lastUpdated) return status;
    const waited = Date.now() - started;
    if (waited >= timeoutMs) {
      throw new BgpCheckError({
        kind: 'error',
        message:
          `calico-node on ${node} did not fill CalicoNodeStatus ${object.metadata.name} within ${Math.round(timeoutMs / 1000)} s (waited for its status.lastUpdated). ` +
          `calico-node reports it only with BGP networking (calico_backend bird) from Calico v3.22 on: check that calico-node runs on ${node}.`,
      });
    }
    options.onProgress?.(`Waiting for calico-node on ${node} to fill ${object.metadata.name} (${Math.round(waited / 1000)} s of ${Math.round(timeoutMs / 1000)} s)…`);
    await sleep(Math.min(options.pollMs ?? 1000, timeoutMs - waited), options.signal);
  }
}

/**
 * Creates `object` (from `calicoNodeStatusFor`, as the user approved it), waits for calico-node to
 * fill it and deletes it afterwards unless `keep`. An object of that name that already exists is read,
 * not replaced, and left alone.
 */
export async function checkBgp(kubeConfig: KubeConfig, object: CalicoNodeStatusObject, options: CheckBgpOptions = {}): Promise<CheckBgpResult> {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  const name = object.metadata.name;
  let created = false;
  try {
    options.onProgress?.(`Creating CalicoNodeStatus ${name} for node ${object.spec.node}…`);
    await bounded((options) => api.createClusterCustomObject({ ...groupOf(object), plural: PLURAL, body: object }, options), `create ${PLURAL}`);
    created = true;
  } catch (error) {
    if (httpStatusOf(error) !== 409) {
      if (httpStatusOf(error) === 404) {
        throw new BgpCheckError({ kind: 'error', message: `This cluster serves no ${object.apiVersion} CalicoNodeStatus (${PLURAL} not found): Calico installs that resource from v3.22 on.` });
      }
      throw failure(error, 'create');
    }
    options.onProgress?.(`CalicoNodeStatus ${name} exists already: reading it.`);
  }
  const cleanUp = created && !options.keep;
  let status: NodeBgpStatus;
  try {
    status = await waitForStatus(api, object, options);
  } catch (error) {
    const leftBehind = cleanUp ? await remove(api, object) : undefined;
    const problem = failure(error, 'get').problem;
    throw new BgpCheckError(leftBehind ? { ...problem, message: `${problem.message} ${leftBehind}` } : problem);
  }
  const cleanupProblem = cleanUp ? await remove(api, object) : undefined;
  return { status, deleted: cleanUp && !cleanupProblem, ...(cleanupProblem ? { cleanupProblem } : {}) };
}

async function remove(api: CustomObjectsApi, object: CalicoNodeStatusObject): Promise<string | undefined> {
  try {
    await bounded((options) => api.deleteClusterCustomObject({ ...groupOf(object), plural: PLURAL, name: object.metadata.name }, options), `delete ${PLURAL}`);
    return undefined;
  } catch (error) {
    if (httpStatusOf(error) === 404) return undefined;
    const problem = classifyError(error, { forbiddenRequest: { verb: 'delete', resource: PLURAL } });
    return `${object.metadata.name} was left behind: ${problem.message} Remove it with: kubectl delete ${PLURAL}.${groupOf(object).group} ${object.metadata.name}`;
  }
}
