/**
 * A node's addresses as Calico and Kubernetes see them, for the "BGP not established" address check
 * (core/src/calico/node-address.ts): the Kubernetes Node's InternalIP and the
 * `projectcalico.org/IPv4Address` annotation calico-node writes there in KDD mode (projectcalico/calico
 * `libcalico-go/lib/backend/k8s/resources/node.go`, `nodeBgpIpv4AddrAnnotation`), and the Calico Node
 * resource's `spec.bgp.ipv4Address` where `projectcalico.org/v3` is served.
 */
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { NodeAddressFacts } from '../../../core/src/calico/node-address';
import { bounded } from './calico-node-status';

const IPV4_ANNOTATION = 'projectcalico.org/IPv4Address';

/** The facts the check needs, or undefined when the Node cannot be read (403, gone). */
export async function readNodeAddresses(kubeConfig: KubeConfig, node: string, calicoApi: boolean): Promise<Omit<NodeAddressFacts, 'peers'> | undefined> {
  let k8sNode;
  try {
    k8sNode = await bounded((options) => kubeConfig.makeApiClient(CoreV1Api).readNode({ name: node }, options), 'get nodes');
  } catch {
    return undefined;
  }
  const annotationIPv4 = k8sNode.metadata?.annotations?.[IPV4_ANNOTATION];
  const internalIPs = (k8sNode.status?.addresses ?? []).filter((address) => address.type === 'InternalIP').map((address) => address.address);
  let calicoNodeIPv4: string | undefined;
  if (calicoApi) {
    try {
      const calicoNode = (await bounded((options) => kubeConfig.makeApiClient(CustomObjectsApi).getClusterCustomObject({ group: 'projectcalico.org', version: 'v3', plural: 'nodes', name: node }, options), 'get nodes.projectcalico.org')) as {
        spec?: { bgp?: { ipv4Address?: string } };
      };
      calicoNodeIPv4 = calicoNode.spec?.bgp?.ipv4Address;
    } catch {
      // Not readable (403) or not there: the annotation is the same fact in KDD mode.
    }
  }
  return { node, internalIPs, ...(annotationIPv4 ? { annotationIPv4 } : {}), ...(calicoNodeIPv4 ? { calicoNodeIPv4 } : {}) };
}
