/**
 * Calico's pods as `kubectl get pods -o yaml` prints them: one `List` document of calico-node pods
 * (the pod spec of Calico v3.32.1's DaemonSet), the shape of scripts/bench.ts's 2.3 MB bench file.
 * Each pod gets two `probe-timeout-exceeds-period` hints, so every item has findings.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments, stringify } from 'yaml';
import { CORPUS } from './paths';

export function podList(count: number): string {
  const manifest = readFileSync(`${CORPUS}/calico/v3.32.1/calico.yaml`, 'utf8');
  const daemonSet = parseAllDocuments(manifest).map((d) => d.toJS()).find((d) => d?.kind === 'DaemonSet' && d.metadata?.name === 'calico-node');
  const items = Array.from({ length: count }, (_, i) => structuredClone({ apiVersion: 'v1', kind: 'Pod', metadata: { ...daemonSet.spec.template.metadata, name: `calico-node-${i}` }, spec: { ...daemonSet.spec.template.spec, nodeName: `worker-${i}` }, status: { phase: 'Running' } }));
  return stringify({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items });
}
