/**
 * `probe-scope status`'s BGP part: the peers of every node that has a CalicoNodeStatus, in the view's
 * words (core/src/calico/bgp-peers.ts), the evidence behind an address cause, and `--bgp`: create a
 * CalicoNodeStatus for the nodes of the calico-node pods that are not ready (or `--node`), wait for
 * calico-node to fill it, delete it (unless `--keep`), after a prompt or `--yes`.
 */
import { createInterface } from 'node:readline/promises';
import type { ProbeScopeClusterSession } from '../../client/src/cluster/session';
import type { ClusterSnapshot } from '../../client/src/cluster/model';
import { birdSummary, peerRowText } from '../../core/src/calico/bgp-peers';
import { optionValue, type OptionSpec, type ParsedArgs } from './args';
import type { Io } from './output';

export const BGP_USAGE = '[--bgp [--node NAME] [--keep] [--yes]]';

export const BGP_HELP = `--bgp creates a CalicoNodeStatus (crd.projectcalico.org) for the node of each calico-node pod that is
not ready (or --node NAME), waits up to 60 s for calico-node to report its BGP peers in it, and deletes it
(--keep leaves it; calico-node then updates it every 10 s). It asks first; --yes creates without asking.
`;

export const BGP_OPTIONS: readonly OptionSpec[] = [{ name: '--bgp' }, { name: '--node', takesValue: true }, { name: '--keep' }, { name: '--yes', aliases: ['-y'] }];

export interface BgpArgs {
  /** Create CalicoNodeStatus objects (`--bgp`, or `--node`). */
  readonly check: boolean;
  readonly node?: string;
  readonly keep: boolean;
  readonly yes: boolean;
}

export function bgpArgs(parsed: ParsedArgs): BgpArgs {
  const node = optionValue(parsed, '--node');
  return { check: parsed.options.has('--bgp') || node !== undefined, ...(node ? { node } : {}), keep: parsed.options.has('--keep'), yes: parsed.options.has('--yes') };
}

/** The peers under the table: `BGP on worker-07 (calico-node-x): BIRD Ready · 0/2 peers Established`, a line per peer. */
export function bgpLines(snapshot: ClusterSnapshot): string {
  let text = '';
  for (const pod of snapshot.pods) {
    if (pod.bgp) {
      text += `BGP on ${pod.bgp.node} (${pod.name}): ${birdSummary(pod.bgp)}\n`;
      for (const peer of pod.bgp.peers) text += `  ${peerRowText(peer)}${peer.type ? ` (${peer.type})` : ''}\n`;
    }
    const evidence = pod.probes.find((probe) => probe.failures?.cause?.evidence)?.failures?.cause?.evidence;
    if (evidence) text += `evidence for ${pod.name}: ${evidence.join('; ')}\n`;
  }
  return text;
}

async function confirmed(io: Io, question: string): Promise<boolean> {
  if (process.stdin.isTTY) {
    const prompt = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^y(es)?$/i.test((await prompt.question(question)).trim());
    } finally {
      prompt.close();
    }
  }
  io.stderr.write(question);
  const answer = io.readStdin().split('\n')[0]?.trim() ?? '';
  io.stderr.write(`${answer}\n`);
  return /^y(es)?$/i.test(answer);
}

/**
 * Runs the checks `args` asks for; 0 when every check came back, 2 when one failed (its problem
 * printed: a 403 names the verb and resource missing) or the user said no.
 */
export async function runBgpChecks(session: ProbeScopeClusterSession, args: BgpArgs, io: Io): Promise<number> {
  const snapshot = session.snapshot;
  const nodes = args.node ? [args.node] : [...new Set(snapshot.pods.filter((pod) => !pod.ready && pod.nodeName).map((pod) => pod.nodeName!))];
  if (nodes.length === 0) {
    io.stderr.write('probe-scope status: every calico-node pod is ready; name a node with --node to check its BGP peers\n');
    return 0;
  }
  const objects = await Promise.all(nodes.map((node) => session.bgpCheckObject(node)));
  io.stderr.write(`--bgp creates ${objects.length === 1 ? 'this object' : 'these objects'} (calico-node on the node fills in its BGP peers)${args.keep ? '' : ' and deletes it afterwards'}:\n`);
  for (const object of objects) io.stderr.write(`${JSON.stringify(object, null, 2)}\n`);
  if (!args.yes && !(await confirmed(io, `Create ${objects.length === 1 ? 'it' : `these ${objects.length}`}? [y/N] `))) {
    io.stderr.write('probe-scope status: nothing created (answer y, or pass --yes)\n');
    return 2;
  }
  let code = 0;
  for (const object of objects) {
    try {
      const result = await session.checkBgp(object, { keep: args.keep, onProgress: (message) => io.stderr.write(`${message}\n`) });
      io.stderr.write(result.deleted ? `Deleted ${object.metadata.name}.\n` : result.cleanupProblem ? `${result.cleanupProblem}\n` : `Kept ${object.metadata.name}.\n`);
    } catch (error) {
      io.stderr.write(`probe-scope status: BGP check on ${object.spec.node} failed: ${(error as Error).message}\n`);
      code = 2;
    }
  }
  return code;
}
