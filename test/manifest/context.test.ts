import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { contextAt, ITEM, type CursorContext } from '../../server/src/manifest/context/locate';
import { analyseManifest, parsedDocument } from '../../server/src/manifest/manifest';
import { CORPUS } from '../support/paths';

/** The context at the `|` in `src` (the bar is removed from the text). */
function at(src: string): CursorContext | undefined {
  const offset = src.indexOf('|');
  assert.ok(offset >= 0, 'no cursor marker');
  const text = src.slice(0, offset) + src.slice(offset + 1);
  return contextAt(analyseManifest(text), offset);
}

function must(src: string): CursorContext {
  const ctx = at(src);
  assert.ok(ctx, 'expected a context');
  return ctx;
}

const DS = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: calico-node}
spec:
  template:
    spec:
      initContainers:
        - name: install-cni
          image: calico/cni:v3.32.1
      containers:
        - name: calico-node
          image: calico/node:v3.32.1
          ports:
            - {name: health, containerPort: 9099}
          livenessProbe:
            exec:
              command:
                - /bin/calico-node
                - -felix-live
                - -bird-live
            periodSeconds: 10
            initialDelaySeconds: 10
            failureThreshold: 6
            timeoutSeconds: 10
          readinessProbe:
            exec:
              command:
                - /bin/calico-node
                - -felix-ready
`;

function insertAfter(anchor: string, insertion: string, src = DS): string {
  const i = src.indexOf(anchor);
  assert.ok(i >= 0, anchor);
  return src.slice(0, i + anchor.length) + insertion + src.slice(i + anchor.length);
}

test('an incomplete key under a probe (no colon yet): key position, partial word, present keys', () => {
  const ctx = must(insertAfter('timeoutSeconds: 10\n', '            succ|\n'));
  assert.equal(ctx.position, 'key');
  assert.equal(ctx.style, 'block');
  assert.equal(ctx.word, 'succ');
  assert.equal(ctx.prefix, 'succ');
  assert.deepEqual(ctx.path, ['spec', 'template', 'spec', 'containers', ITEM, 'livenessProbe']);
  assert.deepEqual(ctx.containerPath, ['livenessProbe']);
  assert.equal(ctx.probeKind, 'livenessProbe');
  assert.equal(ctx.container?.name, 'calico-node');
  assert.equal(ctx.container?.kind, 'regular');
  assert.deepEqual([...ctx.presentKeys].sort(), ['exec', 'failureThreshold', 'initialDelaySeconds', 'periodSeconds', 'timeoutSeconds']);
  assert.equal(ctx.column, 12);
  assert.equal(ctx.wordSpan.end - ctx.wordSpan.start, 4);
});

test('a new empty line in the middle of a probe sees the keys above and below', () => {
  const ctx = must(insertAfter('periodSeconds: 10\n', '            |\n'));
  assert.equal(ctx.position, 'key');
  assert.equal(ctx.word, '');
  assert.equal(ctx.wordSpan.start, ctx.wordSpan.end);
  assert.deepEqual([...ctx.presentKeys].sort(), ['exec', 'failureThreshold', 'initialDelaySeconds', 'periodSeconds', 'timeoutSeconds']);
});

test('a new sequence item in an exec command: item position with the items present', () => {
  const ctx = must(insertAfter('- -bird-live\n', '                - -fe|\n'));
  assert.equal(ctx.position, 'item');
  assert.equal(ctx.word, '-fe');
  assert.deepEqual(ctx.containerPath, ['livenessProbe', 'exec', 'command']);
  assert.equal(ctx.handler, 'exec');
  assert.deepEqual(ctx.presentItems, ['/bin/calico-node', '-felix-live', '-bird-live']);
});

test('an empty `- ` item, and items below the cursor count as present', () => {
  const ctx = must(insertAfter('- /bin/calico-node\n', '                - |\n'));
  assert.equal(ctx.position, 'item');
  assert.equal(ctx.word, '');
  assert.deepEqual(ctx.presentItems, ['/bin/calico-node', '-felix-live', '-bird-live']);
  assert.equal(ctx.probeKind, 'livenessProbe');
});

test('a value after `key: `', () => {
  const ctx = must(insertAfter('            exec:\n              command:\n                - /bin/calico-node\n                - -felix-ready\n', '            httpGet:\n              scheme: HT|\n'));
  assert.equal(ctx.position, 'value');
  assert.equal(ctx.key, 'scheme');
  assert.equal(ctx.word, 'HT');
  assert.deepEqual(ctx.containerPath, ['readinessProbe', 'httpGet']);
  assert.equal(ctx.handler, 'httpGet');
});

test('a key of the container itself, with the container keys present', () => {
  const ctx = must(DS + '          sta|\n');
  assert.equal(ctx.position, 'key');
  assert.deepEqual(ctx.containerPath, []);
  assert.deepEqual([...ctx.presentKeys].sort(), ['image', 'livenessProbe', 'name', 'ports', 'readinessProbe']);
});

test('on an existing key: the whole word, and that a colon follows', () => {
  const ctx = must(DS.replace('livenessProbe:', 'liveness|Probe:'));
  assert.equal(ctx.word, 'livenessProbe');
  assert.equal(ctx.prefix, 'liveness');
  assert.equal(ctx.followedByColon, true);
  assert.deepEqual(ctx.containerPath, []);
});

test('a new probe key just typed: empty probe body', () => {
  const ctx = must(DS + '          startupProbe:\n            |\n');
  assert.equal(ctx.probeKind, 'startupProbe');
  assert.deepEqual(ctx.presentKeys, []);
});

test('every container kind: init, sidecar, ephemeral', () => {
  const pod = (list: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  ${list}:
  - name: c
    image: busybox${extra}
    livenessProbe:
      |
`;
  assert.equal(must(pod('initContainers')).container?.kind, 'init');
  assert.equal(must(pod('initContainers', '\n    restartPolicy: Always')).container?.kind, 'sidecar');
  assert.equal(must(pod('ephemeralContainers')).container?.kind, 'ephemeral');
  assert.equal(must(pod('containers')).container?.kind, 'regular');
});

test('the right container among several, in a CronJob', () => {
  const src = `apiVersion: batch/v1
kind: CronJob
metadata: {name: j}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: first
            image: a
            readinessProbe:
              tcpSocket: {port: 80}
          - name: second
            image: b
            livenessProbe:
              httpGet:
                |
          - name: third
            image: c
`;
  const ctx = must(src);
  assert.equal(ctx.container?.name, 'second');
  assert.deepEqual(ctx.containerPath, ['livenessProbe', 'httpGet']);
  assert.equal(ctx.handler, 'httpGet');
});

test('lifecycle hooks', () => {
  const ctx = must(insertAfter('image: calico/node:v3.32.1\n', '          lifecycle:\n            preStop:\n              sl|\n'));
  assert.equal(ctx.hookKind, 'preStop');
  assert.equal(ctx.probeKind, undefined);
  assert.deepEqual(ctx.containerPath, ['lifecycle', 'preStop']);
});

test('flow style: an unclosed exec command as VS Code sees it while typing', () => {
  const ctx = must(DS + '          startupProbe: {exec: {command: [/bin/calico-node, -fe|');
  assert.equal(ctx.style, 'flow');
  assert.equal(ctx.position, 'item');
  assert.equal(ctx.word, '-fe');
  assert.deepEqual(ctx.containerPath, ['startupProbe', 'exec', 'command']);
  assert.deepEqual(ctx.presentItems, ['/bin/calico-node']);
  assert.equal(ctx.container?.name, 'calico-node', 'the brackets are closed for the re-parse');
});

test('flow style: items after the cursor, keys of a flow map, values', () => {
  const items = must(DS + '          startupProbe: {exec: {command: [/bin/calico-node, |, -bird-ready]}}\n');
  assert.deepEqual(items.presentItems, ['/bin/calico-node', '-bird-ready']);
  const keys = must(DS + '          startupProbe: {exec: {command: [x]}, peri|, failureThreshold: 3}\n');
  assert.equal(keys.position, 'key');
  assert.equal(keys.word, 'peri');
  assert.deepEqual(keys.presentKeys, ['exec', 'failureThreshold']);
  assert.deepEqual(keys.containerPath, ['startupProbe']);
  const value = must(DS + '          startupProbe: {httpGet: {port: 9099, scheme: |}}\n');
  assert.equal(value.position, 'value');
  assert.equal(value.key, 'scheme');
  assert.deepEqual(value.containerPath, ['startupProbe', 'httpGet']);
});

test('flow style spread over lines', () => {
  const ctx = must(DS + '          startupProbe: {\n            exec: {command: [/bin/calico-node,\n              -|\n');
  assert.equal(ctx.style, 'flow');
  assert.equal(ctx.position, 'item');
  assert.deepEqual(ctx.containerPath, ['startupProbe', 'exec', 'command']);
});

test('a flow container list (`containers: [{…}]`)', () => {
  const src = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: c, image: busybox, livenessProbe: {tcpSocket: {port: 80}, |}}]
`;
  const ctx = must(src);
  assert.equal(ctx.position, 'key');
  assert.deepEqual(ctx.containerPath, ['livenessProbe']);
  assert.deepEqual(ctx.presentKeys, ['tcpSocket']);
  assert.equal(ctx.container?.name, 'c');
});

test('a broken document elsewhere does not stop the context', () => {
  const src = insertAfter('timeoutSeconds: 10\n', '            fail|\n').replace('metadata: {name: calico-node}', 'metadata: {name: calico-node');
  const ctx = must(src);
  assert.equal(ctx.probeKind, 'livenessProbe');
  assert.deepEqual(ctx.path, ['spec', 'template', 'spec', 'containers', ITEM, 'livenessProbe']);
});

test('multi-document files: the document around the cursor', () => {
  const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: calico-config}\ndata:\n  calico_backend: "bird"\n';
  const ctx = must(`${cm}---\n${insertAfter('timeoutSeconds: 10\n', '            |\n')}---\n${cm}`);
  assert.equal(ctx.document.kind, 'DaemonSet');
  assert.equal(ctx.container?.name, 'calico-node');
  assert.ok(ctx.offset > cm.length);
});

test('Helm templates and non-Kubernetes YAML: no context at all', () => {
  const helm = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  template:
    spec:
      containers:
        - name: app
          livenessProbe:
            |
`;
  assert.equal(at(helm), undefined);
  const plain = 'containers:\n  - name: a\n    livenessProbe:\n      |\n';
  assert.equal(at(plain), undefined);
});

test('no context inside comments, block scalars or plain scalar continuation lines', () => {
  assert.equal(at(DS + '          # livenessProbe: |\n'), undefined);
  const block = `apiVersion: v1
kind: ConfigMap
metadata: {name: c}
data:
  cni_network_config: >-
    {
      "type": |
`;
  assert.equal(at(block), undefined);
  assert.equal(at(insertAfter('image: calico/node:v3.32.1\n', '            more|\n')), undefined);
});

test('the real calico.yaml of v3.32.1: the liveness probe of calico-node', () => {
  const text = readFileSync(resolve(CORPUS, 'calico/v3.32.1/calico.yaml'), 'utf8');
  const anchor = '            timeoutSeconds: 10\n          readinessProbe:';
  const offset = text.indexOf(anchor) + '            timeoutSeconds: 10\n'.length;
  const edited = text.slice(0, offset) + '            \n' + text.slice(offset);
  const ctx = contextAt(analyseManifest(edited), offset + 12);
  assert.ok(ctx);
  assert.equal(ctx.container?.name, 'calico-node');
  assert.equal(ctx.probeKind, 'livenessProbe');
  assert.deepEqual([...ctx.presentKeys].sort(), ['exec', 'failureThreshold', 'initialDelaySeconds', 'periodSeconds', 'timeoutSeconds']);
  // A CRD document (never composed by the model) gets no context.
  const crd = text.indexOf('    properties:\n');
  assert.equal(contextAt(analyseManifest(text), crd + 6)?.container, undefined);
});

test('a document the model skipped is parsed once for all the positions asked about', () => {
  const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: calico-typha\nspec:\n  ports:\n    - port: 5473\n';
  const doc = analyseManifest(text).documents[0]!;
  assert.equal(doc.yaml, undefined, 'a Service holds no pod spec: the model does not parse it');
  const parsed = parsedDocument(doc);
  assert.ok(parsed.yaml);
  assert.equal(parsedDocument(doc), parsed, 'the second request reuses the first parse');
});
