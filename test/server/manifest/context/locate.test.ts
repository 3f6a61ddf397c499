/** The context as completion and hover ask for it: which document, which container, or none. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { contextAt } from '../../../../server/src/manifest/context/locate';
import { ITEM } from '../../../../server/src/manifest/context/types';
import { analyseManifest } from '../../../../server/src/manifest/manifest';
import { CORPUS } from '../../../support/paths';
import { at, insertAfter, must } from './cursor';

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

// Until issue 15 a document with `{{` had no context by design; a template is now read masked.
test('a Helm template is read masked (the probe under the cursor is found); non-Kubernetes YAML has no context', () => {
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
  assert.equal(must(helm).probeKind, 'livenessProbe');
  assert.equal(must(helm).container?.name, 'app');
  const plain = 'containers:\n  - name: a\n    livenessProbe:\n      |\n';
  assert.equal(at(plain), undefined);
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
