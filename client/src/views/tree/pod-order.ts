/**
 * The order pods are shown in. Worst first (the core's one order), except while the user is using
 * the view: a pod whose health changes (the demo's crash loop flips between back-off and running
 * every few seconds) would jump to another place under the pointer. So for `HOLD_MS` after the last
 * selection or collapse, pods keep the places they had; pods that were not shown before go
 * after them, worst first. The first rebuild after the hold sorts everything again.
 */
import type { PodStatus } from '../../../../core/src/status/pod-status';

const HOLD_MS = 30_000;

const keyOf = (pod: PodStatus): string => `${pod.namespace}/${pod.name}`;

export class PodOrder {
  private shown: readonly string[] = [];
  private lastInteraction = Number.NEGATIVE_INFINITY;

  /** Called on the user's selection or collapse in the view. */
  interacted(now: number): void {
    this.lastInteraction = now;
  }

  /** `worstFirst` in the order to show now; remembers it for the next call. */
  arrange(worstFirst: readonly PodStatus[], now: number): PodStatus[] {
    let arranged = [...worstFirst];
    if (now - this.lastInteraction < HOLD_MS && this.shown.length) {
      const place = new Map(this.shown.map((key, i) => [key, i]));
      const known = arranged.filter((p) => place.has(keyOf(p))).sort((a, b) => place.get(keyOf(a))! - place.get(keyOf(b))!);
      arranged = [...known, ...arranged.filter((p) => !place.has(keyOf(p)))];
    }
    this.shown = arranged.map(keyOf);
    return arranged;
  }
}
