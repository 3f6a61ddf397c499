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

test('a liveness probe with defaults only: first check 0–10 s after the start, every 10 s, 1 s each, restart 20–31 s after things go wrong', () => {
  const md = text(pod('    live|nessProbe:\n      tcpSocket: {port: 80}\n'));
  // Was "first check as soon as the container starts … (≈ 21 s)": the worker's ticker does not start with the container,
  // and a single number hid the jitter (kubernetes v1.34 pkg/kubelet/prober/worker.go run, doProbe).
  assert.match(md, /First check 0–10 s after the container starts, then every 10 s, each may take 1 s; the container is restarted after 3 failures in a row \(20–31 s after things go wrong\)/);
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
  assert.match(md, /every 10 s, each may take 1 s; the container is restarted after 2 failures in a row \(10–21 s after things go wrong\); it then gets 45 s to stop \(the pod's grace period\)/);
  const own = text(pod('    liveness|Probe:\n      exec: {command: [true]}\n      terminationGracePeriodSeconds: 5\n', '\n  terminationGracePeriodSeconds: 45'));
  assert.match(own, /it then gets 5 s to stop \(this probe's grace period\)/);
});

test('readiness and startup probes describe their own effect', () => {
  const ready = text(pod('    readiness|Probe:\n      httpGet: {port: 80}\n      successThreshold: 2\n'));
  assert.match(ready, /the pod is marked not Ready after 3 failures in a row \(20–31 s after things go wrong\), and Ready again after 2 successes in a row/);
  const startup = text(pod('    startup|Probe:\n      httpGet: {port: 80}\n      failureThreshold: 30\n      periodSeconds: 10\n'));
  // Was "about 291 s": the first check itself comes 0–10 s after the start (worker.go run/doProbe).
  assert.match(startup, /The container has 290–301 s to start/);
  assert.match(startup, /30 failures in a row take 290 s when each check fails at once and 291 s when each runs into its 1 s timeout\./);
});

test('kubernetes v1.34 worker.go run: doProbe runs to its end before the next tick and a Go ticker keeps one missed tick, so a timeout longer than the period runs failing checks back to back', () => {
  // The example: period 1, timeout 10, threshold 3 was "≈ 12 s"; the kubelet takes 30 s from the first failing check.
  const md = text(pod('    liveness|Probe:\n      exec: {command: [true]}\n      periodSeconds: 1\n      timeoutSeconds: 10\n'));
  assert.match(md, /then every 1 s, each may take 10 s \(every 10 s while checks run into their timeout\)/);
  assert.match(md, /restarted after 3 failures in a row \(2–31 s after things go wrong\)/);
  assert.match(md, /3 failures in a row take 2 s when each check fails at once and 30 s when each runs into its 10 s timeout/);
  assert.match(md, /Timeout longer than period: checks run back to back\./);
  const startup = text(pod('    startup|Probe:\n      exec: {command: [true]}\n      periodSeconds: 1\n      timeoutSeconds: 10\n'));
  assert.match(startup, /The container has 2–31 s to start/);
  assert.doesNotMatch(text(pod('    liveness|Probe:\n      exec: {command: [true]}\n      periodSeconds: 10\n      timeoutSeconds: 10\n')), /back to back/);
});

test('kubernetes v1.34 worker.go doProbe: ticks are skipped while the container is younger than initialDelaySeconds, so the first check comes N to N + period after the start', () => {
  const md = text(pod('    readiness|Probe:\n      httpGet: {port: 80}\n      initialDelaySeconds: 10\n      periodSeconds: 10\n'));
  assert.match(md, /First check 10–20 s after the container starts/);
  assert.match(md, /ticks are skipped while the container is younger than `initialDelaySeconds` \(10 s\), so the first check comes up to one period late/);
  // The field's own hover said "Seconds to wait after the container starts before the first check".
  const field = text(pod('    readinessProbe:\n      httpGet: {port: 80}\n      initialDelay|Seconds: 10\n'));
  assert.match(field, /the kubelet skips this probe's checks; the first check comes at the probe's next tick, up to one period later/);
});

test('kubernetes v1.34 worker.go doProbe: with a startup probe, liveness and readiness do not run until it has succeeded', () => {
  const withStartup = (kind: string) => pod(`    startupProbe:\n      httpGet: {port: 80}\n    ${kind}:\n      httpGet: {port: 80}\n      initialDelaySeconds: 5\n`);
  for (const kind of ['livenessProbe', 'readinessProbe']) {
    const md = text(withStartup(kind).replace(`${kind}:`, `${kind.slice(0, 4)}|${kind.slice(4)}:`));
    assert.match(md, /First check once the startup probe has succeeded, at this probe's next tick \(up to 10 s later\)/, kind);
    assert.match(md, /liveness and readiness do not run until the startup probe has succeeded; the first check then waits for this probe's next tick, and none comes before the container is 5 s old/, kind);
  }
  assert.match(text(pod('    startupProbe: null\n    liveness|Probe:\n      httpGet: {port: 80}\n')), /First check 0–10 s after the container starts/, 'a null startupProbe is no startup probe');
});

test('kubernetes v1.34 kuberuntime_container.go killContainer: a grace period under minimumGracePeriodInSeconds is raised to 2 s', () => {
  // Was "it is then killed at once (the pod's grace period is 0)".
  const md = text(pod('    liveness|Probe:\n      exec: {command: [true]}\n', '\n  terminationGracePeriodSeconds: 0'));
  assert.match(md, /it then gets 2 s to stop \(the pod's grace period is 0; the kubelet gives at least 2 s\)/);
  assert.doesNotMatch(md, /killed at once/);
  const probeOwn = text(pod('    startup|Probe:\n      exec: {command: [true]}\n      terminationGracePeriodSeconds: 1\n', '\n  terminationGracePeriodSeconds: 45'));
  assert.match(probeOwn, /it then gets 2 s to stop \(this probe's grace period is 1; the kubelet gives at least 2 s\)/);
  const field = text(pod('    livenessProbe:\n      exec: {command: [true]}\n      terminationGrace|PeriodSeconds: 1\n'));
  assert.match(field, /In this livenessProbe: 1 s\. The kubelet raises it to 2 s, its minimum\./);
});

test('k8s.io/api core/v1 DefaultTerminationGracePeriodSeconds: a pod that sets no grace period gives 30 s', () => {
  assert.match(text(pod('    liveness|Probe:\n      exec: {command: [true]}\n')), /it then gets the pod's grace period to stop \(30 s unless the pod sets one\)/);
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

test('a flag\'s hover lists only what that check prints, at most four with "…and N more", and the kubelet\'s timeout once, for this probe and this command', () => {
  // The kubelet records "<Kind> probe failed: <output>" (kubernetes pkg/kubelet/prober/prober.go, probe) and a
  // timed-out exec's output is `command "<argv joined by spaces>" timed out` (kubernetes
  // staging/src/k8s.io/cri-client/pkg/remote_runtime.go, ExecSync). The hover used to list a fixed
  // "Liveness probe failed: command \"/bin/calico-node -felix-live -bird-live\" timed out" under readiness checks too.
  const ready = text(calico('readinessProbe', '[/bin/calico-node, -felix-ready, -bird-re|ady]'));
  assert.match(ready, /Readiness probe failed: command "\/bin\/calico-node -felix-ready -bird-ready" timed out/);
  assert.doesNotMatch(ready, /Liveness probe failed/);
  assert.equal(ready.match(/timed out`/g)?.length, 1, 'the kubelet timeout once');
  assert.doesNotMatch(ready, /felix is not ready|bird\/confd/, 'only -bird-ready\'s own messages');
  // projectcalico/calico v3.32.1 node/pkg/health/health.go: -bird-ready prints seven messages; four are listed.
  assert.equal(ready.match(/^- `calico\/node is not ready: BIRD is not ready/gm)?.length, 4);
  assert.match(ready, /^- …and 3 more messages$/m);
  const startup = text(calico('startupProbe', '[/bin/calico-node, -felix-re|ady]'));
  assert.match(startup, /Startup probe failed: command "\/bin\/calico-node -felix-ready" timed out/);
});

test('-bird6-ready\'s socket messages say BIRDv6 and bird6.ctl, never BIRDv4', () => {
  // projectcalico/calico v3.32.1 node/pkg/health/bird/bird.go GRInProgress and GetPeers: "unable to connect to
  // BIRDv%s socket" with ipv "6" for the bird6 checks, on /var/run/{calico,bird}/bird6.ctl.
  const md = text(calico('readinessProbe', '[/bin/calico-node, -bird6-re|ady]'));
  assert.match(md, /unable to connect to BIRDv6 socket: dial unix \/var\/run\/(bird|calico)\/bird6\.ctl/);
  assert.doesNotMatch(md, /BIRDv4/);
});

test('no hover outside containers, on unknown words, or on non-Calico commands', () => {
  assert.equal(hoverAt(pod('    ima|ge2: x\n')), undefined);
  assert.equal(hoverAt('apiVersion: v1\nkind: Pod\nmeta|data: {name: p}\n'), undefined);
  assert.equal(hoverAt(pod('    livenessProbe:\n      exec: {command: [/bin/sh, -c, tr|ue]}\n')), undefined);
  assert.equal(hoverAt('containers:\n- name: a\n  liveness|Probe: {}\n'), undefined);
});
