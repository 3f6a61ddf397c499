/**
 * The words of *Check BGP on this node*: the consent dialog that shows the object to be created,
 * and the one-line result. No `vscode` import, so tests pin them down.
 */
import { birdSummary, isEstablished } from '../../../core/src/calico/bgp-peers';
import type { CalicoNodeStatusObject, CheckBgpResult } from '../cluster/calico-node-status';

/** The object as YAML, the way a person reads a manifest (flat enough not to need a YAML library). */
function objectYaml(object: CalicoNodeStatusObject): string {
  return [
    `apiVersion: ${object.apiVersion}`,
    `kind: ${object.kind}`,
    'metadata:',
    `  name: ${object.metadata.name}`,
    '  labels:',
    ...Object.entries(object.metadata.labels).map(([key, value]) => `    ${key}: ${value}`),
    'spec:',
    `  node: ${object.spec.node}`,
    `  classes: [${object.spec.classes.join(', ')}]`,
    `  updatePeriodSeconds: ${object.spec.updatePeriodSeconds}`,
  ].join('\n');
}

export interface BgpConsent {
  readonly message: string;
  readonly detail: string;
}

export function bgpConsent(object: CalicoNodeStatusObject, context: string | undefined): BgpConsent {
  return {
    message: `Create a CalicoNodeStatus for ${object.spec.node}?`,
    detail:
      `Probe Scope creates this object in context ${context ?? '(current)'}; calico-node on ${object.spec.node} then writes its BIRD state and BGP peers into it ` +
      `(every ${object.spec.updatePeriodSeconds} s). It is deleted once read, unless you keep it.\n\n${objectYaml(object)}`,
  };
}

/** `BGP on worker-07: BIRD Ready · 0/2 peers Established (10.0.0.11 Connect, 10.0.0.12 Active); deleted` */
export function bgpResultLine(result: CheckBgpResult): string {
  const down = result.status.peers.filter((peer) => !isEstablished(peer)).map((peer) => `${peer.peerIP} ${peer.state || 'unknown'}`);
  const cleanup = result.cleanupProblem ?? (result.deleted ? `${result.status.source.name} deleted` : `${result.status.source.name} kept`);
  return `BGP on ${result.status.node}: ${birdSummary(result.status)}${down.length ? ` (${down.join(', ')})` : ''}; ${cleanup}.`;
}
