// `npm run demo-cluster` as a user runs it: the process writes a kubeconfig that the real kubectl can
// use, the calico-node pods tell the demo story (BGP-down nodes NotReady, one crash loop), and SIGTERM
// stops it with exit code 0.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REPO } from '../../support/paths';

const kubectlMissing = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status !== 0;

function kubectl(kubeconfig: string, ...args: string[]): string {
  const r = spawnSync('kubectl', ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test('demo cluster: kubectl sees the calico-node story, SIGTERM exits 0', { skip: kubectlMissing && 'kubectl is not installed', timeout: 90_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'demo-cluster-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // A folder that does not exist yet, as scripts/start.mjs asks for.
  const kubeconfig = join(dir, 'nested', 'kubeconfig.yaml');
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'tools', 'loopback-apiserver', 'demo.ts'), '--kubeconfig', kubeconfig], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  const deadline = Date.now() + 60_000;
  while (!(existsSync(kubeconfig) && /server:/.test(readFileSync(kubeconfig, 'utf8')))) {
    assert.ok(Date.now() < deadline, `no kubeconfig within 60 s:\n${out}`);
    assert.equal(child.exitCode, null, `demo cluster exited early:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.match(readFileSync(kubeconfig, 'utf8'), /server: https:\/\/127\.0\.0\.1:\d+/);
  // stdout is flushed right after the kubeconfig; give it a moment.
  while (!/get pods -n kube-system/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.match(out, /demo cluster: https:\/\/127\.0\.0\.1:\d+/);
  assert.ok(out.includes(`kubectl --kubeconfig ${kubeconfig} get pods -n kube-system`), out);

  const table = kubectl(kubeconfig, 'get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=calico-node', '-o', 'wide');
  const rows = table.trim().split('\n').slice(1).map((l) => l.split(/\s+/));
  assert.equal(rows.length, 12, table);
  const byNode = new Map(rows.map((r) => [r[6], { name: r[0], ready: r[1], status: r[2], restarts: Number(r[3]) }]));
  for (const node of ['worker-07', 'worker-09']) assert.equal(byNode.get(node)?.ready, '0/1', `${node} should be NotReady:\n${table}`);
  assert.equal(byNode.get('worker-08')?.ready, '1/1', table);
  const crash = byNode.get('worker-10');
  assert.ok(crash && crash.ready === '0/1' && crash.restarts > 0, `worker-10 should be crash-looping:\n${table}`);

  const events = kubectl(kubeconfig, 'get', 'events', '-n', 'kube-system', '--field-selector', 'reason=Unhealthy', '-o', 'json');
  const items = (JSON.parse(events) as { items: { involvedObject: { name: string }; message: string }[] }).items;
  const about = (pod: string): string[] => items.filter((e) => e.involvedObject.name === pod).map((e) => e.message);
  for (const node of ['worker-07', 'worker-09']) {
    assert.ok(about(byNode.get(node)!.name).some((m) => m.includes('BGP not established with 10.0.0.11,10.0.0.12')), `${node} has no BGP event`);
  }
  assert.ok(about(crash.name).some((m) => m.startsWith('Liveness probe failed')), 'worker-10 has no liveness failure');

  child.kill('SIGTERM');
  const end = await exited;
  assert.deepEqual(end, { code: 0, signal: null }, out);
});
