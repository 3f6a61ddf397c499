import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTree } from '../../../../client/src/views/tree/build';
import { NOW, ago, bgpFailures, child, pod, podNodes, probeStatus, snapshot } from '../../../support/status-fixtures';

describe('pods', () => {
  const ready = pod('calico-node-ready');
  const notReady = pod('calico-node-notrd', {
    health: 'not-ready',
    ready: false,
    readyText: '0/1',
    restarts: 12,
    notReadySince: ago(14 * 60 + 20),
    probes: [probeStatus('liveness', 'no-recent-failures'), probeStatus('readiness', 'failing', bgpFailures())],
  });
  const restarting = pod('calico-node-crash', {
    health: 'restarting',
    ready: false,
    readyText: '0/1',
    restarts: 7,
    waitingReason: 'CrashLoopBackOff',
    lastTermination: { reason: 'Error', exitCode: 137, finishedAt: ago(65) },
    probes: [
      probeStatus('liveness', 'failing', {
        kind: 'liveness',
        count: 9,
        firstSeen: ago(3 * 3600),
        lastSeen: ago(65),
        outcome: 'failed',
        lastMessage: 'Liveness probe failed: command "/bin/calico-node -felix-live -bird-live" timed out',
        output: 'command "/bin/calico-node -felix-live -bird-live" timed out',
        cause: { id: 'probe-timed-out', title: 'Probe timed out after 1 s', advice: 'Raise timeoutSeconds to 10.' },
      }),
      probeStatus('readiness', 'no-recent-failures'),
    ],
  });
  const pending = pod('calico-node-pendg', { health: 'pending', ready: false, readyText: '0/1', phase: 'Pending', waitingReason: 'ContainerCreating', nodeName: undefined, probes: [] });
  const unknown = pod('calico-node-unkwn', { health: 'unknown', ready: false, readyText: '0/1', phase: 'Unknown' });

  const tree = buildTree(snapshot({ pods: [ready, unknown, notReady, pending, restarting] }), NOW);
  const nodes = podNodes(tree);

  test('worst first: restarting, not ready, pending, unknown, ready', () => {
    assert.deepEqual(
      nodes.map((n) => n.label),
      ['calico-node-crash', 'calico-node-notrd', 'calico-node-pendg', 'calico-node-unkwn', 'calico-node-ready'],
    );
  });

  test('ties sort by name', () => {
    const sorted = podNodes(buildTree(snapshot({ pods: [pod('b'), pod('c'), pod('a')] }), NOW));
    assert.deepEqual(sorted.map((n) => n.label), ['a', 'b', 'c']);
  });

  test('icons per health', () => {
    const icon = (name: string) => nodes.find((n) => n.label === name)!.icon;
    assert.deepEqual(icon('calico-node-ready'), { id: 'pass-filled', color: 'charts.green' });
    assert.deepEqual(icon('calico-node-notrd'), { id: 'error', color: 'charts.red' });
    assert.deepEqual(icon('calico-node-crash'), { id: 'flame', color: 'charts.orange' });
    assert.deepEqual(icon('calico-node-pendg'), { id: 'clock', color: 'charts.yellow' });
    assert.deepEqual(icon('calico-node-unkwn'), { id: 'question' });
  });

  // These used to read "0/1 · 12 restarts · readiness failing 14 m": cut at VS Code's default 300 px
  // side bar. The pod row now says the state and worst cause; the rest moved to the rows below.
  test('descriptions: liveness or startup failing, else the state in a word or two; ready count and restarts when ready', () => {
    const desc = (name: string) => nodes.find((n) => n.label === name)!.description;
    assert.equal(desc('calico-node-ready'), '1/1');
    assert.equal(desc('calico-node-notrd'), 'not ready');
    assert.equal(desc('calico-node-crash'), 'liveness failing');
    assert.equal(desc('calico-node-pendg'), 'Pending');
    assert.equal(desc('calico-node-unkwn'), 'Unknown');
    const one = podNodes(buildTree(snapshot({ pods: [pod('x', { restarts: 1 })] }), NOW))[0]!;
    assert.equal(one.description, '1/1 · 1 restart');
  });

  test('how long a probe has failed is on its probe row and in the pod tooltip', () => {
    const notrd = nodes.find((n) => n.label === 'calico-node-notrd')!;
    // readiness age comes from the Ready condition (14 m 20 s), not the first Event still on record.
    assert.equal(child(notrd, 'probe:readiness').description, 'failing 14 m · 42×');
    assert.match(notrd.tooltip!, /readiness failing for 14 m/);
    const crash = nodes.find((n) => n.label === 'calico-node-crash')!;
    assert.equal(child(crash, 'probe:liveness').description, 'failing 3 h · 9×');
    assert.match(crash.tooltip!, /liveness failing for 3 h/);
  });

  test('the headline probe is the one failing now, not a liveness failure from before the last restart', () => {
    // As the e2e tree shows for calico-small: liveness last failed 12 m ago (then the container was
    // restarted), readiness fails every 10 s since.
    const oldLiveness = bgpFailures({ kind: 'liveness', count: 9, firstSeen: ago(50 * 60), lastSeen: ago(12 * 60), lastMessage: 'Liveness probe failed: calico/node is not ready: bird/confd is not live: exit status 1' });
    const p = pod('calico-node-9fjwq', {
      health: 'not-ready',
      ready: false,
      readyText: '0/1',
      restarts: 7,
      lastTermination: { reason: 'Error', exitCode: 1, finishedAt: ago(12 * 60) },
      notReadySince: ago(11 * 60),
      probes: [probeStatus('liveness', 'failing', oldLiveness), probeStatus('readiness', 'failing', bgpFailures({ lastSeen: ago(19) }))],
    });
    assert.equal(podNodes(buildTree(snapshot({ pods: [p] }), NOW))[0]!.description, 'not ready');
    assert.equal(child(podNodes(buildTree(snapshot({ pods: [p] }), NOW))[0]!, 'probe:readiness').description, 'failing 11 m · 42×');
    // Liveness failing in the current container (a crash loop in the making) still comes first.
    const crashing = { ...p, probes: [probeStatus('liveness', 'failing', { ...oldLiveness, lastSeen: ago(33) }), p.probes[1]!] };
    assert.equal(podNodes(buildTree(snapshot({ pods: [crashing] }), NOW))[0]!.description, 'liveness failing');
  });

  test('the core\'s event window text keeps its explanation out of the tree row', () => {
    const window = "the last hour (Events expire after the apiserver's --event-ttl, 1 h by default)";
    const n = podNodes(buildTree(snapshot({ eventWindowText: window, pods: [pod('x')] }), NOW))[0]!;
    assert.equal(n.children.find((c) => c.label === 'liveness')!.description, 'no failures in 1 h');
  });

  test('not ready without any probe failure on record: the tooltip says how long', () => {
    const p = pod('calico-node-quiet', { health: 'not-ready', ready: false, readyText: '0/1', notReadySince: ago(5 * 60) });
    const n = podNodes(buildTree(snapshot({ pods: [p] }), NOW))[0]!;
    assert.equal(n.description, 'not ready');
    assert.match(n.tooltip!, /not ready for 5 m/);
  });

  test('unhealthy pods expand, ready pods collapse; menus see contextValue "pod"', () => {
    for (const n of nodes) {
      assert.equal(n.collapsible, n.label === 'calico-node-ready' ? 'collapsed' : 'expanded', n.label);
      assert.equal(n.contextValue, 'pod');
      assert.equal(n.pod, n.label);
      assert.equal(n.namespace, 'kube-system');
    }
  });

  test('first child: the node, then the waiting reason or the restarts; the last exit in its tooltip', () => {
    const crash = nodes[0]!;
    const info = crash.children[0]!;
    assert.equal(info.kind, 'pod-info');
    assert.equal(info.label, 'node-crash');
    assert.equal(info.description, 'CrashLoopBackOff');
    assert.match(info.tooltip!, /7 restarts/);
    assert.match(info.tooltip!, /last termination: Error \\\(exit 137\\\) 1 m ago/);
    assert.equal(nodes[1]!.children[0]!.description, '12 restarts');
    const pendingInfo = nodes[2]!.children[0]!;
    assert.equal(pendingInfo.label, 'not scheduled');
    assert.equal(pendingInfo.description, 'ContainerCreating');
    assert.equal(nodes[4]!.children[0]!.description, undefined, 'a ready pod without restarts: the node alone');
  });

  test('probes ordered startup, liveness, readiness, with verdicts', () => {
    const notrd = nodes[1]!;
    const probes = notrd.children.filter((c) => c.kind === 'probe');
    assert.deepEqual(probes.map((p) => p.label), ['liveness', 'readiness']);
    assert.equal(probes[0]!.description, 'no failures in 1 h');
    assert.match(probes[0]!.tooltip!, /no failures in the last hour/);
    assert.deepEqual(probes[0]!.icon, { id: 'pass', color: 'charts.green' });
    assert.equal(probes[1]!.description, 'failing 14 m · 42×');
    assert.match(probes[1]!.tooltip!, /failing · 42 failures, last 30 s ago/);
    assert.deepEqual(probes[1]!.icon, { id: 'error', color: 'charts.red' });
    assert.equal(probes[1]!.collapsible, 'expanded');
    assert.match(probes[1]!.tooltip!, /exec \[\/bin\/calico-node -felix-ready -bird-ready\] delay=0s timeout=10s/);
    assert.equal(probes[1]!.contextValue, 'probe.run');
    assert.equal(probes[1]!.probe, 'readiness');
    assert.equal(probes[1]!.pod, 'calico-node-notrd');
  });

  test('failure child: the cause title\'s first clause; the whole title first in its tooltip; advice and message below', () => {
    const readiness = child(nodes[1]!, 'probe:readiness');
    const failure = readiness.children[0]!;
    assert.equal(failure.kind, 'failure');
    assert.equal(failure.label, 'BGP not established');
    assert.equal(failure.description, undefined, 'the count is on the probe row');
    assert.equal(failure.contextValue, 'failure');
    assert.match(failure.tooltip!, /TCP 179/);
    assert.match(failure.tooltip!, /^\*\*BGP not established with 10\.0\.0\.12\*\*/);
    assert.match(failure.tooltip!, /42 failures since 14 m ago/);
    const [advice, message] = failure.children;
    assert.equal(advice!.kind, 'advice');
    // The advice is a few sentences: the row says what it holds, the tooltip holds it.
    assert.equal(advice!.label, 'Advice');
    assert.match(advice!.tooltip!, /TCP 179 is open/);
    assert.equal(advice!.icon!.id, 'lightbulb');
    assert.equal(message!.kind, 'message');
    assert.equal(message!.label, 'calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.12');
  });

  test('failure without a known cause: the output is the label, no advice child', () => {
    const f = bgpFailures({ cause: undefined, output: 'something odd\nsecond line', outcome: 'errored', count: 1 });
    const p = pod('calico-node-odd1', { health: 'not-ready', ready: false, readyText: '0/1', probes: [probeStatus('readiness', 'failing', f)] });
    const failure = child(podNodes(buildTree(snapshot({ pods: [p] }), NOW))[0]!, 'probe:readiness').children[0]!;
    assert.equal(failure.label, 'something odd');
    assert.equal(failure.description, undefined);
    assert.match(failure.tooltip!, /1 error since/);
    assert.deepEqual(failure.children.map((c) => c.kind), ['message']);
    assert.equal(failure.children[0]!.description, 'errored');
  });

  test('recovered: ready pod with old failures says so, failures stay visible but collapsed', () => {
    const p = pod('calico-node-recov', { probes: [probeStatus('readiness', 'recovered', bgpFailures({ count: 3, lastSeen: ago(20 * 60) }))] });
    const n = podNodes(buildTree(snapshot({ pods: [p] }), NOW))[0]!;
    assert.equal(n.description, '1/1');
    const readiness = child(n, 'probe:readiness');
    assert.equal(readiness.description, 'recovered · 3×');
    assert.match(readiness.tooltip!, /recovered · 3 failures, last 20 m ago/);
    assert.equal(readiness.icon!.id, 'history');
    assert.equal(readiness.collapsible, 'collapsed');
    assert.match(readiness.tooltip!, /no Event when a probe starts passing again/);
  });

  // This test used to show "recovered" here. A failure of the new container need not have reached
  // the apiserver (kubernetes/client-go v0.34.0 tools/record/events_cache.go: the spam filter passes 25
  // Events per source and object, then one per 300 s), so the row says it does not know.
  test('readiness failures only before the restart, pod not ready: "unknown since start", not recovered, and liveness explains the pod', () => {
    const p = pod('calico-node-restarted', {
      ready: false,
      health: 'not-ready',
      readyText: '0/1',
      restarts: 1,
      started: true,
      probes: [probeStatus('liveness', 'failing', bgpFailures({ kind: 'liveness', count: 6, lastSeen: ago(10) })), probeStatus('readiness', 'unknown-since-start', bgpFailures({ count: 6, lastSeen: ago(5 * 60) }))],
    });
    const n = podNodes(buildTree(snapshot({ pods: [p] }), NOW))[0]!;
    assert.match(n.description!, /liveness failing/);
    const readiness = child(n, 'probe:readiness');
    assert.match(readiness.description!, /^unknown since start/);
    assert.match(readiness.tooltip!, /unknown since start · 6 failures, last 5 m ago/);
    assert.deepEqual(readiness.icon, { id: 'question', color: 'charts.yellow' });
    assert.equal(readiness.collapsible, 'collapsed');
    assert.match(readiness.tooltip!, /not ready, so this probe has not passed since/);
    assert.match(readiness.tooltip!, /25 Events about a pod, then one every 5 minutes/);
    assert.match(readiness.tooltip!, /Run Probe Now/);
    assert.doesNotMatch(readiness.tooltip!, /recovered|has not failed since/);
    assert.equal(readiness.children[0]!.icon!.color, 'charts.yellow');
  });

  test('unknown since start while the startup probe has not passed: readiness has not run (kubernetes pkg/kubelet/prober/worker.go doProbe)', () => {
    const p = pod('calico-node-starting', { ready: false, health: 'not-ready', readyText: '0/1', started: false, probes: [probeStatus('readiness', 'unknown-since-start', bgpFailures({ lastSeen: ago(300) }))] });
    const readiness = child(podNodes(buildTree(snapshot({ pods: [p] }), NOW))[0]!, 'probe:readiness');
    assert.match(readiness.tooltip!, /readiness has not run since: the kubelet runs it only once the startup probe has passed/);
  });

  test('startup recovered by the started flag while not ready: says the startup probe passed, not that the container is ready', () => {
    const p = pod('calico-node-startd', {
      ready: false,
      health: 'not-ready',
      readyText: '0/1',
      started: true,
      probes: [probeStatus('startup', 'recovered', bgpFailures({ kind: 'startup', count: 4, lastSeen: ago(90) })), probeStatus('readiness', 'failing', bgpFailures({ lastSeen: ago(10) }))],
    });
    const n = podNodes(buildTree(snapshot({ pods: [p] }), NOW))[0]!;
    assert.equal(n.description, 'not ready');
    const startup = child(n, 'probe:startup');
    assert.match(startup.description!, /^recovered/);
    assert.match(startup.tooltip!, /recovered · 4 failures/);
    assert.match(startup.tooltip!, /startup probe has passed in the running container/);
    assert.doesNotMatch(startup.tooltip!, /ready now/);
  });

  test('httpGet, tcpSocket and grpc probes can be run (through a port-forward); not configured and handler-less probes cannot', () => {
    const http = probeStatus('liveness', 'no-recent-failures');
    const httpProbe = { ...http, probe: { ...http.probe, handler: { type: 'httpGet' as const, scheme: 'HTTP', port: 9099, path: '/liveness' } } };
    const ready = probeStatus('readiness', 'no-recent-failures');
    const bare = { ...ready, probe: { ...ready.probe, handler: { type: 'none' as const } } };
    const p = pod('calico-node-httpp', { probes: [httpProbe, bare, { ...probeStatus('startup', 'not-configured') }] });
    const n = podNodes(buildTree(snapshot({ pods: [p] }), NOW))[0]!;
    assert.equal(child(n, 'probe:liveness').contextValue, 'probe.run');
    assert.equal(child(n, 'probe:readiness').contextValue, 'probe');
    const startup = child(n, 'probe:startup');
    assert.equal(startup.contextValue, 'probe');
    assert.equal(startup.description, 'not configured');
    assert.equal(startup.icon!.id, 'circle-slash');
  });

  test('event window other than one hour is named', () => {
    const n = podNodes(buildTree(snapshot({ eventWindowText: '168 h', pods: [pod('x')] }), NOW))[0]!;
    assert.equal(child(n, 'probe:liveness').description, 'no failures in 168 h');
    assert.match(child(n, 'probe:liveness').tooltip!, /no failures in the last 168 h/);
  });
});
