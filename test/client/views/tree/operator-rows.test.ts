/** The rows above the pods for operator installs (operator-rows.ts), and the same facts in `probe-scope status`. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatSnapshot } from '../../../../cli/src/status';
import { buildTree } from '../../../../client/src/views/tree/build';
import { NOW, ago, pod, snapshot } from '../../../support/status-fixtures';

const OPERATOR_LOCATION = { namespace: 'calico-system', labelSelector: 'k8s-app=calico-node', install: 'operator', containerName: 'calico-node' } as const;
const MANIFEST_LOCATION = { namespace: 'kube-system', labelSelector: 'k8s-app=calico-node', install: 'manifest', containerName: 'calico-node' } as const;

describe('operator install rows', () => {
  test('a manifest install: no operator row, the pods alone', () => {
    const [root] = buildTree(snapshot({ pods: [pod('calico-node-aaaaa')] }), NOW);
    assert.deepEqual(root!.children.map((c) => c.kind), ['pod']);
    assert.doesNotMatch(formatSnapshot(snapshot({ pods: [pod('calico-node-aaaaa')] }), NOW), /operator/);
  });

  test('everything Available: a green, collapsed row; the CLI names no component', () => {
    const s = snapshot({
      location: OPERATOR_LOCATION,
      pods: [pod('calico-node-aaaaa')],
      operator: { installation: { name: 'default', variant: 'Calico', calicoVersion: 'v3.29.7' }, components: [{ name: 'apiserver', state: 'available' }, { name: 'calico', state: 'available', since: ago(3600) }] },
    });
    const row = buildTree(s, NOW)[0]!.children[0]!;
    assert.equal(row.description, 'all 2 Available');
    assert.deepEqual(row.icon, { id: 'pass', color: 'charts.green' });
    assert.equal(row.collapsible, 'collapsed');
    assert.match(row.tooltip!, /Installation ` default `/);
    assert.match(row.tooltip!, /edits to its DaemonSet are reverted; set probes and other overrides in the Installation/);
    assert.match(row.children[1]!.tooltip!, /TigeraStatus calico\*\* — Available for 1 h/);
    const text = formatSnapshot(s, NOW);
    assert.match(text, /\noperator: Installation default \(Calico v3\.29\.7\); TigeraStatus: all 2 Available\n/);
    assert.doesNotMatch(text, /^ {2}calico/m);
  });

  test('TigeraStatus not readable (403): the row says what could not be read, and so does the CLI', () => {
    const refused = '403: tigerastatuses.operator.tigera.io is forbidden: User "viewer" cannot list resource "tigerastatuses" in API group "operator.tigera.io" at the cluster scope';
    const s = snapshot({ location: OPERATOR_LOCATION, pods: [pod('calico-node-aaaaa')], operator: { installation: { name: 'default' }, components: [], unreadable: [refused] } });
    const row = buildTree(s, NOW)[0]!.children[0]!;
    assert.deepEqual(row.icon, { id: 'warning', color: 'charts.yellow' });
    assert.equal(row.collapsible, 'expanded');
    assert.deepEqual(row.children.map((c) => [c.label, c.description]), [['could not read', refused]]);
    assert.match(formatSnapshot(s, NOW), /\n {2}could not read: 403: tigerastatuses\.operator\.tigera\.io is forbidden: User "viewer" cannot list resource "tigerastatuses"/);
  });

  test('calico-node in both places: the view shows the operator\'s and says the other is there', () => {
    const s = snapshot({ location: OPERATOR_LOCATION, alsoFound: [MANIFEST_LOCATION], pods: [pod('calico-node-aaaaa')], operator: { installation: { name: 'default' }, components: [{ name: 'calico', state: 'progressing', reason: 'ResourceNotReady', message: 'DaemonSet "calico-system/calico-node" is not available (awaiting 1 nodes)' }] } });
    const [root] = buildTree(s, NOW);
    assert.deepEqual(root!.children.map((c) => c.kind), ['operator', 'install-note', 'pod']);
    const note = root!.children[1]!;
    assert.equal(note.label, 'also in kube-system');
    assert.equal(note.description, 'manifest install · not shown');
    assert.match(note.tooltip!, /migrates a manifest install into calico-system/);
    assert.match(root!.tooltip!, /calico-node also in: kube-system/);
    assert.equal(root!.children[0]!.children[0]!.description, 'Progressing · ResourceNotReady');
    const text = formatSnapshot(s, NOW);
    assert.match(text, /\ncalico-node also runs in kube-system \(k8s-app=calico-node, manifest install\), not shown/);
    assert.match(text, /\n {2}calico Progressing — ResourceNotReady: DaemonSet "calico-system\/calico-node" is not available \(awaiting 1 nodes\)\n/);
  });
});
