/**
 * `probe-scope status --felix`: reads the calico-node log of each pod whose probe fails with Felix's
 * "reporting 503", so the cause names the Felix health reporter that fails (the session parses the
 * log: client/src/cluster/felix-reasons.ts), as *Show calico-node Logs* does in the view. Reads only
 * (`get pods/log`); a log that cannot be read is said so in the cause.
 */
import type { OptionSpec } from './args';
import type { ClusterSnapshot } from '../../client/src/cluster/model';

const TAIL_LINES = 500;
/** One log read must come back within this, so a stuck connection cannot hold the command. */
const LOG_TIMEOUT_MS = 15_000;

export const FELIX_USAGE = '[--felix]';
export const FELIX_HELP = `--felix reads the calico-node log (last ${TAIL_LINES} lines) of each pod whose probe fails with "reporting 503", to name the Felix
component that is not ready or timed out (needs get on pods/log).
`;
export const FELIX_OPTIONS: readonly OptionSpec[] = [{ name: '--felix' }];

interface LogReader {
  readonly snapshot: ClusterSnapshot;
  logs(podName: string, tailLines: number, signal?: AbortSignal): Promise<string>;
}

/** Pods whose failing probe is Felix's 503: the ones the log can explain. */
function felix503Pods(snapshot: ClusterSnapshot): string[] {
  return snapshot.pods
    .filter((pod) => pod.probes.some((probe) => /^felix-not-(ready|live)$/.test(probe.failures?.cause?.id ?? '') && probe.failures?.cause?.details?.statusCode === '503'))
    .map((pod) => pod.name);
}

/** Reads those logs one after another; what could not be read is recorded by the session, not thrown. */
export async function readFelixReasons(session: LogReader): Promise<void> {
  for (const pod of felix503Pods(session.snapshot)) {
    await session.logs(pod, TAIL_LINES, AbortSignal.timeout(LOG_TIMEOUT_MS)).catch(() => undefined);
  }
}
