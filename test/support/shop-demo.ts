/**
 * The demo cluster's Deployment shop/web (tools/loopback-apiserver/shop-demo.ts) as the live link
 * summarises it (client/src/cluster/live/summarise.ts): its pods and Unhealthy Events as the demo
 * serves them, without a server in between.
 */
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { summariseWorkload } from '../../client/src/cluster/live/summarise';
import type { LiveWorkload } from '../../core/src/live/live-workload';
import { DEPLOYMENTS } from '../../tools/loopback-apiserver/resources';
import { seedShopDemo, SHOP_WEB } from '../../tools/loopback-apiserver/shop-demo';
import { LoopbackStore, ObjectStore } from '../../tools/loopback-apiserver/store';

export function shopWebLive(now = Date.now()): LiveWorkload {
  const store = new LoopbackStore(new ObjectStore(), 'default');
  seedShopDemo(store, now);
  const pods = store.listPods(SHOP_WEB.namespace) as unknown as V1Pod[];
  const events = store.listEvents(SHOP_WEB.namespace).filter((e) => e.reason === 'Unhealthy') as unknown as CoreV1Event[];
  const object = store.objects.get(DEPLOYMENTS, SHOP_WEB.namespace, SHOP_WEB.name)!;
  return summariseWorkload({
    id: 'apps/v1|Deployment|shop|web',
    namespace: SHOP_WEB.namespace,
    object: { ...object, apiVersion: 'apps/v1', kind: 'Deployment' },
    pods,
    eventsOf: (pod) => events.filter((e) => e.involvedObject?.name === pod.metadata?.name),
    now,
  });
}
