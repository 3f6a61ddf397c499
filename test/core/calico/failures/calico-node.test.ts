/** What calico-node itself prints before any check runs, held against its `main`. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CALICO_FAILURES, failuresPrintedBy } from '../../../../core/src/calico/failures/table';
import { parseCause } from '../../../../core/src/calico/parse-cause';

test(
  '"must specify at least one of …" is never probe output: projectcalico/calico v3.32.0 node/cmd/calico-node/main.go main calls health.Run ' +
    'only when a check flag is set (so did projectcalico/node v3.2.0–v3.21.0 cmd/calico-node/main.go)',
  () => {
    for (const failure of CALICO_FAILURES) {
      for (const message of failure.messages) assert.doesNotMatch(message.text, /must specify at least one of/i, failure.id);
    }
  },
);

test('with no check and no other mode, main prints "No valid options provided. Usage:" and exits 1 (projectcalico/calico v3.32.0 main.go main)', () => {
  const cause = parseCause('No valid options provided. Usage:\n  -allocate-tunnel-addrs\n    \tConfigure tunnel addresses for this node\n');
  assert.equal(cause?.id, 'no-check-flag');
  assert.deepEqual(failuresPrintedBy('calico-node').map((p) => p.message.text), ['flag provided but not defined: -<name>', 'No valid options provided. Usage:']);
});
