/**
 * When each open file is validated (what validating means is the caller's). A burst of changes is
 * validated once, after the requests that arrived with it are answered; a file whose last
 * validation was slow waits until its keystrokes stop. Validation runs in slices (the caller's
 * `prepare`), with the event loop free between them (after a long slice, until input is read), and
 * a slice about to run steps aside for a message read while it waited: a completion asked right after
 * an edit waits for the model update it needs, not for the rules (issue 19).
 */

/** Past this, a file's edits wait for a pause before it is validated again. */
export const SLOW_VALIDATION_MS = 50;
/** A slice this long has likely let input arrive: the next one waits for a timer, so it is read first. */
export const LONG_SLICE_MS = 16;
/** Long enough for queued keystrokes to be read one after another, short enough not to be seen. */
export const BURST_QUIET_MS = 25;
/**
 * How many times in a row a slice steps aside for newly read messages: enough for a few requests
 * typed together, while a client that never stops sending still gets its file validated.
 */
export const MAX_STEPS_ASIDE = 4;

/** The clock and timers the scheduler runs on: Node's, or ones a test drives by hand. */
export interface SchedulerTimers {
  now(): number;
  setImmediate(callback: () => void): void;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const NODE_TIMERS: SchedulerTimers = {
  now: () => performance.now(),
  setImmediate: (callback) => void setImmediate(callback),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout | undefined),
};

export class ValidationScheduler {
  /** URIs waiting for validation; a burst of changes is validated once. */
  private readonly pending = new Set<string>();
  /** How long each file's last validation took: past SLOW_VALIDATION_MS, edits wait for a pause. */
  private readonly lastValidationMs = new Map<string, number>();
  private readonly burstTimers = new Map<string, unknown>();
  /** Validations under way, between slices; a change meanwhile is taken in by the running one. */
  private readonly jobs = new Map<string, { spentMs: number }>();

  /**
   * `validate` returns false when the file is no longer open, so its timing is not kept.
   * `prepare`, if given, does one slice of the work before `validate` and returns true while more
   * remains; the scheduler yields to queued messages after each slice.
   */
  constructor(
    private readonly validate: (uri: string) => boolean,
    private readonly timers: SchedulerTimers = NODE_TIMERS,
    private readonly prepare?: (uri: string) => boolean,
    /** Messages the connection has read so far (server-connection.ts); 0 forever where unknown. */
    private readonly messagesRead: () => number = () => 0,
  ) {}

  schedule(uri: string): void {
    if (this.jobs.has(uri)) {
      // A fast file's running validation takes the change in with its next slice; a slow file's
      // (one huge document) stops and waits for the keystrokes to stop, as below.
      if ((this.lastValidationMs.get(uri) ?? 0) <= SLOW_VALIDATION_MS) return;
      this.jobs.delete(uri);
    }
    if ((this.lastValidationMs.get(uri) ?? 0) > SLOW_VALIDATION_MS) {
      // A slow file (one huge document): keystrokes that queued while it was being checked arrive
      // back to back, so wait until they stop and check the text once, not after every other one.
      this.pending.add(uri);
      this.timers.clearTimeout(this.burstTimers.get(uri));
      this.burstTimers.set(
        uri,
        this.timers.setTimeout(() => {
          this.burstTimers.delete(uri);
          if (this.pending.delete(uri)) this.run(uri);
        }, BURST_QUIET_MS),
      );
      return;
    }
    if (this.pending.has(uri)) return;
    this.pending.add(uri);
    // Two hops through the check phase: the JSON-RPC layer handles one queued message per
    // setImmediate, so a completion or hover request that arrived with the edit is answered before
    // validation runs, and a burst of didChange messages is validated once.
    this.afterQueuedMessages(() => {
      if (!this.pending.delete(uri)) return;
      this.run(uri);
    });
  }

  /** Validates now if a validation is pending or under way: a code action needs the findings of the current text. */
  flush(uri: string): void {
    const job = this.jobs.get(uri);
    if (this.pending.delete(uri) || job) {
      this.jobs.delete(uri);
      this.finish(uri, job?.spentMs ?? 0);
    }
  }

  /** The file was closed: nothing stays pending and its timing is dropped. */
  forget(uri: string): void {
    this.jobs.delete(uri);
    this.lastValidationMs.delete(uri);
    this.timers.clearTimeout(this.burstTimers.get(uri));
    this.burstTimers.delete(uri);
    this.pending.delete(uri);
  }

  /**
   * Two hops through the check phase: the JSON-RPC layer handles one queued message per
   * setImmediate, so a request queued before the first hop is answered before `then` runs. A message
   * read after that (in the loop's poll phase, between the hops) is handled by an immediate queued
   * behind the second hop: if one came, two more hops, so it goes first.
   */
  private afterQueuedMessages(then: () => void, stepsAside = 0): void {
    const seen = this.messagesRead();
    this.timers.setImmediate(() =>
      this.timers.setImmediate(() => {
        if (this.messagesRead() !== seen && stepsAside < MAX_STEPS_ASIDE) return this.afterQueuedMessages(then, stepsAside + 1);
        then();
      }),
    );
  }

  /**
   * After a long slice, a timer rather than immediates: the loop then polls for input before the
   * next slice, so a completion sent while the slice (the 2.3 MB List's model update, 20–60 ms) ran
   * is read and answered before the next one. With two immediates it was answered after the whole
   * validation (scripts/bench-edits.ts, one document: edit → completion 0.03–0.05× a parse, 0.02–0.03×
   * with the timer). Short slices keep the immediates: a timer costs a millisecond or more each, which
   * the many slices of a big file's first validation would add up.
   */
  private afterPendingInput(then: () => void): void {
    const seen = this.messagesRead();
    // A message read by then may still wait for its immediate: the two hops above let it go first.
    this.timers.setTimeout(() => (this.messagesRead() !== seen ? this.afterQueuedMessages(then) : then()), 0);
  }

  private run(uri: string): void {
    if (!this.prepare) return this.finish(uri, 0);
    const job = { spentMs: 0 };
    this.jobs.set(uri, job);
    const done = () => {
      this.jobs.delete(uri);
      this.finish(uri, job.spentMs);
    };
    const slice = (first = false) => {
      if (this.jobs.get(uri) !== job) return; // flushed or closed meanwhile
      const started = this.timers.now();
      const more = this.prepare!(uri);
      const spent = this.timers.now() - started;
      job.spentMs += spent;
      if (more) return spent >= LONG_SLICE_MS ? this.afterPendingInput(slice) : this.afterQueuedMessages(slice);
      if (first) return done(); // nothing was sliced (validation off, no model)
      // The rules are done: publishing (every document's findings turned into diagnostics) waits two
      // hops too, so a request read while the last slice ran is answered before it.
      this.afterQueuedMessages(() => this.jobs.get(uri) === job && done());
    };
    slice(true);
  }

  /** `spentMs`: the slices' time, counted with the validation's to judge whether the file is slow. */
  private finish(uri: string, spentMs: number): void {
    const started = this.timers.now();
    if (this.validate(uri)) this.lastValidationMs.set(uri, spentMs + this.timers.now() - started);
    else this.lastValidationMs.delete(uri);
  }
}
