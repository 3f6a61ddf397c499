/**
 * When the server validates: on timers driven by hand, so the policy is tested step by step rather
 * than by waiting (a burst validated once after queued requests, a slow file waiting for a pause).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BURST_QUIET_MS, LONG_SLICE_MS, MAX_STEPS_ASIDE, SLOW_VALIDATION_MS, ValidationScheduler, type SchedulerTimers } from '../../../server/src/handlers/validation-scheduler';

/** Timers that run only when told: immediates one hop at a time, timeouts when the clock passes them. */
class HandTimers implements SchedulerTimers {
  clock = 0;
  private immediates: Array<() => void> = [];
  private timeouts = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;

  now = () => this.clock;
  setImmediate = (callback: () => void) => void this.immediates.push(callback);
  setTimeout = (callback: () => void, ms: number) => {
    const id = this.nextId++;
    this.timeouts.set(id, { at: this.clock + ms, callback });
    return id;
  };
  clearTimeout = (handle: unknown) => void this.timeouts.delete(handle as number);

  /** Runs the immediates queued so far (one turn of the check phase). */
  hop(): void {
    const due = this.immediates;
    this.immediates = [];
    for (const callback of due) callback();
  }

  advance(ms: number): void {
    this.clock += ms;
    for (const [id, timeout] of [...this.timeouts]) {
      if (timeout.at > this.clock) continue;
      this.timeouts.delete(id);
      timeout.callback();
    }
  }

  /** One turn of the loop: the immediates queued so far, then the timeouts due now (a 0 ms timer). */
  turn(): void {
    this.hop();
    this.advance(0);
  }

  get waiting(): number {
    return this.immediates.length + this.timeouts.size;
  }
}

function harness(options: { validationMs?: number; open?: boolean } = {}) {
  const timers = new HandTimers();
  const validated: string[] = [];
  const scheduler = new ValidationScheduler((uri) => {
    validated.push(uri);
    timers.clock += options.validationMs ?? 1;
    return options.open ?? true;
  }, timers);
  return { timers, validated, scheduler };
}

test('a burst of changes is validated once, two hops later (after the requests that came with it)', () => {
  const { timers, validated, scheduler } = harness();
  scheduler.schedule('file:///a.yaml');
  scheduler.schedule('file:///a.yaml');
  timers.hop();
  scheduler.schedule('file:///a.yaml');
  assert.deepEqual(validated, [], 'not after one hop: a request queued with the edit is answered first');
  timers.hop();
  assert.deepEqual(validated, ['file:///a.yaml']);
  assert.equal(timers.waiting, 0, 'the change after the first hop joined the pending validation');
});

test('each file is scheduled on its own', () => {
  const { timers, validated, scheduler } = harness();
  scheduler.schedule('file:///a.yaml');
  scheduler.schedule('file:///b.yaml');
  timers.hop();
  timers.hop();
  assert.deepEqual(validated, ['file:///a.yaml', 'file:///b.yaml']);
});

test('a slow file waits until its keystrokes stop, then is validated once', () => {
  const { timers, validated, scheduler } = harness({ validationMs: SLOW_VALIDATION_MS + 1 });
  scheduler.schedule('file:///big.yaml');
  timers.hop();
  timers.hop();
  assert.equal(validated.length, 1, 'the first validation is not delayed: nothing says the file is slow yet');
  scheduler.schedule('file:///big.yaml');
  timers.hop();
  timers.hop();
  assert.equal(validated.length, 1, 'a slow file does not take the two-hop path');
  timers.advance(BURST_QUIET_MS - 1);
  scheduler.schedule('file:///big.yaml'); // another keystroke: the quiet period starts again
  timers.advance(BURST_QUIET_MS - 1);
  assert.equal(validated.length, 1);
  timers.advance(1);
  assert.equal(validated.length, 2);
  assert.equal(timers.waiting, 0);
});

test('a file that became fast again goes back to the two-hop path', () => {
  let ms = SLOW_VALIDATION_MS + 1;
  const timers = new HandTimers();
  const validated: string[] = [];
  const scheduler = new ValidationScheduler((uri) => {
    validated.push(uri);
    timers.clock += ms;
    return true;
  }, timers);
  scheduler.schedule('file:///a.yaml');
  timers.hop();
  timers.hop();
  ms = 1;
  scheduler.schedule('file:///a.yaml');
  timers.advance(BURST_QUIET_MS);
  assert.equal(validated.length, 2);
  scheduler.schedule('file:///a.yaml');
  timers.hop();
  timers.hop();
  assert.equal(validated.length, 3);
});

test('flush validates a pending file at once (a code action needs current findings), and only once', () => {
  const { timers, validated, scheduler } = harness();
  scheduler.schedule('file:///a.yaml');
  scheduler.flush('file:///a.yaml');
  assert.deepEqual(validated, ['file:///a.yaml']);
  timers.hop();
  timers.hop();
  assert.deepEqual(validated, ['file:///a.yaml'], 'the scheduled hop finds nothing pending');
  scheduler.flush('file:///a.yaml');
  assert.equal(validated.length, 1, 'nothing pending, nothing to flush');
});

test('a slow file flushed by a code action is not validated again when its quiet period ends', () => {
  const { timers, validated, scheduler } = harness({ validationMs: SLOW_VALIDATION_MS + 1 });
  scheduler.schedule('file:///big.yaml');
  timers.hop();
  timers.hop();
  scheduler.schedule('file:///big.yaml');
  scheduler.flush('file:///big.yaml');
  assert.equal(validated.length, 2);
  timers.advance(BURST_QUIET_MS);
  assert.equal(validated.length, 2);
});

test('a closed file: its pending validation never runs and its slowness is forgotten', () => {
  const { timers, validated, scheduler } = harness({ validationMs: SLOW_VALIDATION_MS + 1 });
  scheduler.schedule('file:///a.yaml');
  scheduler.forget('file:///a.yaml');
  timers.hop();
  timers.hop();
  assert.deepEqual(validated, []);
  scheduler.schedule('file:///a.yaml');
  timers.hop();
  timers.hop();
  scheduler.schedule('file:///a.yaml'); // slow now: waits for a pause
  scheduler.forget('file:///a.yaml');
  assert.equal(timers.waiting, 0, 'the quiet-period timer is cleared');
  scheduler.schedule('file:///a.yaml');
  timers.hop();
  timers.hop();
  assert.equal(validated.length, 2, 'reopened, it starts on the two-hop path again');
});

test('a file gone by the time it is validated keeps no timing', () => {
  const { timers, validated, scheduler } = harness({ validationMs: SLOW_VALIDATION_MS + 1, open: false });
  scheduler.schedule('file:///gone.yaml');
  timers.hop();
  timers.hop();
  scheduler.schedule('file:///gone.yaml');
  timers.hop();
  timers.hop();
  assert.equal(validated.length, 2, 'never marked slow');
});

/** A validation in slices: `slices` calls of prepare (each `sliceMs`) before validate. */
function slicedHarness(slices: number, sliceMs = 1) {
  const timers = new HandTimers();
  const steps: string[] = [];
  /** Messages the connection has read: a test bumps it where the loop's poll phase would read one. */
  const input = { read: 0 };
  let left = slices;
  const scheduler = new ValidationScheduler(
    (uri) => {
      steps.push(`validate ${uri}`);
      left = slices;
      return true;
    },
    timers,
    (uri) => {
      steps.push(`slice ${uri}`);
      timers.clock += sliceMs;
      return --left > 0;
    },
    () => input.read,
  );
  return { timers, steps, scheduler, input };
}

test('validation in slices yields two hops after each slice, so a request read meanwhile is answered first', () => {
  const { timers, steps, scheduler } = slicedHarness(3);
  scheduler.schedule('file:///a.yaml');
  timers.hop();
  timers.hop();
  assert.deepEqual(steps, ['slice file:///a.yaml'], 'the first slice (the model update), then the loop is free');
  timers.hop();
  assert.equal(steps.length, 1, 'one hop is not enough: the JSON-RPC layer may still hold a message');
  timers.hop();
  timers.hop();
  timers.hop();
  assert.deepEqual(steps, ['slice file:///a.yaml', 'slice file:///a.yaml', 'slice file:///a.yaml'], 'the rules are done');
  timers.hop();
  timers.hop();
  assert.deepEqual(steps.at(-1), 'validate file:///a.yaml', 'publishing waited two hops as well');
  assert.equal(timers.waiting, 0);
});

test('a validation with nothing to slice (validation off, no model) publishes at once', () => {
  const { timers, steps, scheduler } = slicedHarness(1);
  scheduler.schedule('file:///a.yaml');
  timers.hop();
  timers.hop();
  assert.deepEqual(steps, ['slice file:///a.yaml', 'validate file:///a.yaml']);
  assert.equal(timers.waiting, 0);
});

test('after a long slice (a big model update) the next waits for a timer, so input that arrived meanwhile is read and answered first', () => {
  const { timers, steps, scheduler } = slicedHarness(2, LONG_SLICE_MS);
  scheduler.schedule('file:///pods.yaml');
  timers.hop();
  timers.hop();
  assert.deepEqual(steps, ['slice file:///pods.yaml']);
  for (let i = 0; i < 4; i++) timers.hop();
  assert.equal(steps.length, 1, 'immediates are not enough: the loop must poll for input first');
  timers.advance(0);
  timers.hop();
  timers.hop();
  assert.deepEqual(steps, ['slice file:///pods.yaml', 'slice file:///pods.yaml', 'validate file:///pods.yaml']);
  assert.equal(timers.waiting, 0);
});

test('a change during a sliced validation joins it; flush finishes it at once; forget drops it', () => {
  const { timers, steps, scheduler } = slicedHarness(3);
  scheduler.schedule('file:///a.yaml');
  timers.hop();
  timers.hop();
  scheduler.schedule('file:///a.yaml'); // typed while the validation runs: its next slice reads the new text
  for (let i = 0; i < 6; i++) timers.hop();
  assert.equal(steps.filter((s) => s.startsWith('validate')).length, 1);
  assert.equal(timers.waiting, 0, 'no second validation was queued');

  scheduler.schedule('file:///a.yaml');
  timers.hop();
  timers.hop();
  scheduler.flush('file:///a.yaml');
  assert.equal(steps.at(-1), 'validate file:///a.yaml', 'a code action gets the findings now');
  const count = steps.length;
  for (let i = 0; i < 6; i++) timers.hop();
  assert.equal(steps.length, count, 'the flushed validation does not go on');

  scheduler.schedule('file:///a.yaml');
  timers.hop();
  timers.hop();
  scheduler.forget('file:///a.yaml');
  for (let i = 0; i < 6; i++) timers.hop();
  assert.equal(steps.at(-1), 'slice file:///a.yaml', 'a closed file is not validated');
});

test('a slow file\'s sliced validation stops when a keystroke arrives, and waits for the pause', () => {
  const { timers, steps, scheduler } = slicedHarness(2, SLOW_VALIDATION_MS);
  scheduler.schedule('file:///big.yaml');
  for (let i = 0; i < 4; i++) timers.turn();
  assert.equal(steps.at(-1), 'validate file:///big.yaml', 'slow now');
  scheduler.schedule('file:///big.yaml');
  timers.advance(BURST_QUIET_MS);
  assert.equal(steps.at(-1), 'slice file:///big.yaml');
  scheduler.schedule('file:///big.yaml'); // a keystroke between slices
  for (let i = 0; i < 4; i++) timers.turn();
  assert.equal(steps.at(-1), 'slice file:///big.yaml', 'the running validation stopped');
  timers.advance(BURST_QUIET_MS);
  for (let i = 0; i < 4; i++) timers.turn();
  assert.equal(steps.at(-1), 'validate file:///big.yaml');
  assert.equal(timers.waiting, 0);
});

test('a message read while a slice waits goes first: the slice waits two more hops', () => {
  const { timers, steps, scheduler, input } = slicedHarness(2);
  scheduler.schedule('file:///a.yaml');
  timers.hop();
  timers.hop();
  assert.deepEqual(steps, ['slice file:///a.yaml'], 'the model update');
  timers.hop();
  input.read++; // a completion read in the poll phase between the hops: its immediate is queued behind the second
  timers.hop();
  assert.equal(steps.length, 1, 'the rules wait');
  timers.hop();
  assert.equal(steps.length, 1, 'two hops: the JSON-RPC layer may hold a second message');
  timers.hop();
  assert.deepEqual(steps, ['slice file:///a.yaml', 'slice file:///a.yaml']);
  input.read++; // and one read after the rules' slice: publishing steps aside for it too
  timers.hop();
  timers.hop();
  assert.equal(steps.length, 2);
  timers.hop();
  timers.hop();
  assert.deepEqual(steps, ['slice file:///a.yaml', 'slice file:///a.yaml', 'validate file:///a.yaml']);
  assert.equal(timers.waiting, 0);
});

test('a client that never stops sending still gets its file validated', () => {
  const { timers, steps, scheduler, input } = slicedHarness(1);
  scheduler.schedule('file:///a.yaml');
  for (let hop = 0; hop < 2 * (MAX_STEPS_ASIDE + 1) && steps.length === 0; hop++) {
    timers.hop();
    input.read++;
  }
  assert.deepEqual(steps, ['slice file:///a.yaml', 'validate file:///a.yaml'], `validated after ${MAX_STEPS_ASIDE} steps aside`);
});

test('after a long slice, a message read before the timer fires is answered before the next slice', () => {
  const { timers, steps, scheduler, input } = slicedHarness(2, LONG_SLICE_MS);
  scheduler.schedule('file:///pods.yaml');
  timers.hop();
  timers.hop();
  input.read++;
  timers.advance(0);
  assert.deepEqual(steps, ['slice file:///pods.yaml'], 'the message came in: two hops for it first');
  timers.hop();
  timers.hop();
  assert.deepEqual(steps, ['slice file:///pods.yaml', 'slice file:///pods.yaml']);
  timers.hop();
  timers.hop();
  assert.deepEqual(steps, ['slice file:///pods.yaml', 'slice file:///pods.yaml', 'validate file:///pods.yaml']);
});
