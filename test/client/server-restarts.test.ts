/**
 * The language server's crash policy (client/src/server-restarts.ts), as vscode-languageclient calls
 * it: `closed()` after every unexpected exit, `error()` on connection errors. A crash restarts the
 * server and tells the user once; a crash loop stops the restarts and says so, once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gaveUpNotice, RESTARTED_NOTICE, serverErrorHandler } from '../../client/src/server-restarts';

// vscode-languageclient's CloseAction.Restart / DoNotRestart and ErrorAction.Continue are numbers
// (2, 1, 1); distinct strings make a swapped action visible in a failure.
const ACTIONS = { restart: 'restart', doNotRestart: 'do-not-restart', continue: 'continue' } as const;

function harness(options: { maxCrashes?: number; windowMs?: number } = {}) {
  let clock = 1_000_000;
  const shown: { severity: 'warn' | 'error'; text: string }[] = [];
  const handler = serverErrorHandler(ACTIONS, { warn: (text) => shown.push({ severity: 'warn', text }), error: (text) => shown.push({ severity: 'error', text }) }, { ...options, now: () => clock });
  return {
    handler,
    shown,
    advance(ms: number) {
      clock += ms;
    },
  };
}

test('a crash restarts the server and tells the user once; later crashes are only logged', () => {
  const { handler, shown, advance } = harness();
  const first = handler.closed();
  assert.deepEqual({ action: first.action, handled: first.handled }, { action: 'restart', handled: true });
  assert.match(first.message, /stopped unexpectedly; restarting it \(1 in the last 3 minutes; at 6 it stays stopped\)/);
  assert.deepEqual(shown, [{ severity: 'warn', text: RESTARTED_NOTICE }]);
  // Crashes far apart never add up to a loop: always restarted, never told again.
  for (let i = 0; i < 20; i++) {
    advance(4 * 60_000);
    assert.equal(handler.closed().action, 'restart', `crash ${i + 2}`);
  }
  assert.equal(shown.length, 1, JSON.stringify(shown));
});

test('a crash loop (six in three minutes) stops the restarts and says so, once', () => {
  const { handler, shown, advance } = harness();
  const actions: string[] = [];
  for (let i = 0; i < 6; i++) {
    actions.push(handler.closed().action);
    advance(10_000);
  }
  assert.deepEqual(actions, ['restart', 'restart', 'restart', 'restart', 'restart', 'do-not-restart']);
  assert.deepEqual(
    shown.map((s) => s.severity),
    ['warn', 'error'],
    'one notice for the first restart, one for giving up: not one per crash',
  );
  assert.equal(shown[1]!.text, gaveUpNotice(6, 3 * 60_000));
  assert.match(shown[1]!.text, /stopped 6 times in 3 minutes; it will not be restarted again/);
  // Should the library ask again, the answer stays no, and silent.
  advance(60 * 60_000);
  const again = handler.closed();
  assert.equal(again.action, 'do-not-restart');
  assert.equal(again.handled, true);
  assert.equal(shown.length, 2);
});

test('crashes that fall out of the window no longer count', () => {
  const { handler, advance } = harness({ maxCrashes: 2, windowMs: 60_000 });
  assert.equal(handler.closed().action, 'restart');
  advance(30_000);
  assert.equal(handler.closed().action, 'restart');
  advance(31_000); // the first crash is now 61 s old
  assert.equal(handler.closed().action, 'restart');
  advance(1_000);
  assert.equal(handler.closed().action, 'do-not-restart', 'three within a minute');
});

test('connection errors are logged, never popped up, and leave the decision to closed()', () => {
  const { handler, shown } = harness();
  for (let count = 1; count <= 10; count++) {
    const result = handler.error(new Error('write EPIPE'), undefined, count);
    assert.equal(result.action, 'continue');
    assert.equal(result.handled, true, 'handled: the library only logs it');
    assert.match(result.message, /connection to the language server failed \(\d+\): write EPIPE/);
  }
  assert.deepEqual(shown, []);
});
