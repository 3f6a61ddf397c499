/**
 * The two lists the Calico Probes view loads, fetched the plainest way (node's https, kept alive,
 * following continue tokens, each page asked for once the last has come). The bench server warms
 * itself with them; the bench client times them, JSON.parsed, as the floor the session is compared with.
 */
import https from 'node:https';
import { PROBE_EVENT_SELECTOR } from '../client/src/cluster/supervisor';
import { TABLE_ACCEPT } from '../client/src/cluster/pod-overview';

/**
 * The floor's page sizes, fixed: those the view listed with when issue 21 measured "today's floor",
 * near kubectl's chunks of 500, and not the session's own, which are tuned for a client that asks for
 * the next page while this one arrives. Bigger pages only slow a client that waits for each page:
 * Events in pages of 5,000 took the whole-pods floor from 421-431 ms to 468-488 ms (same machine).
 */
const FLOOR_POD_PAGE = 250;
const FLOOR_ROW_PAGE = 1000;
const FLOOR_EVENT_PAGE = 1000;

export interface PlainTarget {
  readonly url: string;
  readonly token: string;
  readonly ca?: string | Buffer;
}

/**
 * Which form of the pods: `whole` pods (what the view listed before issue 21, and any plain client
 * lists), or the `table` the session asks for now (rows with metadata, pod-overview.ts).
 */
export type PodsForm = 'whole' | 'table';

/** Calls `onPage` with each page's bytes in turn, the pods list and the Events list at once. */
export async function fetchCalicoLists(target: PlainTarget, namespace: string, onPage: (bytes: Buffer) => void, pods: PodsForm = 'whole'): Promise<void> {
  const agent = new https.Agent({ keepAlive: true, ...(target.ca ? { ca: target.ca } : {}) });
  const page = (path: string, accept?: string): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      https
        .get(`${target.url}${path}`, { agent, headers: { Authorization: `Bearer ${target.token}`, ...(accept ? { Accept: accept } : {}) } }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve(Buffer.concat(chunks)));
        })
        .on('error', reject);
    });
  const list = async (path: string, accept?: string) => {
    let token: string | undefined;
    do {
      const bytes = await page(token ? `${path}&continue=${encodeURIComponent(token)}` : path, accept);
      onPage(bytes);
      token = /"continue":"([^"]+)"/.exec(bytes.toString('latin1', 0, 512))?.[1];
    } while (token);
  };
  const ns = encodeURIComponent(namespace);
  try {
    await Promise.all([
      pods === 'whole'
        ? list(`/api/v1/namespaces/${ns}/pods?labelSelector=k8s-app%3Dcalico-node&limit=${FLOOR_POD_PAGE}`)
        : list(`/api/v1/namespaces/${ns}/pods?labelSelector=k8s-app%3Dcalico-node&includeObject=Metadata&limit=${FLOOR_ROW_PAGE}`, TABLE_ACCEPT),
      list(`/api/v1/namespaces/${ns}/events?fieldSelector=${encodeURIComponent(PROBE_EVENT_SELECTOR)}&limit=${FLOOR_EVENT_PAGE}`),
    ]);
  } finally {
    agent.destroy();
  }
}
