/**
 * Lists begun while discovery still asks where calico-node runs (issue 21): discovery's questions
 * (a `limit=1` list per place, the operator's resources) cost a few round trips and TLS handshakes,
 * ~0.3 s on the bench's loopback server, and the pods' list used to wait for all of them. The place
 * discovery tries first (discovery.ts `likelyLocation`: the configured one, else the manifest
 * install's) is where calico-node runs in most clusters, so its pods and Events are listed at once;
 * when discovery names that place, the supervisor's first lists are these, and when it names
 * another one (an operator install, canal), they are aborted and nothing they read is used.
 */
import type { CalicoLocation } from './model';

export class HeadStart {
  private readonly controller = new AbortController();
  private readonly lists = new Map<string, Promise<unknown>>();

  constructor(
    private readonly location: CalicoLocation,
    outer: AbortSignal,
  ) {
    if (outer.aborted) this.controller.abort();
    else outer.addEventListener('abort', () => this.controller.abort(), { once: true });
  }

  /** Starts `list` for the likely place, under a signal that `drop()` (or the outer signal) aborts. */
  begin(name: string, list: (location: CalicoLocation, signal: AbortSignal) => Promise<unknown>): void {
    const listed = list(this.location, this.controller.signal);
    // Taken and awaited later, or dropped: either way a failure must not count as unhandled.
    listed.catch(() => undefined);
    this.lists.set(name, listed);
  }

  /** The list begun under `name`, once, if discovery named the same place; else undefined. */
  take<T>(name: string, location: CalicoLocation): Promise<T> | undefined {
    const listed = this.lists.get(name);
    if (!listed || !sameLocation(location, this.location)) return undefined;
    this.lists.delete(name);
    return listed as Promise<T>;
  }

  /** Once discovery answered: lists not taken (another place, or it failed) stop, and what they read goes. */
  drop(): void {
    if (this.lists.size === 0) return;
    this.lists.clear();
    this.controller.abort();
  }
}

function sameLocation(a: CalicoLocation, b: CalicoLocation): boolean {
  return a.namespace === b.namespace && a.labelSelector === b.labelSelector;
}
