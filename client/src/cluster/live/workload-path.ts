/**
 * Where a workload a manifest names lives in the API: the collection path of its kind, built from
 * the file's own `apiVersion` (so a CRD at `argoproj.io/v1alpha1` is read at that version), and the
 * plural the apiserver registers it under. Every kind the core knows (core/src/kubernetes/
 * workload-kinds.ts) has the regular plural: the lower-case kind plus `s` (kubernetes
 * `k8s.io/apimachinery/pkg/api/meta` `UnsafeGuessKindToResource`, which kubectl falls back to).
 */
/** e.g. `/apis/apps/v1/namespaces/kube-system/daemonsets`, `/api/v1/namespaces/default/pods`. */
export function collectionPath(apiVersion: string, kind: string, namespace: string): string {
  const plural = `${kind.toLowerCase()}s`;
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  return `${base}/namespaces/${encodeURIComponent(namespace)}/${plural}`;
}
