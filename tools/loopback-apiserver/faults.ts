/**
 * Fault injection state shared by the HTTP and exec handlers: one-shot failures by request pattern,
 * slow responses, dropped watches, refused connections and expired tokens.
 */
import { generic, StatusBody } from './status';

interface PendingFailure {
  match: RegExp;
  status: number;
  message?: string;
  remaining: number;
}

export interface Faults {
  /** The next `times` requests whose "METHOD /path?query" matches fail with this status (a Status body). */
  failNext(match: RegExp, status: number, message?: string, times?: number): void;
  /** Every response (and the start of every watch and exec) waits this long; 0 turns it off and answers the ones held back. */
  delayResponses(ms: number): void;
  /** Cuts every open watch stream (the TCP connection is destroyed, as when the apiserver dies). */
  dropWatches(): void;
  /** Stops listening (new connections get ECONNREFUSED, open ones are cut) or listens again on the same port. */
  refuseConnections(on: boolean): Promise<void>;
  /** Makes a context's token fail with 401 (expired credentials) or work again. */
  expireToken(context: 'admin' | 'lowpriv', expired?: boolean): void;
  /** Clears every injected fault. */
  reset(): Promise<void>;
}

export class FaultState {
  private pending: PendingFailure[] = [];
  private delay = 0;
  /** Requests held back right now: a server that answers again answers them too, as a real one would. */
  private readonly held = new Set<() => void>();

  get delayMs(): number {
    return this.delay;
  }

  set delayMs(ms: number) {
    this.delay = ms;
    if (ms === 0) this.releaseHeld();
  }

  /** Waits out the current delay (ends early if the delay is turned off meanwhile). */
  hold(): Promise<void> {
    if (!this.delay) return Promise.resolve();
    return new Promise((resolve) => {
      const release = (): void => {
        clearTimeout(timer);
        this.held.delete(release);
        resolve();
      };
      // Unref'd: a held response must not keep the process alive once the server is closed.
      const timer = setTimeout(release, this.delay).unref();
      this.held.add(release);
    });
  }

  private releaseHeld(): void {
    for (const release of [...this.held]) release();
  }

  failNext(match: RegExp, status: number, message?: string, times = 1): void {
    this.pending.push({ match, status, ...(message !== undefined ? { message } : {}), remaining: times });
  }

  /** The injected failure for this request, consuming one use of it. */
  take(method: string, pathAndQuery: string): StatusBody | undefined {
    const line = `${method} ${pathAndQuery}`;
    const index = this.pending.findIndex((p) => {
      p.match.lastIndex = 0;
      return p.match.test(line);
    });
    if (index < 0) return undefined;
    const failure = this.pending[index]!;
    if (--failure.remaining <= 0) this.pending.splice(index, 1);
    return generic(failure.status, failure.message);
  }

  clear(): void {
    this.pending = [];
    this.delayMs = 0;
  }
}
