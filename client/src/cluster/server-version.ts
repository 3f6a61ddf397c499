/**
 * The connected cluster's Kubernetes version (`GET /version`) and its namespaces' Pod Security levels,
 * for `probeScope.kubernetesVersion: "context"`: the language server checks manifests against the
 * release the cluster runs and the levels its namespaces enforce.
 */
import { CoreV1Api, VersionApi, type KubeConfig } from '@kubernetes/client-node';
import { namespaceSecurityFromLabels, type NamespaceSecurity } from '../../../core/src/kubernetes/pod-security';
import type { ServerVersionInfo } from './api';

/** Undefined when the apiserver does not answer (the target then stays "latest"). */
export async function fetchServerVersion(kubeConfig: KubeConfig): Promise<ServerVersionInfo | undefined> {
  try {
    const info = await kubeConfig.makeApiClient(VersionApi).getCode();
    return { major: info.major, minor: info.minor, gitVersion: info.gitVersion };
  } catch {
    return undefined;
  }
}

/** Namespaces labelled `pod-security.kubernetes.io/enforce`; empty when the user may not list namespaces. */
export async function fetchNamespaceSecurity(kubeConfig: KubeConfig): Promise<NamespaceSecurity[]> {
  try {
    const list = await kubeConfig.makeApiClient(CoreV1Api).listNamespace();
    return list.items.flatMap((ns) => {
      const security = ns.metadata?.name ? namespaceSecurityFromLabels(ns.metadata.name, ns.metadata.labels ?? {}) : undefined;
      return security ? [security] : [];
    });
  } catch {
    return [];
  }
}
