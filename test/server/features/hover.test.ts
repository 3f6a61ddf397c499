import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getHover, type HoverResult } from '../../../server/src/features/hover';
import { analyseManifest } from '../../../server/src/manifest/manifest';

/** Hover at the `|` in `src` (the bar is removed from the text). */
function hoverAt(src: string, deferToSchema = false): HoverResult | undefined {
  const offset = src.indexOf('|');
  assert.ok(offset >= 0, 'no cursor marker');
  return getHover(analyseManifest(src.slice(0, offset) + src.slice(offset + 1)), offset, { deferToSchema });
}

function text(src: string, deferToSchema = false): string {
  const result = hoverAt(src, deferToSchema);
  assert.ok(result, 'expected a hover');
  return result.markdown;
}

const pod = (body: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:${extra}
  containers:
  - name: app
    image: example/app:1
${body}`;

test('a liveness probe with defaults only: first check at start, every 10 s, 1 s each, restart ≈ 21 s', () => {
  const md = text(pod('    live|nessProbe:\n      tcpSocket: {port: 80}\n'));
  assert.match(md, /First check as soon as the container starts, then every 10 s, each may take 1 s; the container is restarted after 3 failures in a row \(≈ 21 s\)/);
  assert.match(md, /API defaults used for: `initialDelaySeconds`, `periodSeconds`, `timeoutSeconds`, `successThreshold`, `failureThreshold`/);
  assert.match(md, /tcpSocket/);
});

test('the span is the key under the cursor', () => {
  const src = pod('    livenessPr|obe:\n      tcpSocket: {port: 80}\n');
  const at = src.indexOf('|');
  assert.deepEqual(hoverAt(src)!.span, { start: at - 'livenessPr'.length, end: at - 'livenessPr'.length + 'livenessProbe'.length });
});

test('0 is defaulted, the pod grace period is used, and a probe grace period wins', () => {
  const md = text(pod('    liveness|Probe:\n      exec: {command: [true]}\n      periodSeconds: 0\n      failureThreshold: 2\n', '\n  terminationGracePeriodSeconds: 45'));
  assert.match(md, /every 10 s, each may take 1 s; the container is restarted after 2 failures in a row \(≈ 11 s\); it then gets 45 s to stop \(the pod's grace period\)/);
  const own = text(pod('    liveness|Probe:\n      exec: {command: [true]}\n      terminationGracePeriodSeconds: 5\n', '\n  terminationGracePeriodSeconds: 45'));
  assert.match(own, /it then gets 5 s to stop \(this probe's grace period\)/);
});

test('readiness and startup probes describe their own effect', () => {
  const ready = text(pod('    readiness|Probe:\n      httpGet: {port: 80}\n      successThreshold: 2\n'));
  assert.match(ready, /the pod is marked not Ready after 3 failures in a row \(≈ 21 s after things go wrong\), and Ready again after 2 successes in a row/);
  const startup = text(pod('    startup|Probe:\n      httpGet: {port: 80}\n      failureThreshold: 30\n      periodSeconds: 10\n'));
  assert.match(startup, /The container has about 291 s to start/);
});

test('a timing field: meaning, type, default, minimum, since, and the value in this probe', () => {
  const md = text(pod('    livenessProbe:\n      exec: {command: [true]}\n      timeout|Seconds: 0\n'));
  assert.match(md, /\*\*timeoutSeconds\*\* · integer · default 1 · minimum 1 · since Kubernetes 1\.0/);
  assert.match(md, /Seconds one check may take/);
  assert.match(md, /In this livenessProbe: 1 s \(0 becomes the default\)/);
  const onValue = text(pod('    livenessProbe:\n      exec: {command: [true]}\n      periodSeconds: 1|5\n'));
  assert.match(onValue, /In this livenessProbe: 15 s\./);
  assert.match(text(pod('    readinessProbe:\n      exec: {command: [true]}\n      terminationGrace|PeriodSeconds: 5\n')), /Not allowed on a readiness probe/);
  assert.match(text(pod('    startupProbe:\n      exec: {command: [true]}\n      success|Threshold: 2\n')), /must be 1 on a startupProbe/);
});

test('handlers, handler fields, headers and lifecycle hooks', () => {
  assert.match(text(pod('    livenessProbe:\n      gr|pc: {port: 9000}\n')), /\*\*grpc\*\* · handler · since Kubernetes 1\.24/);
  assert.match(text(pod('    livenessProbe:\n      httpGet:\n        po|rt: 80\n')), /\*\*httpGet\.port\*\* · int-or-string · required/);
  assert.match(text(pod('    livenessProbe:\n      httpGet:\n        port: 80\n        httpHeaders:\n        - na|me: Host\n          value: x\n')), /\*\*httpHeaders\[\]\.name\*\*/);
  assert.match(text(pod('    lifecycle:\n      pre|Stop:\n        sleep: {seconds: 5}\n')), /before the container is stopped/);
  assert.match(text(pod('    lifecycle:\n      preStop:\n        sleep:\n          sec|onds: 5\n')), /\*\*sleep\.seconds\*\* · integer · required · since Kubernetes 1\.29/);
});

test('beside a schema-driven YAML extension the meaning is left out, our facts stay', () => {
  const md = text(pod('    livenessProbe:\n      exec: {command: [true]}\n      timeout|Seconds: 3\n'), true);
  assert.doesNotMatch(md, /Seconds one check may take/);
  assert.match(md, /default 1/);
  assert.match(md, /In this livenessProbe: 3 s/);
  assert.match(text(pod('    liveness|Probe:\n      exec: {command: [true]}\n'), true), /restarted after 3 failures/);
});

const calico = (probe: string, command: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: calico-node}
spec:
  template:
    spec:
      containers:
        - name: calico-node
          image: calico/node:v3.32.1
          ${probe}:
            exec:
              command: ${command}
`;

test('Calico flags: what each checks, the messages it prints, and a flag in the wrong probe kind', () => {
  const live = text(calico('livenessProbe', '[/bin/calico-node, -felix-live, -bird-l|ive]'));
  assert.match(live, /runit services confd and bird/);
  assert.match(live, /calico\/node is not ready: bird\/confd is not live: exit status 1/);
  assert.doesNotMatch(live, /wrong|⚠/);
  const felix = text(calico('livenessProbe', '[/bin/calico-node, -felix-re|ady]'));
  assert.match(felix, /GET http:\/\/<FELIX_HEALTHHOST or localhost>:<FELIX_HEALTHPORT or 9099>\/readiness/);
  assert.match(felix, /felix is not ready: readiness probe reporting 503/);
  assert.match(felix, /⚠ This is a readiness check in a livenessProbe/);
  assert.match(text(calico('readinessProbe', '[/bin/calico-node, -bi|rd]')), /not a health check[\s\S]*flag provided but not defined: -bird/);
  assert.match(text(calico('readinessProbe', '[/bin/calico-node, -felix-ready, -bird-ready, -threshold-t|ime=20s]')), /default 30s/);
  const cs = text(calico('readinessProbe', '[/usr/bin/check-status, -|r]'));
  assert.match(cs, /status\.json/);
  assert.match(cs, /Error initializing datastore/);
});

test('no hover outside containers, on unknown words, or on non-Calico commands', () => {
  assert.equal(hoverAt(pod('    ima|ge2: x\n')), undefined);
  assert.equal(hoverAt('apiVersion: v1\nkind: Pod\nmeta|data: {name: p}\n'), undefined);
  assert.equal(hoverAt(pod('    livenessProbe:\n      exec: {command: [/bin/sh, -c, tr|ue]}\n')), undefined);
  assert.equal(hoverAt('containers:\n- name: a\n  liveness|Probe: {}\n'), undefined);
});
