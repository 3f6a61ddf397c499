import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClusterOptions, ClusterSession } from '../../../client/src/cluster/api';
import type { ClusterSnapshot, ProbeRunResult } from '../../../client/src/cluster/model';
import { ClusterHost } from '../../../client/src/views/cluster-host';
import { snapshot } from '../../support/status-fixtures';

describe('ClusterHost', () => {
  class FakeSession implements ClusterSession {
    listeners = new Set<(s: ClusterSnapshot) => void>();
    disposed = false;
    constructor(public snapshot: ClusterSnapshot) {}
    onDidChange(l: (s: ClusterSnapshot) => void) {
      this.listeners.add(l);
      return () => this.listeners.delete(l);
    }
    push(s: ClusterSnapshot) {
      this.snapshot = s;
      for (const l of this.listeners) l(s);
    }
    async start() {}
    async refresh() {}
    contexts() {
      return ['a', 'b'];
    }
    async runProbe(): Promise<ProbeRunResult> {
      throw new Error('no');
    }
    async logs() {
      return '';
    }
    dispose() {
      this.disposed = true;
    }
  }

  test('loads the core once, on first start, and drops snapshots of a replaced session', async () => {
    let loads = 0;
    const sessions: FakeSession[] = [];
    const opened: ClusterOptions[] = [];
    let ctx = 'a';
    const host = new ClusterHost(
      () => {
        loads++;
        return {
          openClusterSession: (o) => {
            opened.push(o);
            const s = new FakeSession(snapshot({ context: o.context!, state: 'loading' }));
            sessions.push(s);
            return s;
          },
        };
      },
      () => ({ trusted: true, context: ctx }),
    );
    const seen: (string | undefined)[] = [];
    host.onDidChange((s) => seen.push(s && `${s.context}:${s.state}`));
    assert.equal(loads, 0, 'constructing the host loads nothing');
    await host.ensureStarted();
    await host.ensureStarted();
    assert.equal(loads, 1);
    assert.equal(sessions.length, 1);
    ctx = 'b';
    await host.reopen();
    assert.equal(loads, 1);
    assert.ok(sessions[0]!.disposed);
    sessions[0]!.push(snapshot({ context: 'a', state: 'live' })); // a late event from the old session
    sessions[1]!.push(snapshot({ context: 'b', state: 'live' }));
    assert.deepEqual(seen, ['a:loading', 'b:loading', 'b:live']);
    assert.equal(host.snapshot?.context, 'b');
    host.dispose();
    assert.ok(sessions[1]!.disposed);
    assert.equal(host.snapshot, undefined);
  });

  test('a start() that rejects becomes an error snapshot', async () => {
    const host = new ClusterHost(
      () => ({
        openClusterSession: () =>
          Object.assign(new FakeSession(snapshot({ state: 'loading' })), {
            start: () => Promise.reject(new Error('core bug')),
          }),
      }),
      () => ({ trusted: true }),
    );
    await host.ensureStarted();
    assert.equal(host.snapshot?.problem?.kind, 'error');
    assert.equal(host.snapshot?.problem?.message, 'core bug');
  });
});
