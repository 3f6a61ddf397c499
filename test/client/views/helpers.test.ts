import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClusterOptions, ClusterSession } from '../../../client/src/cluster/api';
import type { ClusterSnapshot, ProbeRunResult } from '../../../client/src/cluster/model';
import { ClusterHost } from '../../../client/src/views/cluster-host';
import { findDaemonSetProbe } from '../../../client/src/views/manifest-locate';
import { clusterOptionsFrom } from '../../../client/src/views/options';
import { failureClipboardText, runResultLine, runResultLog, summariseRuns } from '../../../client/src/views/run-summary';
import { bgpFailures, pod, probeStatus, snapshot } from '../../support/status-fixtures';

describe('options and Workspace Trust', () => {
  const kubeconfig = { globalValue: '/home/u/.kube/mine', workspaceValue: './evil-kubeconfig', workspaceFolderValue: undefined };
  test('untrusted: the workspace kubeconfig is ignored and exec plugins are off', () => {
    const o = clusterOptionsFrom({ trusted: false, kubeconfig });
    assert.equal(o.trusted, false);
    assert.equal(o.kubeconfigPath, '/home/u/.kube/mine');
    assert.equal(clusterOptionsFrom({ trusted: false, kubeconfig: { workspaceValue: './evil' } }).kubeconfigPath, undefined);
    assert.equal(clusterOptionsFrom({ trusted: false, kubeconfig: { workspaceFolderValue: './evil' } }).kubeconfigPath, undefined);
  });
  test('trusted: the most specific value wins', () => {
    assert.equal(clusterOptionsFrom({ trusted: true, kubeconfig }).kubeconfigPath, './evil-kubeconfig');
    assert.equal(clusterOptionsFrom({ trusted: true, kubeconfig: { ...kubeconfig, workspaceFolderValue: './f' } }).kubeconfigPath, './f');
    assert.equal(clusterOptionsFrom({ trusted: true, kubeconfig: { globalValue: '  ' } }).kubeconfigPath, undefined);
  });
  test('picked context beats the setting; blanks are dropped', () => {
    assert.equal(clusterOptionsFrom({ trusted: true, context: 'a', pickedContext: 'b' }).context, 'b');
    assert.equal(clusterOptionsFrom({ trusted: true, context: 'a' }).context, 'a');
    const o = clusterOptionsFrom({ trusted: true, namespace: '', labelSelector: ' ' });
    assert.deepEqual(o, { trusted: true });
    assert.deepEqual(clusterOptionsFrom({ trusted: true, namespace: 'calico-system', labelSelector: 'k8s-app=calico-node' }), {
      trusted: true,
      namespace: 'calico-system',
      labelSelector: 'k8s-app=calico-node',
    });
  });
});

function run(over: Partial<ProbeRunResult>): ProbeRunResult {
  return { pod: 'calico-node-a', container: 'calico-node', kind: 'readiness', command: ['/bin/calico-node', '-bird-ready'], outcome: 'success', exitCode: 0, output: '', durationMs: 800, timeoutSeconds: 1, ...over };
}

describe('run results', () => {
  test('one line with exit code, duration against timeout and cause', () => {
    assert.equal(runResultLine(run({})), 'readiness probe in calico-node-a passed: exit 0 in 0.8 s (timeout 1 s)');
    assert.equal(
      runResultLine(run({ outcome: 'failure', exitCode: 1, durationMs: 1234, timeoutSeconds: 10, cause: { id: 'bgp', title: 'BGP not established with 10.0.0.12', advice: 'a' } })),
      'readiness probe in calico-node-a failed: exit 1 in 1.2 s (timeout 10 s) · BGP not established with 10.0.0.12',
    );
    assert.equal(runResultLine(run({ outcome: 'timeout', exitCode: undefined, durationMs: 1000 })), 'readiness probe in calico-node-a timed out: in 1.0 s (timeout 1 s)');
    assert.equal(runResultLine(run({ outcome: 'error', exitCode: undefined, error: 'pod not found' })), 'readiness probe in calico-node-a could not run: pod not found');
  });
  test('the log record has the command and the output', () => {
    const log = runResultLog(run({ output: 'calico/node is not ready\nsecond\n' }));
    assert.match(log, /\/bin\/calico-node -bird-ready/);
    assert.match(log, /\| calico\/node is not ready\n {2}\| second$/);
  });
  test('five runs recommend a timeout', () => {
    const s = summariseRuns([700, 1400, 900, 1100, 800].map((durationMs) => run({ durationMs, outcome: durationMs > 1000 ? 'failure' : 'success' })));
    assert.equal(s.maxMs, 1400);
    assert.equal(s.medianMs, 900);
    assert.equal(s.recommendedTimeoutSeconds, 3);
    assert.match(s.text, /^3\/5 passed; median 0\.9 s, slowest 1\.4 s; timeoutSeconds 1 is too tight, use at least 3$/);
    const ok = summariseRuns([run({ timeoutSeconds: 10, durationMs: 300 })]);
    assert.match(ok.text, /timeoutSeconds 10 leaves enough headroom \(≥ 1 needed\)/);
    const to = summariseRuns([run({ outcome: 'timeout', durationMs: 1000 }), run({ durationMs: 200 })]);
    assert.equal(to.recommendedTimeoutSeconds, undefined);
    assert.match(to.text, /1 timed out at 1 s: raise timeoutSeconds/);
  });
  test('copy failure: pod, probe, message, cause', () => {
    const p = pod('calico-node-a', { probes: [probeStatus('liveness', 'no-recent-failures'), probeStatus('readiness', 'failing', bgpFailures())] });
    const text = failureClipboardText(snapshot(), p, 'readiness');
    assert.match(text, /^Pod: kube-system\/calico-node-a on node-ode-a/);
    assert.match(text, /readiness probe \(failing\): exec \[/);
    assert.match(text, /Readiness probe failed: calico\/node is not ready: BIRD is not ready: BGP not established with 10\.0\.0\.12/);
    assert.match(text, /Cause: BGP not established with 10\.0\.0\.12\n {2}Advice: Check that TCP 179/);
    assert.match(failureClipboardText(snapshot(), p, 'liveness'), /liveness probe: no failures on record/);
  });
});

describe('reveal in manifest', () => {
  const manifest = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: calico-node}',
    '---',
    'kind: DaemonSet',
    'apiVersion: apps/v1',
    'metadata:',
    '  name: calico-node',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: install-helper',
    '          readinessProbe: {exec: {command: [x]}}',
    '        - name: calico-node',
    '          livenessProbe:',
    '            exec:',
    '              command: [/bin/calico-node, -felix-live]',
    '          readinessProbe:',
    '            exec:',
    '              command: [/bin/calico-node, -felix-ready]',
    '            timeoutSeconds: 10',
    '',
  ].join('\n');
  test('selects the probe of the named container in the named DaemonSet', () => {
    const m = findDaemonSetProbe(manifest, 'calico-node', 'calico-node', 'readiness')!;
    assert.ok(m.probeFound);
    const selected = manifest.slice(m.start, m.end);
    assert.match(selected, /^readinessProbe:\n {12}exec:\n {14}command: \[\/bin\/calico-node, -felix-ready\]\n {12}timeoutSeconds: 10/);
  });
  test('missing probe points at the container; other names and kinds are not matched', () => {
    const m = findDaemonSetProbe(manifest, 'calico-node', 'calico-node', 'startup')!;
    assert.equal(m.probeFound, false);
    assert.equal(manifest.slice(m.start, m.end), 'calico-node');
    assert.equal(findDaemonSetProbe(manifest, 'canal', 'calico-node', 'readiness'), undefined);
    assert.equal(findDaemonSetProbe(manifest.replace('kind: DaemonSet', 'kind: Deployment'), 'calico-node', 'calico-node', 'readiness'), undefined);
  });
  test('broken YAML does not throw', () => {
    assert.doesNotThrow(() => findDaemonSetProbe('kind: DaemonSet\nmetadata: {name: calico-node\n  - [', 'calico-node', 'calico-node', 'readiness'));
  });
});

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
