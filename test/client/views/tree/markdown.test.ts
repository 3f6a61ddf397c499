import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTree, flatten } from '../../../../client/src/views/tree/build';
import { mdEscape } from '../../../../client/src/views/tree/markdown';
import { NOW, bgpFailures, pod, probeStatus, snapshot } from '../../../support/status-fixtures';

describe('markdown', () => {
  test('markdown from the cluster is escaped', () => {
    assert.equal(mdEscape('[x](command:evil)'), '\\[x\\]\\(command:evil\\)');
    const p = pod('calico-node-evil', { health: 'not-ready', ready: false, readyText: '0/1', probes: [probeStatus('readiness', 'failing', bgpFailures({ lastMessage: 'x ``` [a](command:b)' }))] });
    const failure = flatten(buildTree(snapshot({ pods: [p] }), NOW)).find((n) => n.kind === 'failure')!;
    assert.ok(failure.tooltip!.includes('```` x ``` [a](command:b) ````'), failure.tooltip);
  });
});
