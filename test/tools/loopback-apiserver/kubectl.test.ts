// The real kubectl against the loopback API server with the demo story: if kubectl reads our tables,
// selectors, events, exec streams (exit code on the status channel), watches and Status bodies the
// way it reads a real cluster's, so will @kubernetes/client-node.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { seedDemo } from '../../../tools/loopback-apiserver/demo-scenario';
import { LoopbackApiServer, startLoopbackApiServer } from '../../../tools/loopback-apiserver/index';

const missing = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status !== 0 ? 'kubectl is not installed' : false;
let server: LoopbackApiServer;

/** kubectl runs asynchronously: the server lives in this process and must keep answering. */
function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('kubectl', ['--kubeconfig', server.kubeconfigPath, '-n', 'kube-system', ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function podOn(table: string, node: string): string {
  const row = table.split('\n').find((l) => l.split(/\s+/)[6] === node);
  assert.ok(row, `no pod on ${node}:\n${table}`);
  return row.split(/\s+/)[0]!;
}

let wide = '';
before(async () => {
  if (missing) return;
  server = await startLoopbackApiServer({ tls: true, seed: 'empty' });
  const scenario = seedDemo(server.store, server.namespace);
  server.setExecHandler(scenario.execHandler());
  wide = (await kubectl('get', 'pods', '-l', 'k8s-app=calico-node', '-o', 'wide')).stdout;
});
after(async () => server?.close());

test('get pods -o wide prints kubectl’s columns for every calico-node pod', { skip: missing }, () => {
  const [header, ...rows] = wide.trim().split('\n');
  assert.match(header!, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
  assert.equal(rows.length, 12);
  assert.match(rows.find((r) => r.includes('worker-07'))!, /^calico-node-\w+\s+0\/1\s+Running\s+0\s+2d\s+10\.0\.0\.17\s+worker-07\s/);
});

test('get events --field-selector reason=Unhealthy lists only probe failures', { skip: missing }, async () => {
  const r = await kubectl('get', 'events', '--field-selector', 'reason=Unhealthy');
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout.trim().split('\n').slice(1);
  assert.ok(rows.length >= 4, r.stdout);
  for (const row of rows) assert.match(row, /\sWarning\s+Unhealthy\s+pod\/calico-node-/);
});

test('describe pod shows the pod’s probe events', { skip: missing }, async () => {
  const r = await kubectl('describe', 'pod', podOn(wide, 'worker-09'));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message/);
  assert.match(r.stdout, /Warning\s+Unhealthy\s+.*Readiness probe failed: calico\/node is not ready: BIRD is not ready: BGP not established with 10\.0\.0\.11,10\.0\.0\.12/);
});

test('kubectl exec: -felix-live on a healthy pod exits 0, -bird-ready on a BGP-down pod prints why and exits 1', { skip: missing }, async () => {
  const healthy = await kubectl('exec', podOn(wide, 'worker-08'), '--', '/bin/calico-node', '-felix-live');
  assert.equal(healthy.code, 0, healthy.stderr);
  const down = await kubectl('exec', podOn(wide, 'worker-07'), '--', '/bin/calico-node', '-bird-ready');
  assert.equal(down.code, 1);
  assert.match(down.stdout + down.stderr, /calico\/node is not ready: BIRD is not ready: BGP not established with 10\.0\.0\.11,10\.0\.0\.12/);
  assert.match(down.stderr, /command terminated with exit code 1/);
});

test('get pods -w prints a change made in the store within a few seconds', { skip: missing }, async () => {
  const pod = podOn(wide, 'worker-03');
  const child = spawn('kubectl', ['--kubeconfig', server.kubeconfigPath, '-n', 'kube-system', 'get', 'pods', '-w', '--field-selector', `metadata.name=${pod}`]);
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  try {
    const until = async (re: RegExp): Promise<void> => {
      const deadline = Date.now() + 10_000;
      while (!re.test(out)) {
        assert.ok(Date.now() < deadline, `kubectl printed:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await until(new RegExp(`${pod}\\s+1/1\\s+Running`));
    // Edited in place, as a test author naturally writes it: the store must still see a change.
    server.store.updatePod('kube-system', pod, (p) => {
      const status = p.status as { containerStatuses: { ready: boolean; restartCount: number }[] };
      status.containerStatuses[0]!.ready = false;
      status.containerStatuses[0]!.restartCount = 3;
      return p;
    });
    await until(new RegExp(`${pod}\\s+0/1\\s+Running\\s+3\\s`));
  } finally {
    child.kill('SIGTERM');
  }
});

test('--context lowpriv gives kubectl’s Forbidden error', { skip: missing }, async () => {
  const r = await kubectl('--context', 'lowpriv', 'get', 'pods');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^Error from server \(Forbidden\): pods is forbidden: User "lowpriv" cannot list resource "pods" in API group "" in the namespace "kube-system"$/m);
});
