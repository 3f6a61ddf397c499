/**
 * The paged raw list the supervisor loads pods and Events with (client/src/cluster/raw-list.ts) and
 * the slimming that keeps only what the status model reads (slim.ts), against the loopback API server.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { classifyError, isGone } from '../../../client/src/cluster/errors';
import { foldProbeEvents } from '../../../client/src/cluster/probe-events';
import { peekListMeta } from '../../../client/src/cluster/list-page';
import { inThreadParser, WorkerPageParser, type PageParser } from '../../../client/src/cluster/page-parser';
import { listRaw } from '../../../client/src/cluster/raw-list';
import { slimEvent, slimPod } from '../../../client/src/cluster/slim';
import { podStatus } from '../../../client/src/cluster/status';
import { startLoopbackApiServer, type LoopbackApiServer } from '../../../tools/loopback-apiserver/index';

let server: LoopbackApiServer;
let kubeConfig: KubeConfig;
before(async () => {
  server = await startLoopbackApiServer({ seed: 'demo', tls: true });
  kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(server.kubeconfigPath);
  kubeConfig.setCurrentContext('admin');
});
after(async () => {
  await server.close();
});

const podsPath = () => `/api/v1/namespaces/${server.namespace}/pods`;
const eventsPath = () => `/api/v1/namespaces/${server.namespace}/events`;
type Listed = { metadata: { name: string; uid: string; resourceVersion: string } };

test('pages of 2 add up to the whole list, in order, with the resourceVersion to watch from', async () => {
  const all = server.store.listPods(server.namespace);
  assert.ok(all.length >= 5, `the demo seed has several pods (${all.length})`);
  const paged = await listRaw<Listed>({ kubeConfig, path: podsPath(), query: { labelSelector: 'k8s-app=calico-node' }, slim: 'none', pageSize: 2 });
  const whole = await listRaw<Listed>({ kubeConfig, path: podsPath(), query: { labelSelector: 'k8s-app=calico-node' }, slim: 'none', pageSize: 10_000 });
  assert.deepEqual(
    paged.items.map((p) => p.metadata.name),
    whole.items.map((p) => p.metadata.name),
  );
  assert.equal(new Set(paged.items.map((p) => p.metadata.uid)).size, paged.items.length, 'no pod twice across pages');
  assert.equal(paged.metadata.resourceVersion, String(server.store.resourceVersion));
});

test('the status model from a slimmed pod and its slimmed Events equals the one from the full objects', () => {
  const pods = server.store.listPods(server.namespace).filter((p) => p.metadata?.labels?.['k8s-app'] === 'calico-node');
  const events = server.store.listEvents(server.namespace);
  let withFailures = 0;
  for (const pod of pods) {
    const own = events.filter((e) => (e.involvedObject as { name?: string } | undefined)?.name === pod.metadata!.name);
    const full = podStatus(pod as never, 'calico-node', foldProbeEvents(own as never));
    const slim = podStatus(slimPod(JSON.parse(JSON.stringify(pod))), 'calico-node', foldProbeEvents(own.map((e) => slimEvent(JSON.parse(JSON.stringify(e))))));
    assert.deepEqual(slim, full, pod.metadata!.name);
    if (full.probes.some((p) => p.failures)) withFailures += 1;
  }
  assert.ok(withFailures > 0, 'the demo seed has pods with probe failures, so the Events part was compared too');
});

test('a slimmed pod keeps no env, volumes or managed fields', () => {
  // A calico-node pod: the seed's typha and kube-controllers pods are small to begin with.
  const pod = server.store.listPods(server.namespace).find((p) => p.metadata?.labels?.['k8s-app'] === 'calico-node')!;
  const slim = slimPod(pod);
  const json = JSON.stringify(slim);
  assert.ok(json.length < JSON.stringify(pod).length / 3, `${json.length} bytes of ${JSON.stringify(pod).length}`);
  assert.doesNotMatch(json, /"env"|"volumes"|"volumeMounts"|"managedFields"|"image"/);
  assert.ok(slim.spec!.containers.some((c) => c.readinessProbe || c.livenessProbe));
});

test('an HTTP error on a later page is classified like the client library\'s (403 names verb and resource)', async () => {
  server.faults.failNext(/^GET \/api\/v1\/namespaces\/[^/]+\/events\?.*continue=/, 403, 'events is forbidden: User "ann" cannot list resource "events" in API group "" in the namespace "kube-system"');
  const error = await listRaw({ kubeConfig, path: eventsPath(), slim: 'none', pageSize: 1 }).then(
    () => assert.fail('the second page was refused'),
    (e: unknown) => e,
  );
  const problem = classifyError(error);
  assert.equal(problem.kind, 'forbidden');
  if (problem.kind === 'forbidden') assert.deepEqual([problem.verb, problem.resource, problem.namespace], ['list', 'events', 'kube-system']);
});

test('a continue token from before a compaction is 410, which the list-watch answers with a fresh list', async () => {
  const first = await listRaw({ kubeConfig, path: eventsPath(), slim: 'none', pageSize: 1 });
  assert.ok(first.items.length > 1);
  // Compaction between two pages of one list: the second page's continue token is now too old.
  let pages = 0;
  const compactingAfterFirstPage: PageParser = {
    prepare: () => undefined,
    parse: (bytes, slim) => {
      if (++pages === 1) {
        // etcd keeps the compaction revision readable: a write, then the compaction, expires the token.
        const pod = server.store.listPods(server.namespace)[0]!;
        server.store.updatePod(server.namespace, pod.metadata!.name!, (p) => ({ ...p, metadata: { ...p.metadata!, labels: { ...p.metadata!.labels, touched: 'yes' } } }));
        server.expireWatchHistory();
      }
      return inThreadParser.parse(bytes, slim);
    },
  };
  const error = await listRaw({
    kubeConfig,
    path: eventsPath(),
    slim: 'none',
    parser: compactingAfterFirstPage,
    pageSize: 1,
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error, 'the page after the compaction fails');
  assert.equal((error as { code?: number }).code, 410);
  assert.ok(isGone(error), 'ListWatch relists on it rather than backing off');
});

test('stopping aborts a list in flight promptly', async () => {
  server.faults.delayResponses(5_000);
  try {
    const controller = new AbortController();
    const started = Date.now();
    const pending = listRaw({ kubeConfig, path: podsPath(), slim: 'none', signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(pending);
    assert.ok(Date.now() - started < 2_000, `aborted after ${Date.now() - started} ms`);
  } finally {
    server.faults.delayResponses(0);
  }
});

test('the worker parser gives the same slim pods and Events, in the same order, as parsing in this thread', async () => {
  const parser = new WorkerPageParser();
  try {
    for (const [path, slim, query] of [
      [podsPath(), 'pod', { labelSelector: 'k8s-app=calico-node' }],
      [eventsPath(), 'event', { fieldSelector: 'reason=Unhealthy,involvedObject.kind=Pod' }],
    ] as const) {
      const inWorker = await listRaw({ kubeConfig, path, query, slim, parser, pageSize: 3 });
      const here = await listRaw({ kubeConfig, path, query, slim, pageSize: 3 });
      assert.ok(here.items.length > 3, `${path}: several pages (${here.items.length} items)`);
      assert.deepEqual(inWorker, here, path);
    }
    assert.equal(parser.fallbackReason, undefined, 'the worker was used');
  } finally {
    parser.dispose();
  }
});

test('without its worker file the parser says why and parses in this thread', async () => {
  const logged: string[] = [];
  const missing = new WorkerPageParser(join(tmpdir(), 'no-such-dir', 'list-worker.js'), (_level, m) => logged.push(m));
  try {
    const listed = await listRaw<Listed>({ kubeConfig, path: podsPath(), slim: 'none', parser: missing, pageSize: 2 });
    assert.ok(listed.items.length > 2);
    assert.match(missing.fallbackReason ?? '', /the list worker file is missing \(.*no-such-dir/);
    assert.ok(logged.some((m) => /parsing lists on the main thread/.test(m)), logged.join('\n'));
  } finally {
    missing.dispose();
  }
});

test('a worker that dies mid-list fails that list with the reason; the retry parses in this thread', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'probe-scope-worker-'));
  const dying = join(dir, 'list-worker.js');
  writeFileSync(dying, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));\n");
  const logged: string[] = [];
  const parser = new WorkerPageParser(dying, (_level, m) => logged.push(m));
  try {
    await assert.rejects(listRaw({ kubeConfig, path: podsPath(), slim: 'none', parser, pageSize: 2 }), /list worker exited \(code 3\) while parsing a list page/);
    const retried = await listRaw<Listed>({ kubeConfig, path: podsPath(), slim: 'none', parser, pageSize: 2 });
    assert.ok(retried.items.length > 2);
    assert.equal(logged.filter((m) => /main thread/.test(m)).length, 1, logged.join('\n'));
  } finally {
    parser.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a page that is not JSON fails the list with the parse error, from the worker as in this thread', async () => {
  const parser = new WorkerPageParser();
  try {
    for (const p of [parser, inThreadParser]) {
      await assert.rejects(p.parse(Buffer.from('{"kind":"PodList","items":[{"metadata":'), 'pod'), (e: Error) => e.name === 'SyntaxError');
    }
  } finally {
    parser.dispose();
  }
});

test('the continue token is read from a page\'s first bytes, so the next page is asked for while this one is parsed', () => {
  const page = (meta: string, items = '[]') => Buffer.from(`{"kind":"PodList","apiVersion":"v1","metadata":${meta},"items":${items}}`);
  assert.deepEqual(peekListMeta(page('{"resourceVersion":"42","continue":"eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ","remainingItemCount":7}')), { resourceVersion: '42', continue: 'eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ' });
  assert.deepEqual(peekListMeta(page('{"resourceVersion":"42"}')), { resourceVersion: '42' }, 'the last page has no token');
  // Not the layout kube-apiserver writes: no early answer, the caller waits for the parse.
  assert.equal(peekListMeta(Buffer.from('{"items":[],"metadata":{"continue":"x"}}')), undefined);
  assert.equal(peekListMeta(Buffer.from(`{"kind":"PodList","padding":"${'x'.repeat(5000)}","metadata":{},"items":[]}`)), undefined);
});

test('the next page is asked for before this one is parsed in this thread, so the server writes it meanwhile', async () => {
  // node-fetch sends through https.request: count the page requests made by the time each page's items come.
  const asked: string[] = [];
  const request = https.request;
  https.request = ((...args: Parameters<typeof https.request>) => {
    asked.push(String((args[0] as { path?: string }).path ?? args[0]));
    return request.apply(https, args);
  }) as typeof https.request;
  const askedWhenParsed: number[] = [];
  let listed;
  try {
    listed = await listRaw<Listed>({ kubeConfig, path: podsPath(), query: { labelSelector: 'k8s-app=calico-node' }, slim: 'none', pageSize: 2, onItems: () => askedWhenParsed.push(asked.filter((path) => path.includes('/pods?')).length) });
  } finally {
    https.request = request;
  }
  const pages = Math.ceil(listed.items.length / 2);
  assert.ok(pages >= 3, `several pages (${pages})`);
  // Page i (from 1) is parsed once page i + 1 was asked for; the last one has none after it.
  assert.deepEqual(askedWhenParsed, Array.from({ length: pages }, (_, i) => Math.min(i + 2, pages)));
});

test('a page that arrives after its session stopped is parsed in this thread, and no worker is left behind', async () => {
  const parser = new WorkerPageParser();
  parser.prepare();
  assert.equal(parser.running, true);
  parser.dispose();
  assert.equal(parser.running, false);
  const page = await parser.parse(Buffer.from('{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"9"},"items":[{"metadata":{"name":"a"}}]}'), 'none');
  assert.deepEqual(page, { items: [{ metadata: { name: 'a' } }], metadata: { resourceVersion: '9' } });
  assert.equal(parser.running, false, 'no worker started after dispose');
});

test("the next page is asked for as soon as this page's first bytes name it, while the rest of it still arrives", async () => {
  // Page 1's metadata comes at once, its items only when page 2 is asked for (or after 3 s).
  let page1Ended = false;
  let askedWhilePage1Open: boolean | undefined;
  let endPage1 = () => undefined as void;
  const plain = createHttpServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    if (!req.url!.includes('continue=')) {
      res.write('{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"5","continue":"page-2"},"items":[');
      const timer = setTimeout(() => endPage1(), 3000);
      endPage1 = () => {
        clearTimeout(timer);
        if (page1Ended) return;
        page1Ended = true;
        res.end('{"metadata":{"name":"a"}}]}');
      };
      return;
    }
    askedWhilePage1Open = !page1Ended;
    endPage1();
    res.end('{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"5"},"items":[{"metadata":{"name":"b"}}]}');
  });
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  const config = new KubeConfig();
  const server = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
  config.loadFromOptions({ clusters: [{ name: 'c', server, skipTLSVerify: true }], users: [{ name: 'u' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
  try {
    const listed = await listRaw<Listed>({ kubeConfig: config, path: '/api/v1/namespaces/kube-system/pods', slim: 'none', pageSize: 1 });
    assert.deepEqual(
      listed.items.map((p) => p.metadata.name),
      ['a', 'b'],
    );
    assert.equal(askedWhilePage1Open, true, 'page 2 was asked for only once page 1 had ended');
  } finally {
    plain.close();
  }
});
