/**
 * "Run 5 times (recommend a timeout)" as a table of cases. The facts behind the classes:
 * - kubernetes KEP-1972 (ExecProbeTimeout, on since 1.20): an exec probe that outlasts timeoutSeconds
 *   is a failure, so a longer timeout helps only a check that does answer, late;
 * - projectcalico/calico v3.32.1 node/pkg/health/health.go RunOutput: `-felix-live`/`-felix-ready`
 *   wait on Felix's health endpoint until the -threshold-time context ends (30 s by default,
 *   node/cmd/calico-node/main.go), `-bird-live` runs `birdcl show status` with no deadline: a run
 *   that never answers is Felix or BIRD not answering, never a timeout that is too short.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyRuns, measureLimitMs, type RunSample, type RunVerdictKind } from '../../../core/src/probe/run-verdict';

const READY = ['/bin/calico-node', '-felix-ready', '-bird-ready'];

function pass(durationMs: number, timeoutSeconds = 10): RunSample {
  return { outcome: 'success', exitCode: 0, durationMs, timeoutSeconds, command: READY, output: '' };
}
function fail(durationMs: number, output: string, timeoutSeconds = 10, cause?: string): RunSample {
  return { outcome: 'failure', exitCode: 1, durationMs, timeoutSeconds, command: READY, output, ...(cause ? { cause: { title: cause } } : {}) };
}
/** Timed out and never answered within the time we waited. */
function hang(durationMs: number, timeoutSeconds = 10, command = READY): RunSample {
  return { outcome: 'timeout', durationMs, timeoutSeconds, command, output: '', cause: { title: 'Probe command timed out' } };
}
/** Timed out, but we kept waiting and it finished (exit code known). */
function late(durationMs: number, exitCode: number, timeoutSeconds = 1): RunSample {
  return { outcome: 'timeout', exitCode, durationMs, timeoutSeconds, command: READY, output: exitCode ? 'calico/node is not ready: felix is not ready' : '' };
}
const five = (run: RunSample) => [run, run, run, run, run];

interface Case {
  readonly name: string;
  readonly runs: readonly RunSample[];
  readonly kind: RunVerdictKind;
  readonly recommended?: number;
  readonly text: RegExp;
  readonly not?: RegExp;
}

const CASES: readonly Case[] = [
  {
    name: 'issue 20 item 2: five runs all hung at the 10 s timeout → Felix or BIRD is not answering, no "raise timeoutSeconds"',
    runs: five(hang(10_004)),
    kind: 'hung',
    text: /^0\/5 passed; every run hung for the full 10 s timeout: Felix or BIRD is not answering; a longer timeoutSeconds will not help$/,
    not: /raise|use timeoutSeconds/,
  },
  {
    name: 'hung past the measuring limit (twice the timeout): says how long we waited',
    runs: five(hang(20_010, 10, ['/bin/calico-node', '-bird-live'])),
    kind: 'hung',
    text: /every run hung for 20 s \(timeoutSeconds 10\): BIRD is not answering/,
  },
  {
    name: 'a -felix-live check that hangs names Felix',
    runs: [hang(10_000, 10, ['/bin/calico-node', '-felix-live'])],
    kind: 'hung',
    text: /Felix is not answering its health endpoint/,
  },
  {
    name: 'all pass well inside the timeout → keep it, no number',
    runs: [pass(300), pass(280), pass(410), pass(350), pass(390)],
    kind: 'passing',
    text: /^5\/5 passed; median 0\.3 s, slowest 0\.4 s; timeoutSeconds 10 leaves enough headroom, keep it$/,
  },
  {
    name: 'all pass but the slowest uses over half the timeout → slow, twice the slowest',
    runs: [pass(400, 1), pass(700, 1), pass(550, 1)],
    kind: 'slow',
    recommended: 2,
    text: /slowest 0\.7 s; the slowest used over half of the 1 s timeout: use timeoutSeconds 2 \(twice the slowest run\)$/,
  },
  {
    name: 'measured past a 1 s timeout (1.2, 2.6, 0.9 s), every run passing late or in time → too slow, 6 s (was recommendTimeout([1200, 2600, 900], 1))',
    runs: [late(1200, 0), late(2600, 0), pass(900, 1)],
    kind: 'too-slow',
    recommended: 6,
    text: /answered only after the 1 s timeout, which the kubelet counts as failures: use timeoutSeconds 6/,
  },
  {
    name: 'some fail, some pass → intermittent: flaky, no number, the failing output\'s cause',
    runs: [pass(700, 1), fail(1400, 'calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.12', 1, 'BGP not established with 10.0.0.12'), pass(900, 1), fail(1100, 'x', 1), pass(800, 1)],
    kind: 'intermittent',
    text: /^3\/5 passed; median 0\.9 s, slowest 1\.4 s; 2 of 5 failed: the check is flaky, so no timeout fits; the failing runs said: BGP not established with 10\.0\.0\.12$/,
    not: /use timeoutSeconds/,
  },
  {
    name: 'some pass, one hangs → intermittent, not a timeout number',
    runs: [pass(200), hang(10_000), pass(250)],
    kind: 'intermittent',
    text: /1 of 3 failed: the check is flaky.*no answer in 10 s/,
  },
  {
    name: 'all fail quickly → the check fails, a timeout will not help; quotes the output when no cause is recognised',
    runs: five(fail(120, 'calico/node is not ready: felix is not ready: readiness probe reporting 503\nmore')),
    kind: 'failing',
    text: /every run failed \(slowest 0\.1 s\): the check itself fails, a longer timeoutSeconds will not help: "calico\/node is not ready: felix is not ready: readiness probe reporting 503"$/,
  },
  {
    name: 'failing late after the timeout is still failing, not slow',
    runs: [late(1500, 1), late(1600, 1)],
    kind: 'failing',
    text: /every run failed/,
    not: /use timeoutSeconds/,
  },
  {
    name: 'nothing reached the container',
    runs: [{ outcome: 'error', durationMs: 5, timeoutSeconds: 10, command: READY, output: '', error: 'Pod calico-node-a was deleted while the probe ran.' }],
    kind: 'not-run',
    text: /no run reached the container: Pod calico-node-a was deleted/,
  },
];

describe('classifyRuns', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const verdict = classifyRuns(c.runs);
      assert.equal(verdict.kind, c.kind, verdict.text);
      assert.equal(verdict.recommendedTimeoutSeconds, c.recommended);
      assert.match(verdict.text, c.text);
      if (c.not) assert.doesNotMatch(verdict.text, c.not);
    });
  }
  test('a repeated run waits twice the timeout, at least 5 s past it', () => {
    assert.equal(measureLimitMs(10), 20_000);
    assert.equal(measureLimitMs(1), 6_000);
  });
});

test('an HTTP run that answered after the timeout is a late answer by its status, not a hang', () => {
  const late = (durationMs: number, statusCode: number) => ({ outcome: 'timeout' as const, durationMs, timeoutSeconds: 1, statusCode, command: ['GET', 'http://<pod>:8080/healthz'], output: 'ok\n' });
  const slow = classifyRuns([late(1400, 200), late(2100, 200), late(2600, 200)]);
  assert.equal(slow.kind, 'too-slow');
  assert.equal(slow.recommendedTimeoutSeconds, 6);
  assert.equal(classifyRuns([late(1400, 503), late(1500, 503)]).kind, 'failing');
});
