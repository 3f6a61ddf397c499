/**
 * The tigera operator's resources (operator.tigera.io/v1, both cluster-scoped): the Installation
 * (`default`, tigera/operator `api/v1/installation_types.go`: `spec.variant`, `status.variant`,
 * `status.calicoVersion`) and every TigeraStatus (`api/v1/tigerastatus_types.go`). Two GETs per read;
 * a 404 on both means the operator's CRDs are not installed (a manifest install), which is no problem.
 */
import { CustomObjectsApi, IsomorphicFetchHttpLibrary, type KubeConfig, type RequestContext } from '@kubernetes/client-node';
import { tigeraComponent, worstComponentsFirst, type TigeraCondition } from '../../../core/src/calico/tigera-status';
import { describeError, httpStatusOf } from './errors';
import type { CalicoLocation, OperatorInstall } from './model';

const GROUP = 'operator.tigera.io';
const VERSION = 'v1';
/** Like discovery's requests: a server that accepts and never answers must not hold the view. */
const READ_TIMEOUT_MS = 15_000;
const http = new IsomorphicFetchHttpLibrary();

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type ListResult = { readonly items: readonly Json[] } | { readonly missing: true } | { readonly error: string };

async function listOperatorResource(kubeConfig: KubeConfig, plural: string, outer: AbortSignal | undefined): Promise<ListResult> {
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const timer = setTimeout(() => controller.abort(), READ_TIMEOUT_MS);
  try {
    const list = (await kubeConfig.makeApiClient(CustomObjectsApi).listClusterCustomObject(
      { group: GROUP, version: VERSION, plural },
      { httpApi: { send: (request: RequestContext) => (request.setSignal(controller.signal as never), http.send(request)) } },
    )) as Json;
    return { items: Array.isArray(list?.items) ? list.items : [] };
  } catch (error) {
    if (httpStatusOf(error) === 404) return { missing: true };
    if (controller.signal.aborted && !outer?.aborted) return { error: `${plural}.${GROUP}: no answer within ${READ_TIMEOUT_MS / 1000} s` };
    const status = httpStatusOf(error);
    // "403: tigerastatuses.operator.tigera.io is forbidden: User … cannot list resource …": the verb and resource are in it.
    return { error: status === 403 ? describeError(error) : `${plural}.${GROUP}: ${describeError(error)}` };
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

function installationSummary(items: readonly Json[]): OperatorInstall['installation'] {
  // The operator acts on `default` only (pkg/controller/installation: utils.GetInstallation).
  const installation = items.find((item) => item?.metadata?.name === 'default') ?? items[0];
  if (!installation) return undefined;
  const variant = installation.status?.variant ?? installation.spec?.variant;
  const calicoVersion = installation.status?.calicoVersion;
  return {
    name: String(installation.metadata?.name ?? 'default'),
    ...(typeof variant === 'string' && variant ? { variant } : {}),
    ...(typeof calicoVersion === 'string' && calicoVersion ? { calicoVersion } : {}),
  };
}

function conditionsOf(item: Json): TigeraCondition[] {
  const conditions = item?.status?.conditions;
  if (!Array.isArray(conditions)) return [];
  return conditions.filter((c: Json) => typeof c?.type === 'string' && typeof c?.status === 'string');
}

/**
 * The operator's install, or undefined when its CRDs are not there. What could not be read (403,
 * time-out) is said in `unreadable` rather than thrown: the pods are still worth showing.
 */
export async function readOperatorInstall(kubeConfig: KubeConfig, signal?: AbortSignal): Promise<OperatorInstall | undefined> {
  const [installations, statuses] = await Promise.all([listOperatorResource(kubeConfig, 'installations', signal), listOperatorResource(kubeConfig, 'tigerastatuses', signal)]);
  if ('missing' in installations && 'missing' in statuses) return undefined;
  const unreadable = [installations, statuses].flatMap((result) => ('error' in result ? [result.error] : []));
  const installation = 'items' in installations ? installationSummary(installations.items) : undefined;
  const components = 'items' in statuses ? worstComponentsFirst(statuses.items.map((item) => tigeraComponent(String(item?.metadata?.name ?? '?'), conditionsOf(item)))) : [];
  // CRDs installed but nothing in them and nothing refused: the operator is not (or no longer) installing Calico here.
  if (!installation && !components.length && !unreadable.length) return undefined;
  return { ...(installation ? { installation } : {}), components, ...(unreadable.length ? { unreadable } : {}) };
}

/**
 * Whether the view shows what was read. RBAC answers 403 before it looks for a resource, so two 403s
 * on a manifest install do not mean the operator is there: what could not be read is said only when
 * calico-node runs where the operator puts it, or something of the operator's was read.
 */
export function operatorShown(install: OperatorInstall, location: CalicoLocation | undefined): boolean {
  return Boolean(install.installation || install.components.length || location?.install === 'operator');
}

/** TigeraStatus changes as the operator reconciles; re-read this often while the view is open. */
const OPERATOR_REREAD_MS = 30_000;

/**
 * Re-reads the operator's install every `intervalMs` until `signal` aborts, calling `onChange` when
 * what it says changed. A poll, not a watch: two small cluster-scoped lists, and no watch to keep.
 */
export function followOperatorInstall(
  kubeConfig: KubeConfig,
  first: OperatorInstall | undefined,
  onChange: (install: OperatorInstall | undefined) => void,
  signal: AbortSignal,
  intervalMs = OPERATOR_REREAD_MS,
): void {
  let last = JSON.stringify(first ?? null);
  // One read at a time: against a server that holds requests, a tick waits for the last read's time-out.
  let reading = false;
  const timer = setInterval(() => {
    if (reading) return;
    reading = true;
    void readOperatorInstall(kubeConfig, signal)
      .then((install) => {
        const text = JSON.stringify(install ?? null);
        if (signal.aborted || text === last) return;
        last = text;
        onChange(install);
      })
      .finally(() => (reading = false));
  }, intervalMs);
  timer.unref();
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}
