/**
 * A tuning fix (core/src/probe/tuning.ts) as text edits on the file's probe: numbers set in place,
 * or a startupProbe added after the liveness probe with the liveness handler as written.
 */
import type { Pair } from 'yaml';
import { setProbeField } from '../rules/support/calico-probes';
import { insertPair } from '../rules/support/edits';
import { pairSpan } from '../rules/support/spans';
import { columnAt } from '../manifest/lines';
import type { Container } from '../manifest/types';
import type { Edit } from '../rules/types';
import type { TuningFix } from '../../../core/src/probe/tuning';
import { TIMING_FIELDS } from '../../../core/src/probe/timing';

/** The handler's lines as written, moved to column 0 (block style only: a flow probe gets no new probe). */
function handlerLines(text: string, pair: Pair): string[] | undefined {
  const span = pairSpan(pair, text);
  const column = columnAt(text, span.start);
  const lines = text.slice(span.start, span.end).split('\n');
  const rest = lines.slice(1);
  if (rest.some((line) => line.trim() && !line.startsWith(' '.repeat(column)))) return undefined;
  return [lines[0]!, ...rest.map((line) => line.slice(column))];
}

/** The edits of one fix, or undefined when the file's shape does not allow it (a flow-style probe). */
export function tuningEdits(text: string, container: Container, fix: TuningFix): Edit[] | undefined {
  const probe = container.probes.find((candidate) => candidate.kind === `${fix.probe}Probe`);
  const values = TIMING_FIELDS.filter((field) => fix.values[field] !== undefined).map((field) => [field, fix.values[field]!] as const);
  if (!fix.addProbe) {
    if (!probe?.node) return undefined;
    return values.map(([field, value]) => setProbeField(text, probe.node!, field, value));
  }
  const liveness = container.probes.find((candidate) => candidate.kind === 'livenessProbe');
  const handler = liveness?.handlers[0];
  if (probe || !liveness?.node || liveness.node.flow || container.node.flow || !handler) return undefined;
  const lines = handlerLines(text, handler.pair);
  if (!lines) return undefined;
  const body = [...lines, ...values.map(([field, value]) => `${field}: ${value}`)].join('\n');
  return [insertPair(text, container.node, 'startupProbe', body, liveness.pair)];
}
