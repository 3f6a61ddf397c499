/**
 * Finds where calico-node runs: configured place, else manifest, operator, canal (the places
 * projectcalico/calico `manifests/calico.yaml`, `manifests/canal.yaml` and tigera/operator
 * `pkg/render/node.go` deploy it to).
 */
import { IsomorphicFetchHttpLibrary, type CoreV1Api, type RequestContext } from '@kubernetes/client-node';
import type { CalicoLocation, ClusterProblem } from './model';

export interface DiscoveryOptions {
  readonly namespace?: string;
  readonly labelSelector?: string;
}

const CONTAINER = 'calico-node';

/** Install layouts in the order we try them. */
const KNOWN_LOCATIONS: readonly CalicoLocation[] = [
  { namespace: 'kube-system', labelSelector: 'k8s-app=calico-node', install: 'manifest', containerName: CONTAINER },
  { namespace: 'calico-system', labelSelector: 'k8s-app=calico-node', install: 'operator', containerName: CONTAINER },
  { namespace: 'kube-system', labelSelector: 'k8s-app=canal', install: 'canal', containerName: CONTAINER },
];

function candidateLocations(options: DiscoveryOptions): readonly CalicoLocation[] {
  if (!options.namespace && !options.labelSelector) return KNOWN_LOCATIONS;
  // A configured namespace alone keeps the usual selectors; a selector alone is tried in the usual namespaces.
  const namespaces = options.namespace ? [options.namespace] : [...new Set(KNOWN_LOCATIONS.map((location) => location.namespace))];
  const selectors = options.labelSelector ? [options.labelSelector] : [...new Set(KNOWN_LOCATIONS.map((location) => location.labelSelector))];
  return namespaces.flatMap((namespace) => selectors.map((labelSelector) => ({ namespace, labelSelector, install: 'configured' as const, containerName: CONTAINER })));
}

/** The place discovery tries first, where calico-node runs in most clusters: its lists start before discovery answers (head-start.ts). */
export function likelyLocation(options: DiscoveryOptions): CalicoLocation {
  return candidateLocations(options)[0]!;
}

/** One discovery request must come back within this; a server that accepts and never answers would otherwise keep the view loading forever. */
const DISCOVERY_TIMEOUT_MS = 30_000;
const http = new IsomorphicFetchHttpLibrary();

/** `listNamespacedPod` with a time-out, aborted too when the supervisor stops (the generated client has neither by default). */
async function boundedList(api: CoreV1Api, candidate: CalicoLocation, outer: AbortSignal | undefined) {
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const timer = setTimeout(() => controller.abort(), DISCOVERY_TIMEOUT_MS);
  try {
    return await api.listNamespacedPod(
      { namespace: candidate.namespace, labelSelector: candidate.labelSelector, limit: 1 },
      // The library's own HTTP client, handed the signal (it passes a request's signal on to node-fetch).
      { httpApi: { send: (request: RequestContext) => (request.setSignal(controller.signal as never), http.send(request)) } },
    );
  } catch (error) {
    if (controller.signal.aborted && !outer?.aborted) {
      throw Object.assign(new Error(`the API server did not answer within ${DISCOVERY_TIMEOUT_MS / 1000} s (request timed out)`), { code: 'ETIMEDOUT' });
    }
    throw error;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

export type DiscoveryResult =
  | { readonly location: CalicoLocation; readonly alsoFound?: readonly CalicoLocation[] }
  | { readonly problem: ClusterProblem }
  | { readonly error: unknown };

/**
 * The tigera operator's Installation exists and discovery found calico-node in kube-system: when
 * calico-system has calico-node pods too (the operator migrates a manifest install node by node, or
 * the kube-system ones are a leftover), the operator's install is the one to show, and the other is
 * named. Only operator clusters pay this second list; configured places are left as configured.
 */
export async function preferOperatorInstall(api: CoreV1Api, found: DiscoveryResult, options: DiscoveryOptions, signal?: AbortSignal): Promise<DiscoveryResult> {
  if (!('location' in found) || found.location.install !== 'manifest' || options.namespace || options.labelSelector) return found;
  const operator = KNOWN_LOCATIONS.find((location) => location.install === 'operator')!;
  const hasPods = await boundedList(api, operator, signal).then((list) => list.items.length > 0, () => false);
  return hasPods ? { location: operator, alsoFound: [found.location] } : found;
}

/**
 * The first place with at least one matching pod. An error other than "forbidden in this namespace"
 * stops the search (the cluster is unreachable or we are unauthorized: the other places would fail too).
 */
export async function discoverCalico(api: CoreV1Api, options: DiscoveryOptions, signal?: AbortSignal): Promise<DiscoveryResult> {
  const candidates = candidateLocations(options);
  let forbidden: unknown;
  for (const candidate of candidates) {
    if (signal?.aborted) return { error: signal.reason ?? new Error('aborted') };
    try {
      const list = await boundedList(api, candidate, signal);
      if (list.items.length > 0) return { location: candidate };
    } catch (error) {
      if ((error as { code?: unknown }).code === 403) {
        forbidden ??= error;
        continue;
      }
      return { error };
    }
  }
  if (forbidden) return { error: forbidden };
  const searched = candidates.map(({ namespace, labelSelector }) => ({ namespace, labelSelector }));
  return {
    problem: {
      kind: 'not-found',
      searched,
      message: `No calico-node pods found. Looked for ${searched.map((place) => `${place.labelSelector} in ${place.namespace}`).join('; ')}. Set probeScope.calico.namespace / labelSelector (or --namespace / --selector) if Calico runs elsewhere.`,
    },
  };
}
