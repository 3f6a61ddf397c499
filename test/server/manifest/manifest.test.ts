import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments, parseDocument } from 'yaml';
import { KEPT_PARSE_ERRORS } from '../../../server/src/manifest/document';
import { analyseManifest, parsedDocument, updateManifest, type Manifest } from '../../../server/src/manifest/manifest';
import { CORPUS } from '../../support/paths';

function summary(m: Manifest) {
  return m.documents.flatMap((d) =>
    d.podSpecs.flatMap((p) =>
      p.containers.map((c) => ({
        kind: d.kind,
        path: c.fieldPath,
        container: c.kind,
        name: c.name,
        probes: c.probes.map((x) => `${x.kind}:${x.handlers.filter((h) => h.present).map((h) => h.kind).join('+')}`),
        hooks: c.lifecycleHooks.map((h) => h.kind),
      })),
    ),
  );
}

const container = `
      - name: app
        image: nginx
        livenessProbe: {httpGet: {port: 80}}`;

test('finds pod specs in every workload kind at the API field path', () => {
  const cases: Array<[string, string, string]> = [
    ['Pod', `spec:\n  containers:${container.replace(/\n {6}/g, '\n  ')}`, 'spec.containers[0]'],
    ['Deployment', `spec:\n  template:\n    spec:\n      containers:${container}`, 'spec.template.spec.containers[0]'],
    ['StatefulSet', `spec:\n  template:\n    spec:\n      containers:${container}`, 'spec.template.spec.containers[0]'],
    ['DaemonSet', `spec:\n  template:\n    spec:\n      containers:${container}`, 'spec.template.spec.containers[0]'],
    ['ReplicaSet', `spec:\n  template:\n    spec:\n      containers:${container}`, 'spec.template.spec.containers[0]'],
    ['ReplicationController', `spec:\n  template:\n    spec:\n      containers:${container}`, 'spec.template.spec.containers[0]'],
    ['Job', `spec:\n  template:\n    spec:\n      containers:${container}`, 'spec.template.spec.containers[0]'],
    ['CronJob', `spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:${container.replace(/\n {6}/g, '\n          ')}`, 'spec.jobTemplate.spec.template.spec.containers[0]'],
    ['PodTemplate', `template:\n  spec:\n    containers:${container.replace(/\n {6}/g, '\n    ')}`, 'template.spec.containers[0]'],
    ['Rollout', `spec:\n  template:\n    spec:\n      containers:${container}`, 'spec.template.spec.containers[0]'],
  ];
  for (const [kind, body, path] of cases) {
    const m = analyseManifest(`apiVersion: v1\nkind: ${kind}\nmetadata: {name: x}\n${body}\n`);
    assert.deepEqual(summary(m).map((s) => [s.path, s.probes.join()]), [[path, 'livenessProbe:httpGet']], kind);
  }
});

test('List items, init containers, sidecars and ephemeral containers', () => {
  const m = analyseManifest(`apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: a}
  spec:
    initContainers:
    - name: setup
      image: busybox
    - name: proxy
      image: envoy
      restartPolicy: Always
      readinessProbe: {tcpSocket: {port: 15021}}
    containers:
    - name: app
      image: app
      lifecycle:
        preStop: {exec: {command: [sleep, "5"]}}
    ephemeralContainers:
    - name: debugger
      image: busybox
`);
  assert.deepEqual(
    summary(m).map((s) => [s.path, s.container, s.probes.join(), s.hooks.join()]),
    [
      ['items[0].spec.containers[0]', 'regular', '', 'preStop'],
      ['items[0].spec.initContainers[0]', 'init', '', ''],
      ['items[0].spec.initContainers[1]', 'sidecar', 'readinessProbe:tcpSocket', ''],
      ['items[0].spec.ephemeralContainers[0]', 'ephemeral', '', ''],
    ],
  );
});

test('flow style, JSON-like documents', () => {
  const m = analyseManifest(`---
{ "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
  # a comment inside a flow mapping
  "spec": {"containers": [{"name": "c", "image": "i", "livenessProbe": {"grpc": {"port": 2379}, "periodSeconds": 5,},},],},
}
`);
  assert.deepEqual(summary(m).map((s) => s.probes.join()), ['livenessProbe:grpc']);
});

// Until issue 15 a document with `{{` got no pod specs by design; a template is now read masked.
test('a broken document does not hide the others; a Helm template is read masked, plain YAML gets no pod specs', () => {
  const m = analyseManifest(`apiVersion: v1
kind: Pod
metadata: {name: broken
spec:
  containers: [
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  template:
    spec:
      containers:
      - name: app
        livenessProbe: {httpGet: {port: 80}}
---
containers:
- name: not-kubernetes
  image: x
  livenessProbe: {exec: {command: [true]}}
---
apiVersion: v1
kind: Pod
metadata: {name: ok}
spec:
  containers:
  - name: c
    image: i
    readinessProbe: {exec: {command: [cat, /tmp/ready]}}
`);
  assert.equal(m.documents.length, 4);
  assert.ok(m.documents[0]!.parseErrors.length > 0);
  assert.equal(m.documents[1]!.isTemplate, true);
  assert.equal(m.documents[1]!.podSpecs.length, 1);
  assert.equal(m.documents[2]!.isKubernetes, false);
  assert.deepEqual(summary(m).map((s) => s.name), ['app', 'c']);
});

test('a flood of syntax errors: the first is kept as the parser gave it, the rest are dropped, the probes still found', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    image: i
    livenessProbe: {exec: {command: [cat, /tmp/ok]}}
  x: ${'""'.repeat(5_000)}
`;
  const all = parseDocument(text, { prettyErrors: false }).errors;
  assert.ok(all.length > 1_000, `${all.length} errors from the yaml package`);
  const doc = analyseManifest(text).documents[0]!;
  assert.ok(doc.parseErrors.length >= 1 && doc.parseErrors.length <= KEPT_PARSE_ERRORS + 1, `${doc.parseErrors.length} kept`);
  assert.equal(doc.parseErrors[0]!.message, all[0]!.message.split('\n')[0]);
  assert.deepEqual(doc.parseErrors[0]!.span, { start: all[0]!.pos[0], end: Math.max(all[0]!.pos[1], all[0]!.pos[0] + 1) });
  assert.equal(doc.yaml!.errors.length, doc.parseErrors.length, 'the document holds only what it keeps');
  assert.deepEqual(summary({ documents: [doc] } as unknown as Manifest).map((s) => s.probes), [['livenessProbe:exec']]);
});

test('CRD OpenAPI schemas that mention probes are not pod specs', () => {
  const text = readFileSync(join(CORPUS, 'other/kube-prometheus/v0.18.0/0alertmanagerCustomResourceDefinition.yaml'), 'utf8');
  assert.deepEqual(summary(analyseManifest(text)), []);
});

function corpusFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? corpusFiles(path) : /\.ya?ml$/.test(name) ? [path] : [];
  });
}

test('over the whole corpus: same document count as the yaml package, every probe found, no parse errors', () => {
  let probes = 0;
  let documents = 0;
  const files = [...corpusFiles(join(CORPUS, 'calico')), ...corpusFiles(join(CORPUS, 'other'))];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const m = analyseManifest(text);
    assert.equal(m.documents.length, parseAllDocuments(text).length, file);
    assert.deepEqual(m.documents.flatMap((d) => d.parseErrors), [], file);
    documents += m.documents.length;
    probes += summary(m).reduce((n, s) => n + s.probes.length, 0);
  }
  // The shared corpus of released manifests: 193 files, 3,274 documents, 513 container probes.
  assert.equal(files.length, 193);
  assert.equal(documents, 3274);
  assert.equal(probes, 513);
});

const calicoFull = readFileSync(join(CORPUS, 'calico/v3.32.1/calico.yaml'), 'utf8');
/** The head of the file (CRDs, ConfigMap) plus the tail (DaemonSet, Deployments): small and varied. */
const calico = calicoFull.slice(0, 20_000) + '\n' + calicoFull.slice(calicoFull.indexOf('\n---', calicoFull.length - 40_000) + 1);

/** What an update must agree on with a full analysis: each document's place, text and probes. */
function shape(m: Manifest) {
  return m.documents.map((d) => ({ index: d.index, start: d.span.start, end: d.span.end, text: d.text, probes: d.podSpecs.flatMap((p) => p.containers.flatMap((c) => c.probes.map((x) => x.kind))) }));
}

/** A small deterministic generator, so a failure names a seed that reproduces it. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** A random edit of `text`: mostly a few characters replaced, sometimes a few hundred, by one of `inserts`. */
function randomEdit(random: () => number, text: string, inserts: readonly string[]) {
  const start = Math.floor(random() * text.length);
  const end = Math.min(text.length, start + Math.floor(random() * (random() < 0.8 ? 3 : 400)));
  const insert = inserts[Math.floor(random() * inserts.length)]!;
  return { start, end, insert, next: text.slice(0, start) + insert + text.slice(end) };
}

test('incremental updates give the same model as a full analysis (random edits, incl. document markers)', () => {
  const inserts = ['x', '\n', '---\n', '\n---\n', '...\n', '  ', ': ', '-', '', '\n---', 'livenessProbe:\n'];
  for (let seed = 1; seed <= 40; seed++) {
    const random = rng(seed);
    let text = calico;
    let model = analyseManifest(text);
    for (let step = 0; step < 25; step++) {
      const { start, end, insert, next } = randomEdit(random, text, inserts);
      model = updateManifest(model, { start, end, text: insert }, next);
      text = next;
      assert.deepEqual(shape(model), shape(analyseManifest(text)), `seed ${seed} step ${step}`);
    }
  }
});

test('an undone split takes the document back instead of parsing it again', () => {
  const model = analyseManifest(calico);
  const daemonSet = model.documents.find((d) => d.kind === 'DaemonSet')!;
  const keyLine = calico.lastIndexOf('\n', daemonSet.span.start + daemonSet.text.indexOf('livenessProbe')) + 1;
  const split = calico.slice(0, keyLine) + '---\n' + calico.slice(keyLine);
  const splitModel = updateManifest(model, { start: keyLine, end: keyLine, text: '---\n' }, split);
  assert.equal(splitModel.documents.length, model.documents.length + 1);
  assert.ok(!splitModel.documents.includes(daemonSet));
  assert.deepEqual(splitModel.replaced, [daemonSet]);
  const undone = updateManifest(splitModel, { start: keyLine, end: keyLine + 4, text: '' }, calico);
  assert.equal(undone.documents[daemonSet.index], daemonSet, 'the DaemonSet is the document it was, not a new parse');
  assert.deepEqual(shape(undone), shape(analyseManifest(calico)));
  assert.deepEqual(summary(undone), summary(analyseManifest(calico)));
  // Kept for the next update only: an edit elsewhere lets it go.
  const elsewhere = updateManifest(splitModel, { start: 0, end: 0, text: '\n' }, '\n' + split);
  assert.ok(!(elsewhere.replaced ?? []).includes(daemonSet));
});

test('edits undone at once give the same model as a full analysis (random edits, each then undone)', () => {
  const inserts = ['---\n', '\n---\n', '...\n', 'x', '\n', '  ', '-'];
  for (let seed = 1; seed <= 20; seed++) {
    const random = rng(seed);
    let model = analyseManifest(calico);
    for (let step = 0; step < 15; step++) {
      const { start, end, insert, next: edited } = randomEdit(random, calico, inserts);
      model = updateManifest(model, { start, end, text: insert }, edited);
      assert.deepEqual(shape(model), shape(analyseManifest(edited)), `seed ${seed} step ${step}: edit`);
      model = updateManifest(model, { start, end: start + insert.length, text: calico.slice(start, end) }, calico);
      assert.deepEqual(shape(model), shape(analyseManifest(calico)), `seed ${seed} step ${step}: undo`);
      assert.deepEqual(summary(model), summary(analyseManifest(calico)), `seed ${seed} step ${step}: undo, probes`);
    }
  }
});

test('an edit re-parses only the document it touched', () => {
  const model = analyseManifest(calico);
  const target = model.documents.find((d) => d.kind === 'DaemonSet')!;
  const offset = target.span.start + target.text.indexOf('livenessProbe');
  const next = calico.slice(0, offset) + ' ' + calico.slice(offset);
  const updated = updateManifest(model, { start: offset, end: offset, text: ' ' }, next);
  const changed = updated.documents.filter((d, i) => d !== model.documents[i]);
  assert.deepEqual(changed.map((d) => d.kind), ['DaemonSet']);
});

test('deleting everything and typing again works', () => {
  let model = analyseManifest(calico);
  model = updateManifest(model, { start: 0, end: calico.length, text: '' }, '');
  assert.equal(model.documents.length, 1);
  model = updateManifest(model, { start: 0, end: 0, text: 'kind: Pod\n' }, 'kind: Pod\n');
  assert.deepEqual(shape(model), shape(analyseManifest('kind: Pod\n')));
});

test('a document the model skipped is parsed once for all the positions asked about', () => {
  const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: calico-typha\nspec:\n  ports:\n    - port: 5473\n';
  const doc = analyseManifest(text).documents[0]!;
  assert.equal(doc.yaml, undefined, 'a Service holds no pod spec: the model does not parse it');
  const parsed = parsedDocument(doc);
  assert.ok(parsed.yaml);
  assert.equal(parsedDocument(doc), parsed, 'the second request reuses the first parse');
});
