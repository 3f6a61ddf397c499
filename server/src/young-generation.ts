/**
 * Collects V8's young generation at a moment the server has chosen: after a validation, before its
 * diagnostics go out, when the young generation is at least half full. Otherwise V8 collects it
 * when an allocation finds it full (or from a task it posts just before), which while typing is as
 * likely to be between an edit and the completion the editor asked with it as anywhere: in issue
 * 19's typing sweep a 3–6 ms scavenge came every ~30 edits, wherever the server was
 * (docs/performance.md, eighth session). After a validation the keystroke's completion has been
 * answered and the next keystroke has not come; the diagnostics, whose target is five times looser,
 * carry the pause instead.
 *
 * `gc` is V8's own, reached as Node's tests and benchmarks do: `--expose-gc` set at run time makes
 * new contexts get it, and this module's context is the only one that asks.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's `gc`: a full collection without options, the young generation's with `{ type: 'minor' }`. */
type Collect = (options?: { type: 'minor' | 'major' }) => void;

/** Past this share of its capacity in use, the young generation is collected at rest. */
export const AT_REST_SHARE = 0.5;

let collect: Collect | null | undefined;

/** V8's `gc` for this process, or null where the runtime does not give it (then V8 collects when it must). */
export function v8Collector(): Collect | null {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as unknown;
      collect = typeof gc === 'function' ? (gc as Collect) : null;
    } catch {
      collect = null;
    }
  }
  return collect;
}

/** How full the young generation is, 0–1 (V8's `new_space`: in use against in use plus free). */
export function youngShareInUse(): number {
  const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  if (!space) return 0;
  const capacity = space.space_used_size + space.space_available_size;
  return capacity > 0 ? space.space_used_size / capacity : 0;
}

/** Collects the young generation if it is at least AT_REST_SHARE full; true if it did. */
export function collectYoungGenerationAtRest(): boolean {
  if (youngShareInUse() < AT_REST_SHARE) return false;
  const gc = v8Collector();
  if (!gc) return false;
  gc({ type: 'minor' });
  return true;
}
