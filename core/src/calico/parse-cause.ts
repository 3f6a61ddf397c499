/**
 * Reads calico-node / kubelet probe output and names the cause, with advice, from the failure table
 * (`failures/table.ts`). The first entry that recognises the text wins.
 */
import type { FailureCause } from '../status/pod-status';
import { CALICO_FAILURES } from './failures/table';

const CALICO_PREFIX = 'calico/node is not ready:';

/**
 * The line that matters. The BIRD check logs at INFO to stdout, so logrus lines may precede the
 * `calico/node is not ready:` line; without one, the whole output (trimmed) is the message.
 */
export function meaningfulOutput(output: string): string {
  const lines = output.split(/\r?\n/);
  const index = lines.findIndex((line) => line.toLowerCase().includes(CALICO_PREFIX));
  if (index >= 0) return lines.slice(index).join('\n').trim();
  return output.trim();
}

/** The cause of a probe failure, from its output; `undefined` when the text is not recognised. */
export function parseCause(output: string): FailureCause | undefined {
  const text = meaningfulOutput(output);
  for (const failure of CALICO_FAILURES) {
    const found = failure.recognise(text);
    if (found) return { id: failure.id, title: found.title, advice: failure.advice, ...(found.details ? { details: found.details } : {}) };
  }
  return undefined;
}
