import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getCompletions, type CompletionEntry, type FeatureSettings } from '../../../server/src/features/completion';
import { analyseManifest } from '../../../server/src/manifest/manifest';

/** Completions at the `|` in `src` (the bar is removed from the text). */
function complete(src: string, settings?: FeatureSettings): CompletionEntry[] {
  const offset = src.indexOf('|');
  assert.ok(offset >= 0, 'no cursor marker');
  return getCompletions(analyseManifest(src.slice(0, offset) + src.slice(offset + 1)), offset, settings);
}

const labels = (src: string, settings?: FeatureSettings) => complete(src, settings).map((e) => e.label);

function pod(container: string, list = 'containers', before = ''): string {
  return `${before}apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  ${list}:
  - name: app
    image: example/app:1
${container}`;
}

const WEB = `    ports:
    - {name: http, containerPort: 8080}
    - {name: metrics, containerPort: 9090}
`;

test('in a container: the probe keys not present, each a snippet using the declared port', () => {
  const items = complete(pod(WEB + '    readinessProbe: {tcpSocket: {port: http}}\n    |\n'));
  assert.deepEqual(items.map((e) => e.label), ['livenessProbe', 'startupProbe']);
  assert.equal(items[0]!.isSnippet, true);
  assert.equal(items[0]!.insertText, 'livenessProbe:\n      httpGet:\n        path: ${1:/healthz}\n        port: ${2|http,metrics,8080,9090|}\n      periodSeconds: ${3:10}');
  assert.match(items[0]!.detail, /^Probe Scope/);
});

test('no probe keys on init or ephemeral containers; sidecars get them', () => {
  assert.deepEqual(labels(pod('    |\n', 'initContainers')), []);
  assert.deepEqual(labels(pod('    |\n', 'ephemeralContainers')), []);
  assert.deepEqual(labels(pod('    restartPolicy: Always\n    |\n', 'initContainers')), ['livenessProbe', 'readinessProbe', 'startupProbe']);
});

test('on a key that already has its colon only the name is inserted', () => {
  const items = complete(pod('    live|: {}\n'));
  assert.equal(items.find((e) => e.label === 'livenessProbe')?.insertText, 'livenessProbe');
});

test('in an empty probe: handlers first, then timing fields with the API default as placeholder', () => {
  const items = complete(pod(WEB + '    livenessProbe:\n      |\n'));
  assert.deepEqual(items.map((e) => e.label), [
    'httpGet', 'tcpSocket', 'exec', 'grpc',
    'periodSeconds', 'timeoutSeconds', 'failureThreshold', 'initialDelaySeconds', 'successThreshold', 'terminationGracePeriodSeconds',
  ]);
  assert.equal(items.find((e) => e.label === 'timeoutSeconds')!.insertText, 'timeoutSeconds: ${1:1}');
  assert.equal(items.find((e) => e.label === 'failureThreshold')!.insertText, 'failureThreshold: ${1:3}');
  assert.equal(items.find((e) => e.label === 'terminationGracePeriodSeconds')!.insertText, 'terminationGracePeriodSeconds: ${1:30}');
  assert.equal(items.find((e) => e.label === 'grpc')!.insertText, 'grpc:\n        port: ${1|8080,9090|}', 'grpc ports are numbers only');
});

test('a probe with a handler gets no second handler; readiness never gets terminationGracePeriodSeconds', () => {
  const got = labels(pod('    readinessProbe:\n      httpGet: {port: 80}\n      periodSeconds: 5\n      |\n'));
  assert.deepEqual(got, ['timeoutSeconds', 'failureThreshold', 'initialDelaySeconds', 'successThreshold']);
});

test('in a handler: its fields not present; values for scheme and port', () => {
  assert.deepEqual(labels(pod(WEB + '    livenessProbe:\n      httpGet:\n        port: http\n        |\n')), ['path', 'host', 'scheme', 'httpHeaders']);
  assert.deepEqual(labels(pod(WEB + '    livenessProbe:\n      httpGet:\n        scheme: |\n')), ['HTTP', 'HTTPS']);
  assert.deepEqual(labels(pod(WEB + '    livenessProbe:\n      httpGet:\n        port: |\n')), ['http', 'metrics', '8080', '9090']);
  assert.deepEqual(labels(pod(WEB + '    livenessProbe:\n      grpc:\n        port: |\n')), ['8080', '9090']);
  assert.deepEqual(labels(pod('    livenessProbe:\n      tcpSocket:\n        |\n')), ['port', 'host']);
});

test('httpHeaders items and lifecycle hooks', () => {
  assert.deepEqual(labels(pod('    livenessProbe:\n      httpGet:\n        port: 80\n        httpHeaders:\n        - |\n')), ['name, value']);
  assert.deepEqual(labels(pod('    livenessProbe:\n      httpGet:\n        port: 80\n        httpHeaders:\n        - name: Host\n          |\n')), ['value']);
  assert.deepEqual(labels(pod('    lifecycle:\n      |\n')), ['preStop', 'postStart']);
  assert.deepEqual(labels(pod('    lifecycle:\n      preStop:\n        |\n')), ['exec', 'sleep', 'httpGet', 'tcpSocket']);
  assert.deepEqual(labels(pod('    lifecycle:\n      preStop:\n        sleep: {seconds: 5}\n        |\n')), []);
});

test('flow style: single-line inserts, present keys left out', () => {
  const items = complete(pod(WEB + '    livenessProbe: {httpGet: {port: http}, |}\n'));
  assert.deepEqual(items.map((e) => e.label), ['periodSeconds', 'timeoutSeconds', 'failureThreshold', 'initialDelaySeconds', 'successThreshold', 'terminationGracePeriodSeconds']);
  assert.equal(items[0]!.insertText, 'periodSeconds: ${1:10}');
  const handlers = complete(pod('    startupProbe: {|}\n'));
  assert.equal(handlers.find((e) => e.label === 'exec')!.insertText, 'exec: {command: [${1:/bin/sh}, ${2:-c}, ${3:true}]}');
});

// Until issue 15 a document with `{{` got nothing by design; templates are now read masked.
test('nothing outside containers or in non-Kubernetes YAML; probe fields in Helm templates and in manifests with {{ in a string', () => {
  assert.deepEqual(labels('apiVersion: v1\nkind: Pod\nmetadata:\n  |\n'), []);
  assert.ok(labels('apiVersion: v1\nkind: Pod\nmetadata: {name: "{{ .Values.name }}"}\nspec:\n  containers:\n  - name: a\n    livenessProbe:\n      |\n').includes('periodSeconds'));
  assert.ok(labels('apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\nspec:\n  containers:\n  - name: a\n    livenessProbe:\n      {{- if .Values.x }}\n      |\n').includes('periodSeconds'));
  assert.deepEqual(labels('containers:\n- name: a\n  livenessProbe:\n    |\n'), []);
});

// Calico ---------------------------------------------------------------------------------------

function calicoNode(body: string, env = '', before = ''): string {
  return `${before}apiVersion: apps/v1
kind: DaemonSet
metadata: {name: calico-node, namespace: kube-system}
spec:
  template:
    spec:
      containers:
        - name: calico-node
          image: docker.io/calico/node:v3.32.1
          env:
            - {name: FELIX_HEALTHENABLED, value: "true"}
${env}${body}`;
}

const CONFIG = (backend: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: calico-config, namespace: kube-system}
data:
  calico_backend: "${backend}"
---
`;
const FROM_CONFIG = '            - name: CALICO_NETWORKING_BACKEND\n              valueFrom: {configMapKeyRef: {name: calico-config, key: calico_backend}}\n';

test('calico-node: ready-made probes first, chosen by the backend in the calico-config ConfigMap', () => {
  const bgp = complete(calicoNode('          |\n', FROM_CONFIG, CONFIG('bird')));
  assert.deepEqual(bgp.slice(0, 2).map((e) => e.label), ['livenessProbe (calico-node, BGP)', 'readinessProbe (calico-node, BGP)']);
  assert.equal(
    bgp[0]!.insertText,
    'livenessProbe:\n            exec:\n              command:\n                - /bin/calico-node\n                - -felix-live\n                - -bird-live\n            periodSeconds: 10\n            initialDelaySeconds: 10\n            failureThreshold: 6\n            timeoutSeconds: 10',
  );
  assert.equal(bgp[0]!.filterText, 'livenessProbe');
  const vxlan = labels(calicoNode('          |\n', FROM_CONFIG, CONFIG('vxlan')));
  assert.ok(vxlan.includes('readinessProbe (calico-node, no BGP)'));
  assert.ok(!vxlan.some((l) => l.includes('(calico-node, BGP)')));
});

test('calico-node: backend from a literal env value, or both variants when it cannot be known', () => {
  const env = '            - {name: CALICO_NETWORKING_BACKEND, value: none}\n';
  const none = complete(calicoNode('          livenessProbe:\n            |\n', env));
  assert.equal(none[0]!.label, 'calico-node, no BGP liveness probe');
  assert.match(none[0]!.insertText, /^exec:\n {14}command:\n {16}- \/bin\/calico-node\n {16}- -felix-live\n {12}periodSeconds: 10/);
  const unknown = labels(calicoNode('          |\n', FROM_CONFIG));
  assert.ok(unknown.includes('livenessProbe (calico-node, BGP)') && unknown.includes('livenessProbe (calico-node, no BGP)'));
});

test('calico-node exec command: the program, then only the flags of that probe kind not yet present', () => {
  const first = labels(calicoNode('          readinessProbe:\n            exec:\n              command:\n                - |\n'));
  assert.deepEqual(first, ['/bin/calico-node']);
  const ready = labels(calicoNode('          readinessProbe:\n            exec:\n              command:\n                - /bin/calico-node\n                - -bird-ready\n                - -|\n'));
  assert.deepEqual(ready, ['-felix-ready', '-bird6-ready']);
  const startup = labels(calicoNode('          startupProbe:\n            exec:\n              command: [/bin/calico-node, |]\n'));
  assert.deepEqual(startup, ['-felix-ready', '-bird-ready', '-bird6-ready'], 'startup probes use the readiness checks');
  const unified = labels(calicoNode('          livenessProbe:\n            exec:\n              command: [calico, component, node, health, --felix-live, |]\n'));
  assert.deepEqual(unified, ['--bird-live', '--bird6-live']);
});

test('calico-node with a non-BGP backend: no BIRD flags', () => {
  const env = '            - {name: CALICO_NETWORKING_BACKEND, value: vxlan}\n';
  assert.deepEqual(labels(calicoNode('          livenessProbe:\n            exec:\n              command:\n                - /bin/calico-node\n                - |\n', env)), ['-felix-live']);
});

// projectcalico/calico v3.32.1 node/filesystem/etc/rc.local starts bird6 with any BGP backend, and
// node/pkg/health/health.go RunOutput's -bird6-* checks ask that bird6 (bird6.ctl): with IPv6 off it
// has no IPv6 peers, so the checks look at nothing. They used to be offered, with "IPv6 off here" in the detail.
const IPV6_OFF = '            - {name: FELIX_IPV6SUPPORT, value: "false"}\n';
const LIVENESS_ITEMS = (items: string) => `          livenessProbe:\n            exec:\n              command:\n                - /bin/calico-node\n${items}`;

test('calico-node with IPv6 off (FELIX_IPV6SUPPORT false or IP6 none): no -bird6-* flags', () => {
  assert.deepEqual(labels(calicoNode(LIVENESS_ITEMS('                - |\n'), IPV6_OFF)), ['-felix-live', '-bird-live']);
  const ip6None = '            - {name: IP6, value: none}\n';
  assert.deepEqual(labels(calicoNode('          readinessProbe:\n            exec:\n              command: [/bin/calico-node, |]\n', ip6None)), ['-felix-ready', '-bird-ready']);
});

test('every check that fits already there: one item that inserts nothing and says why, so VS Code does not fall back to its word list', () => {
  // Calico v3.32.1 calico.yaml: -felix-live and -bird-live, FELIX_IPV6SUPPORT "false". An empty answer here
  // made VS Code show the words of the file on Ctrl+Space.
  const items = complete(calicoNode(LIVENESS_ITEMS('                - -felix-live\n                - -bird-live\n                - |\n'), IPV6_OFF));
  assert.deepEqual(items.map((e) => e.label), ['every liveness check is here']);
  assert.equal(items[0]!.insertText, '');
  assert.match(items[0]!.documentation, /`-bird6-live`: IPv6 is off here \(FELIX_IPV6SUPPORT\)/);
  // Calico's vxlan manifest: only -felix-live fits, and it is there.
  const vxlan = complete(calicoNode('          livenessProbe:\n            exec:\n              command: [/bin/calico-node, -felix-live, |]\n', '            - {name: CALICO_NETWORKING_BACKEND, value: vxlan}\n'));
  assert.deepEqual(vxlan.map((e) => e.label), ['every liveness check is here']);
  assert.match(vxlan[0]!.documentation, /`-bird-live`: BIRD never runs with the backend vxlan/);
});

test('a flag\'s detail fits VS Code\'s details pane; the release it came with is in its documentation', () => {
  // VS Code 1.139 suggestWidgetDetails wraps a detail longer than the pane with word-break: break-all
  // ("liveness check, sinc e Calico v3.11"); 35 characters fit at the default width.
  const items = complete(calicoNode(LIVENESS_ITEMS('                - |\n')));
  for (const item of items) {
    assert.equal(item.detail, 'Probe Scope · liveness check');
    assert.match(item.documentation, /^Since Calico v3\.\d+\./);
  }
});

test('calico-kube-controllers and calico-typha', () => {
  const kc = `apiVersion: apps/v1
kind: Deployment
metadata: {name: calico-kube-controllers}
spec:
  template:
    spec:
      containers:
        - name: calico-kube-controllers
          image: docker.io/calico/kube-controllers:v3.32.1
          livenessProbe:
            exec:
              command:
                - /usr/bin/check-status
                - |
`;
  assert.deepEqual(labels(kc), ['-l']);
  const typha = `apiVersion: apps/v1
kind: Deployment
metadata: {name: calico-typha}
spec:
  template:
    spec:
      containers:
        - name: calico-typha
          image: docker.io/calico/typha:v3.32.1
          |
`;
  const items = complete(typha);
  assert.equal(items[0]!.label, 'livenessProbe (calico-typha)');
  assert.match(items[0]!.insertText, /httpGet:\n {14}path: \/liveness\n {14}port: 9098\n {14}host: localhost/);
  assert.deepEqual(labels(typha.replace('          |\n', '          readinessProbe:\n            httpGet:\n              port: |\n')), ['9098']);
});

test('beside a schema-driven YAML extension: only what the schema cannot offer', () => {
  const defer = { deferToSchema: true };
  assert.deepEqual(labels(pod(WEB + '    livenessProbe:\n      |\n'), defer), []);
  assert.deepEqual(labels(pod(WEB + '    livenessProbe:\n      httpGet:\n        port: |\n'), defer), ['http', 'metrics', '8080', '9090']);
  const calico = labels(calicoNode('          |\n', FROM_CONFIG, CONFIG('bird')), defer);
  assert.deepEqual(calico, ['livenessProbe (calico-node, BGP)', 'readinessProbe (calico-node, BGP)']);
});

test('no label twice, sortText in rank order, every item replaces the word typed', () => {
  const src = pod(WEB + '    livenessProbe:\n      peri|\n');
  const items = complete(src);
  assert.equal(new Set(items.map((e) => e.label)).size, items.length);
  assert.deepEqual(items.map((e) => e.sortText), [...items.map((e) => e.sortText)].sort());
  const at = src.indexOf('|');
  for (const item of items) assert.deepEqual(item.replace, { start: at - 4, end: at });
});
