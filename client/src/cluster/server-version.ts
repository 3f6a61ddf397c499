/**
 * The connected cluster's Kubernetes version (`GET /version`), for `probeScope.kubernetesVersion:
 * "context"`: the language server checks manifests against the release the cluster runs.
 */
import { VersionApi, type KubeConfig } from '@kubernetes/client-node';
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
