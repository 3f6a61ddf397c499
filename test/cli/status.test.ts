/**
 * `probe-scope status` as a user runs it (a child process of cli/src/main.ts, the bin's entry)
 * against the loopback API server: the worst-first table with causes, `--json` as the status model,
 * `--context`, and the messages and exit codes for a bad context, an unreachable server and a
 * rejected token. No token may appear in any output.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { openClusterSession } from '../../client/src/cluster/index';
import { startLoopbackApiServer, type LoopbackApiServer } from '../../tools/loopback-apiserver/index';

const CLI = join(process.cwd(), 'cli/src/main.ts');
const TSX = pathToFileURL(createRequire(join(process.cwd(), 'package.json')).resolve('tsx')).href;

let server: LoopbackApiServer;
let dir: string;
/** A copy of the loopback kubeconfig whose current-context is the 401 one. */
let badCurrent: string;
let unreachable: { path: string; server: string };
const outputs: string[] = [];

/**
 * Runs the CLI without blocking this process (the loopback server answers from it), and checks
 * every output for tokens as it comes.
 */
function status(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', TSX, CLI, 'status', ...args], { timeout: 30_000, env: { ...process.env, KUBECONFIG: '', HOME: dir } }, (error, stdout, stderr) => {
      outputs.push(stdout, stderr);
      for (const token of Object.values(server.tokens)) {
        assert.ok(!stdout.includes(token) && !stderr.includes(token), `a token was printed by status ${args.join(' ')}`);
      }
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

before(async () => {
  server = await startLoopbackApiServer({ tls: true, seed: 'calico-small' });
  // Mixed case and digits in the path: it must still be named, not taken for a secret and redacted.
  dir = mkdtempSync(join(tmpdir(), 'probe-scope-status-'));
  mkdirSync(join(dir, 'Cluster2-Kubeconfigs'));
  badCurrent = join(dir, 'Cluster2-Kubeconfigs', 'kubeconfig');
  writeFileSync(badCurrent, readFileSync(server.kubeconfigPath, 'utf8').replace('current-context: admin', 'current-context: badtoken'));
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  unreachable = { path: join(dir, 'unreachable'), server: `https://127.0.0.1:${port}` };
  writeFileSync(
    unreachable.path,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: gone\n  cluster: {server: "${unreachable.server}"}\nusers:\n- name: u\n  user: {token: ${server.tokens.admin}}\ncontexts:\n- name: gone\n  context: {cluster: gone, user: u}\ncurrent-context: gone\n`,
  );
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('text: one line per pod, worst first, with the failing probe and its cause; exit 1 when some are not ready', async () => {
  const { code, stdout, stderr } = await status('--kubeconfig', server.kubeconfigPath);
  assert.equal(stderr, '');
  assert.equal(code, 1, stdout);
  const lines = stdout.trimEnd().split('\n');
  // A one-shot run listed once: no "(live)" promise in the header.
  assert.equal(lines[0], 'context admin — k8s-app=calico-node in kube-system: 1/3 ready');
  const rows = lines.slice(1, 5).map((line) => line.split(/\s{2,}/));
  assert.deepEqual(rows[0], ['POD', 'NODE', 'READY', 'RESTARTS', 'FAILING PROBE', 'FAILING FOR', 'CAUSE']);
  const [nine, tq, ready] = rows.slice(1) as [string[], string[], string[]];
  // RESTARTS used to say '7' alone while the row named readiness: liveness caused those restarts
  // (issue 20, item 1; its failures end as the running container starts, so it passes since).
  assert.deepEqual([nine[0], nine[1], nine[2], nine[3], nine[4], nine[6]], ['calico-node-9fjwq', 'worker-3', '0/1', '7 (liveness)', 'readiness ×57', 'BGP not established with 10.0.0.12']);
  assert.match(nine[5]!, /^\d+[smhd]$/);
  assert.deepEqual([tq[0], tq[3], tq[4], tq[6]], ['calico-node-tq4zm', '3 (liveness)', 'readiness ×42', 'BGP not established with 10.0.0.11, 10.0.0.13']);
  assert.deepEqual(ready, ['calico-node-7xk2p', 'worker-1', '1/1', '0', '-', '-', '-']);
  const advice = lines.filter((line) => line.startsWith('advice '));
  assert.equal(advice.length, 1, 'one advice line per cause');
  // A shared cause names every pod it explains, not one pod's peers.
  assert.match(advice[0]!, /^advice for calico-node-9fjwq, calico-node-tq4zm: A BGP peer is unreachable: .*TCP 179/);
  assert.doesNotMatch(advice[0]!, /10\.0\.0\./);
  assert.equal(lines.length, 6);
});

test('--json prints the status model, the same one the view gets', async () => {
  const { code, stdout } = await status('--kubeconfig', server.kubeconfigPath, '--json');
  assert.equal(code, 1);
  const printed = JSON.parse(stdout);
  const session = openClusterSession({ trusted: true, kubeconfigPath: server.kubeconfigPath, env: {} });
  try {
    await session.start();
    const expected = JSON.parse(JSON.stringify(session.snapshot));
    assert.equal(printed.state, 'live');
    assert.equal(typeof printed.updatedAt, 'string');
    delete printed.updatedAt;
    delete expected.updatedAt;
    assert.deepEqual(printed, expected);
    assert.deepEqual(printed.pods.map((p: { name: string }) => p.name), ['calico-node-9fjwq', 'calico-node-tq4zm', 'calico-node-7xk2p']);
  } finally {
    session.dispose();
  }
});

test('--context picks the context over the kubeconfig\'s current-context, without rewriting the file', async () => {
  const before = readFileSync(badCurrent, 'utf8');
  const [current, picked, lowpriv] = await Promise.all([
    status('--kubeconfig', badCurrent),
    status('--kubeconfig', badCurrent, '--context=admin'),
    status('--kubeconfig', badCurrent, '--context', 'lowpriv'),
  ]);
  assert.equal(current.code, 2);
  assert.equal(current.stdout, `probe-scope: The API server ${server.url} rejected the credentials (401 Unauthorized): the token or client certificate has expired or is not known. Refresh your kubeconfig credentials.\n`);
  assert.equal(picked.code, 1);
  assert.match(picked.stdout, /^context admin — k8s-app=calico-node in kube-system: 1\/3 ready\n/);
  assert.equal(lowpriv.code, 2);
  assert.equal(lowpriv.stdout, 'probe-scope: Forbidden (403): your user may not list pods in namespace "kube-system". Ask for RBAC permission to list pods in namespace "kube-system".\n');
  assert.equal(readFileSync(badCurrent, 'utf8'), before);
});

test('a context the kubeconfig does not have: names the file and the known contexts, exit 2', async () => {
  const { code, stdout } = await status('--kubeconfig', badCurrent, '--context', 'nope');
  assert.equal(code, 2);
  assert.equal(stdout, `probe-scope: Context "nope" is not in the kubeconfig (${badCurrent}). Known contexts: admin, lowpriv, badtoken, wrong-ca.\n`);
});

test('an unreachable server: names it and the error, exit 2, no token in the output', async () => {
  const { code, stdout, stderr } = await status('--kubeconfig', unreachable.path);
  assert.equal(code, 2);
  assert.equal(stderr, '');
  const port = unreachable.server.split(':').at(-1);
  assert.equal(stdout, `probe-scope: Cannot reach the API server ${unreachable.server}: connect ECONNREFUSED 127.0.0.1:${port}.\n`);
});

test('--namespace/--selector that match nothing: says where it looked, exit 2', async () => {
  const { code, stdout } = await status('--kubeconfig', server.kubeconfigPath, '--namespace', 'tigera-nowhere', '--selector', 'k8s-app=calico-node-x');
  assert.equal(code, 2);
  assert.equal(stdout, 'probe-scope: No calico-node pods found. Looked for k8s-app=calico-node-x in tigera-nowhere. Set probeScope.calico.namespace / labelSelector (or --namespace / --selector) if Calico runs elsewhere.\n');
});

test('usage errors exit 2 with the usage line', async () => {
  const { code, stdout } = await status('--kubeconfig');
  assert.equal(code, 2);
  assert.match(stdout, /^probe-scope status: --kubeconfig needs a value\nUsage: probe-scope status /);
});

test('--help says what it reads and what its exit codes mean, exit 0, without touching a cluster', async () => {
  const { code, stdout } = await status('--help', '--kubeconfig', '/nonexistent');
  assert.equal(code, 0);
  assert.match(stdout, /^Usage: probe-scope status /);
  assert.match(stdout, /Exit status: 0 every pod ready, 1 some not ready, 2 /);
});

test('--watch prints the table once, then again only when what it shows changes; Ctrl-C ends it', async () => {
  const child = spawn(process.execPath, ['--import', TSX, CLI, 'status', '--watch', '--kubeconfig', server.kubeconfigPath], { env: { ...process.env, KUBECONFIG: '', HOME: dir } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const headers = () => stdout.split('\n').filter((line) => line.startsWith('context admin'));
  const until = async (ok: () => boolean, what: string) => {
    for (const deadline = Date.now() + 20_000; !ok(); await new Promise((r) => setTimeout(r, 100))) {
      assert.ok(Date.now() < deadline, `${what}; printed so far:\n${stdout}${stderr}`);
    }
  };
  try {
    await until(() => headers().length >= 1, 'the first table');
    // The session publishes a snapshot per list page, Event and watch start: none of them may reprint it.
    await new Promise((r) => setTimeout(r, 2_500));
    assert.deepEqual(headers(), ['context admin — k8s-app=calico-node in kube-system: 1/3 ready (watching)']);
    server.store.patchPodStatus(server.namespace, 'calico-node-tq4zm', {
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date().toISOString() }],
      containerStatuses: [{ name: 'calico-node', ready: true }],
    });
    await until(() => headers().length >= 2, 'a second table after a pod became ready');
    assert.equal(headers()[1], 'context admin — k8s-app=calico-node in kube-system: 2/3 ready (watching)');
  } finally {
    child.kill('SIGINT');
    outputs.push(stdout, stderr);
  }
  assert.equal(await exited, 1, 'some pod is still not ready when it stops');
  for (const token of Object.values(server.tokens)) assert.ok(!stdout.includes(token) && !stderr.includes(token));
});

test('exit 0 once every pod is ready', async () => {
  for (const pod of ['calico-node-tq4zm', 'calico-node-9fjwq']) {
    server.store.patchPodStatus(server.namespace, pod, {
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date().toISOString() }],
      containerStatuses: [{ name: 'calico-node', ready: true }],
    });
  }
  const { code, stdout } = await status('--kubeconfig', server.kubeconfigPath);
  assert.equal(code, 0, stdout);
  assert.match(stdout, /^context admin — k8s-app=calico-node in kube-system: 3\/3 ready\n/);
  // Failures are history now: "recovered", and no advice for causes that no longer fail.
  assert.match(stdout, /calico-node-tq4zm .* readiness recovered +- +BGP not established/);
  assert.ok(!stdout.includes('advice'));
});

test('no token in any output of the runs above', () => {
  assert.ok(outputs.length >= 20, `${outputs.length / 2} runs`);
  const all = outputs.join('\n');
  for (const [name, token] of Object.entries(server.tokens)) assert.ok(!all.includes(token), name);
  assert.ok(!all.includes(readFileSync(server.kubeconfigPath, 'utf8').match(/certificate-authority-data: (\S+)/)![1]!), 'CA data');
});
