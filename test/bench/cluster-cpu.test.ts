// The cluster bench's CPU figures (scripts/bench-cluster-cpu.ts) put each thread's time where it ran:
// the client's own thread, a thread started after the first reading (the list worker), the API server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { readCpu, statCpu } from '../../scripts/bench-cluster-cpu';

const SPIN_MS = 200;
/**
 * A busy loop, as source for the worker and the other process (which cannot import this file) and as
 * spinHere for this thread: it runs until its own thread has had SPIN_MS of CPU (not of wall time), so
 * tests running beside it cannot shorten it.
 */
const spin = `{
  const fs = require('node:fs');
  const ownCpu = () => { const raw = fs.readFileSync('/proc/thread-self/stat', 'latin1'); const f = raw.slice(raw.lastIndexOf(')') + 2).split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
  const end = ownCpu() + ${SPIN_MS};
  while (ownCpu() < end);
}`;

function spinHere(): void {
  const ownCpu = () => statCpu('/proc/thread-self/stat')!;
  const end = ownCpu() + SPIN_MS;
  while (ownCpu() < end);
}

test('CPU is counted where it ran: this thread, a thread started since, another process', { skip: process.platform !== 'linux' && '/proc is Linux' }, async () => {
  // Each spins in turn while the others wait, so each gets a core to itself.
  const server = spawn(process.execPath, ['-e', `process.stdin.once('data', () => { ${spin} process.stdout.write('spun'); setTimeout(() => undefined, 60000); }); process.stdout.write('ready');`], { stdio: ['pipe', 'pipe', 'inherit'] });
  let worker: Worker | undefined;
  try {
    await once(server.stdout!, 'data'); // started: its start-up is not counted
    const cpu = readCpu(server.pid);
    spinHere();
    worker = new Worker(`${spin} require('node:worker_threads').parentPort.postMessage('spun'); setInterval(() => undefined, 60000);`, { eval: true });
    await once(worker, 'message');
    server.stdin!.write('go\n');
    await once(server.stdout!, 'data');
    const spent = cpu.since();
    assert.ok(spent, 'read from /proc');
    // Ten-millisecond ticks, and what each did beside its loop (this thread started the worker).
    const near = (ms: number) => ms >= SPIN_MS - 10 && ms <= SPIN_MS * 2;
    assert.ok(near(spent.mainMs), `this thread: ${spent.mainMs} ms`);
    assert.ok(near(spent.startedMs), `the thread started since: ${spent.startedMs} ms`);
    assert.ok(near(spent.serverMs), `the other process: ${spent.serverMs} ms`);
    // V8's helpers compile and collect for this test too (110–130 ms alone here): not nothing, but
    // none of the loops.
    assert.ok(spent.helpersMs < SPIN_MS * 1.5, `this process's other threads: ${spent.helpersMs} ms`);
  } finally {
    await worker?.terminate();
    server.kill();
  }
});
