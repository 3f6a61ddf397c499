/**
 * Run Probe Now on every kind of probe, against the loopback's demo cluster: the operator's calico-node
 * httpGet on Felix's port runs as calico-node's own check (said, with why); typha's httpGet goes
 * through a port-forward (status, time, body head, what differs from the kubelet); kube-controllers'
 * exec runs as it is; refused connections, time-outs, redirects, tcpSocket and grpc give clear results.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { generatePki } from '../../../tools/loopback-apiserver/tls';
import { ProbeNotRunnableError, runProbeOnce, type ExecProbeTarget } from '../../../client/src/cluster/exec-probe';
import { calicoNodePod } from '../../../tools/loopback-apiserver/calico-objects';
import { seedDemo, type DemoScenario } from '../../../tools/loopback-apiserver/demo-scenario';
import { startLoopbackApiServer, type ExecRequest, type KubeObject, type LoopbackApiServer, type PortAnswer } from '../../../tools/loopback-apiserver/index';

let server: LoopbackApiServer;
let scenario: DemoScenario;
let kubeConfig: KubeConfig;
const execs: ExecRequest[] = [];
/** What listens on `pod:port` in these tests; 'refused': nothing. Others answer as the demo says. */
const answers = new Map<string, PortAnswer | 'refused'>();
const seen: { path: string; headers: Record<string, unknown> }[] = [];
/** Port-forward connections the loopback's kubelet side was asked for. */
let forwards = 0;

const target = (namespace: string, containerName: string): ExecProbeTarget => ({ kubeConfig, namespace, containerName });
const podNamed = (prefix: string, namespace = 'kube-system'): KubeObject => server.store.listPods(namespace).find((p) => p.metadata.name!.startsWith(prefix))!;

/** An app pod with the given probes on container "app". */
function appPod(name: string, probes: Record<string, unknown>, ports: { name: string; containerPort: number }[] = []): KubeObject {
  return server.store.upsertPod({
    metadata: { name, namespace: 'apps', uid: `uid-${name}` },
    spec: { nodeName: 'worker-03', containers: [{ name: 'app', image: 'example/app:1', ports, ...probes }] },
    status: { phase: 'Running', podIP: '192.168.3.7', containerStatuses: [{ name: 'app', ready: true, restartCount: 0 }] },
  });
}

before(async () => {
  server = await startLoopbackApiServer({ seed: 'empty', tls: true });
  scenario = seedDemo(server.store, server.namespace);
  const demoExec = scenario.execHandler();
  server.setExecHandler(async (request) => {
    execs.push(request);
    if (request.pod === 'calico-node-operator' && request.command.includes('-felix-live')) {
      return { stdout: 'calico/node is not ready: Felix is not live: liveness probe reporting 503\n', exitCode: 1 };
    }
    return demoExec(request);
  });
  const demoPorts = scenario.portForwardHandler();
  server.setPortForwardHandler((request) => {
    forwards += 1;
    const own = answers.get(`${request.pod.metadata.name}:${request.port}`);
    if (own === 'refused') return undefined;
    if (own && 'http' in own) {
      return { ...own, http: (req) => (seen.push({ path: req.path, headers: { ...req.headers } }), own.http(req)) };
    }
    return own ?? demoPorts(request);
  });
  server.store.upsertNamespace('calico-system');
  server.store.upsertNamespace('apps');
  // The operator's calico-node: httpGet localhost:9099/liveness, exec readiness (tigera/operator v1.36 node.go).
  const operatorNode = calicoNodePod({ name: 'calico-node-operator', namespace: 'calico-system', node: 'worker-11', ip: '10.0.0.21', dsUid: 'ds', state: { ready: true } });
  const containers = (operatorNode.spec.containers as Record<string, unknown>[]).map((c) =>
    c.name !== 'calico-node'
      ? c
      : {
          ...c,
          livenessProbe: { httpGet: { host: 'localhost', path: '/liveness', port: 9099, scheme: 'HTTP' }, timeoutSeconds: 10, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
          readinessProbe: { exec: { command: ['/bin/calico-node', '-bird-ready', '-felix-ready'] }, timeoutSeconds: 5, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
        },
  );
  server.store.upsertPod({ ...operatorNode, spec: { ...operatorNode.spec, containers } });
  kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(server.kubeconfigPath);
});

after(async () => server.close());

test('operator calico-node: liveness httpGet localhost:9099/liveness runs as calico-node -felix-live, and says why', async () => {
  const result = await runProbeOnce(target('calico-system', 'calico-node'), 'calico-node-operator', 'liveness');
  assert.equal(result.via, 'exec-equivalent');
  assert.deepEqual(result.command, ['/bin/calico-node', '-felix-live']);
  assert.equal(result.substitution?.replaces, 'GET http://localhost:9099/liveness');
  assert.match(result.substitution!.why, /node's network/);
  assert.match(result.substitution!.why, /200–399/);
  assert.equal(result.outcome, 'failure');
  assert.match(result.output, /liveness probe reporting 503/);
  assert.deepEqual(execs.at(-1)?.command, ['/bin/calico-node', '-felix-live']);
});

test('operator calico-node: readiness is exec already and runs as it is', async () => {
  const result = await runProbeOnce(target('calico-system', 'calico-node'), 'calico-node-operator', 'readiness');
  assert.equal(result.via, 'exec');
  assert.equal(result.substitution, undefined);
  assert.deepEqual(result.command, ['/bin/calico-node', '-bird-ready', '-felix-ready']);
  assert.equal(result.outcome, 'success');
});

test('typha: httpGet :9098/liveness and /readiness through a port-forward, with status, body head and the differences', async () => {
  const typha = podNamed('calico-typha-').metadata.name!;
  for (const kind of ['liveness', 'readiness'] as const) {
    const result = await runProbeOnce(target('kube-system', 'calico-typha'), typha, kind);
    assert.equal(result.via, 'port-forward', kind);
    assert.equal(result.outcome, 'success', JSON.stringify(result));
    assert.equal(result.statusCode, 200);
    assert.match(result.output, /COMPONENT.*READINESS/);
    assert.match(result.output, /felix_cache/);
    assert.deepEqual(result.command, ['GET', `http://localhost:9098/${kind}`]);
    assert.ok(result.durationMs < 5000);
    assert.ok(result.differences?.some((d) => /node's network/.test(d)), JSON.stringify(result.differences));
  }
});

test('kube-controllers: check-status -l / -r run over exec', async () => {
  const controllers = podNamed('calico-kube-controllers-').metadata.name!;
  const live = await runProbeOnce(target('kube-system', 'calico-kube-controllers'), controllers, 'liveness');
  const ready = await runProbeOnce(target('kube-system', 'calico-kube-controllers'), controllers, 'readiness');
  assert.deepEqual([live.outcome, live.via, live.output], ['success', 'exec', 'Ready\n']);
  assert.deepEqual(ready.command, ['/usr/bin/check-status', '-r']);
  assert.equal(ready.outcome, 'success');
});

test('demo calico-node Felix port answers 503 with the reporters table where Felix is failing', async () => {
  const crashloop = server.store.listPods('kube-system').find((p) => p.spec?.nodeName === 'worker-10')!;
  const answer = scenario.portForwardHandler()({ namespace: 'kube-system', pod: crashloop, port: 9099 });
  assert.ok(answer && 'http' in answer);
  const reply = answer.http({ path: '/readiness', headers: {} });
  assert.equal(reply.status, 503);
  assert.match(reply.body!, /InternalDataplaneMainLoop +\| 1m30s +\| reporting non-live +\| reporting non-ready/);
});

test('a refused connection is a failure that quotes the kubelet', async () => {
  appPod('refuses', { readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, timeoutSeconds: 2 } });
  answers.set('refuses:8080', 'refused');
  const result = await runProbeOnce(target('apps', 'app'), 'refuses', 'readiness');
  assert.equal(result.outcome, 'failure');
  assert.match(result.output, /^Get "http:\/\/192\.168\.3\.7:8080\/healthz": dial tcp 192\.168\.3\.7:8080: connect: connection refused/);
  assert.match(result.output, /error forwarding port 8080/);
});

test('a connection closed without an answer is a failure, not an error of the tool', async () => {
  appPod('hangs-up', { livenessProbe: { tcpSocket: { port: 8085 } }, readinessProbe: { httpGet: { path: '/', port: 8085 } } });
  answers.set('hangs-up:8085', { tcp: true, closeAtOnce: true });
  const result = await runProbeOnce(target('apps', 'app'), 'hangs-up', 'readiness');
  assert.equal(result.outcome, 'failure', JSON.stringify(result));
  assert.match(result.output, /^Get "http:\/\/192\.168\.3\.7:8085\/": /);
});

test('an answer slower than timeoutSeconds is a timeout in the kubelet\'s words', async () => {
  appPod('slow', { livenessProbe: { httpGet: { path: '/slow', port: 8080 }, timeoutSeconds: 1 } });
  answers.set('slow:8080', { http: () => ({ status: 200, body: 'late', delayMs: 3000 }) });
  const result = await runProbeOnce(target('apps', 'app'), 'slow', 'liveness');
  assert.equal(result.outcome, 'timeout');
  assert.match(result.output, /context deadline exceeded \(Client\.Timeout exceeded while awaiting headers\)/);
  assert.ok(result.durationMs >= 1000 && result.durationMs < 2500, String(result.durationMs));
});

test('503 fails with the status code and the body head; headers, Host and User-Agent are the kubelet\'s', async () => {
  appPod('unready', { readinessProbe: { httpGet: { path: '/ready', port: 'http', httpHeaders: [{ name: 'Host', value: 'app.example' }, { name: 'X-Probe', value: 'yes' }] } } }, [{ name: 'http', containerPort: 8081 }]);
  answers.set('unready:8081', { http: () => ({ status: 503, body: `${'x'.repeat(20_000)}` }) });
  const result = await runProbeOnce(target('apps', 'app'), 'unready', 'readiness');
  assert.equal(result.outcome, 'failure');
  assert.equal(result.statusCode, 503);
  assert.equal(result.error, 'HTTP probe failed with statuscode: 503');
  assert.equal(result.output.length, 10 * 1024);
  const request = seen.at(-1)!;
  assert.equal(request.headers.host, 'app.example');
  assert.equal(request.headers['x-probe'], 'yes');
  assert.match(String(request.headers['user-agent']), /^kube-probe\/1\.\d+$/);
});

test('HTTPS: the pod\'s self-signed certificate is not verified, as the kubelet does not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'probe-https-'));
  const pki = generatePki(dir);
  rmSync(dir, { recursive: true, force: true });
  appPod('secure', { livenessProbe: { httpGet: { path: '/livez', port: 8443, scheme: 'HTTPS' } } });
  answers.set('secure:8443', { http: ({ path }) => ({ status: path === '/livez' ? 200 : 404, body: 'ok' }), tls: { key: pki.serverKey, cert: pki.serverCert } });
  const result = await runProbeOnce(target('apps', 'app'), 'secure', 'liveness');
  assert.deepEqual([result.outcome, result.statusCode, result.output], ['success', 200, 'ok'], JSON.stringify(result));
  assert.deepEqual(result.command, ['GET', 'https://<pod>:8443/livez']);
});

test('redirects: followed on the same host, not to another host (a success with a note, as the kubelet)', async () => {
  appPod('redirects', { livenessProbe: { httpGet: { path: '/old', port: 8082 } }, readinessProbe: { httpGet: { path: '/away', port: 8082 } } });
  answers.set('redirects:8082', {
    http: ({ path }) => (path === '/old' ? { status: 302, headers: { Location: '/new' } } : path === '/new' ? { status: 200, body: 'new' } : { status: 301, headers: { Location: 'http://elsewhere.example/' } }),
  });
  const same = await runProbeOnce(target('apps', 'app'), 'redirects', 'liveness');
  assert.deepEqual([same.outcome, same.statusCode, same.output], ['success', 200, 'new']);
  const away = await runProbeOnce(target('apps', 'app'), 'redirects', 'readiness');
  assert.deepEqual([away.outcome, away.statusCode], ['success', 301]);
  assert.match(away.note!, /terminated redirects/);
});

test('tcpSocket: connects, or fails with the kubelet\'s refusal', async () => {
  appPod('tcp', { livenessProbe: { tcpSocket: { port: 5432 } }, readinessProbe: { tcpSocket: { port: 5433 } } });
  answers.set('tcp:5432', { tcp: true });
  answers.set('tcp:5433', 'refused');
  const open = await runProbeOnce(target('apps', 'app'), 'tcp', 'liveness');
  assert.equal(open.outcome, 'success', JSON.stringify(open));
  assert.deepEqual(open.command, ['connect', '<pod>:5432']);
  const closed = await runProbeOnce(target('apps', 'app'), 'tcp', 'readiness');
  assert.equal(closed.outcome, 'failure');
  assert.match(closed.output, /connection refused/);
});

test('grpc: SERVING passes, NOT_SERVING fails as the kubelet says it, Unimplemented is named', async () => {
  appPod('grpc', { livenessProbe: { grpc: { port: 9090 } }, readinessProbe: { grpc: { port: 9090, service: 'ready' } }, startupProbe: { grpc: { port: 9091 } } });
  answers.set('grpc:9090', { grpc: (service) => ({ status: service === 'ready' ? 'NOT_SERVING' : 'SERVING' }) });
  answers.set('grpc:9091', { grpc: () => ({ grpcStatus: 12, message: 'unknown service grpc.health.v1.Health' }) });
  const serving = await runProbeOnce(target('apps', 'app'), 'grpc', 'liveness');
  assert.deepEqual([serving.outcome, serving.output], ['success', 'SERVING']);
  const notServing = await runProbeOnce(target('apps', 'app'), 'grpc', 'readiness');
  assert.deepEqual([notServing.outcome, notServing.output], ['failure', 'service unhealthy (responded with "NOT_SERVING")']);
  const unimplemented = await runProbeOnce(target('apps', 'app'), 'grpc', 'startup');
  assert.match(unimplemented.output, /does not implement the grpc health protocol/);
});

test('what runs is what was approved: a changed request runs nothing, not even a port-forward', async () => {
  appPod('changed', { readinessProbe: { httpGet: { path: '/now', port: 8083 } } });
  const before = forwards;
  await assert.rejects(runProbeOnce(target('apps', 'app'), 'changed', 'readiness', { approvedCommand: ['GET', 'http://<pod>:8083/before'] }), (error: unknown) => error instanceof ProbeNotRunnableError && /changed since you approved/.test(error.message));
  // An exec approved for a probe that is an httpGet now: nothing is forwarded either.
  await assert.rejects(runProbeOnce(target('apps', 'app'), 'changed', 'readiness', { approvedCommand: ['/bin/check'] }), ProbeNotRunnableError);
  assert.equal(forwards, before);
});

test('a run can be cancelled while it waits for the answer', async () => {
  appPod('cancelled', { livenessProbe: { httpGet: { path: '/slow', port: 8084 }, timeoutSeconds: 10 } });
  answers.set('cancelled:8084', { http: () => ({ status: 200, delayMs: 5000 }) });
  const abort = new AbortController();
  setTimeout(() => abort.abort(), 300);
  const result = await runProbeOnce(target('apps', 'app'), 'cancelled', 'liveness', { signal: abort.signal });
  assert.deepEqual([result.outcome, result.error], ['error', 'Cancelled.']);
  assert.ok(result.durationMs < 2000, String(result.durationMs));
});

test('a 403 on pods/portforward names the permission it needs', async () => {
  appPod('guarded', { readinessProbe: { tcpSocket: { port: 6379 } } });
  server.faults.failNext(/\/pods\/guarded\/portforward/, 403, 'pods "guarded" is forbidden: User "dev" cannot create resource "pods/portforward" in API group "" in the namespace "apps"');
  const result = await runProbeOnce(target('apps', 'app'), 'guarded', 'readiness');
  assert.equal(result.outcome, 'error');
  assert.equal(result.error, 'forbidden (403): running this probe needs "create" on "pods/portforward" in namespace apps (apiservers before v1.30 check "get")');
});
