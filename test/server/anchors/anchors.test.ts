/**
 * YAML merge keys and aliases, read as kubectl reads them (sigs.k8s.io/yaml → go-yaml v2; see
 * server/src/manifest/aliases.ts): no false errors on manifests built from anchors, no misses
 * through aliases, findings at the alias pointing at the anchor, fixes that say they edit the anchor.
 * Through the command line's engine.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintJson, type LintedFinding } from '../../support/lint-json';

const lint = (text: string) => lintJson(['-'], text).findings;
const errors = (text: string) => lint(text).filter((f) => f.severity === 'error');
const brief = (f: LintedFinding) => `${f.line}:${f.column} ${f.ruleId}`;

const deployment = (body: string, preamble = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
${preamble}spec:
  template:
    spec:
      containers:
${body}`;

test('a merge key in a flow probe: no probe-no-handler and no unknown field "<<"', () => {
  const text = deployment(
    `      - name: app
        image: app
        livenessProbe: {<<: *probe, failureThreshold: 6}
        readinessProbe:
          <<: *probe
          periodSeconds: 5
`,
    `x-probe: &probe
  httpGet: {path: /healthz, port: 8080}
  timeoutSeconds: 2
`,
  );
  assert.deepEqual(lint(text).map(brief), []);
});

test('anchor-based manifests (aliased probes, containers, ports; lists of merges) get no error', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
x-defaults:
  timing: &timing {periodSeconds: 10, timeoutSeconds: 3}
  http: &http {httpGet: {path: /healthz, port: &port 8080}}
spec:
  containers:
  - &app
    name: app
    image: app
    ports: [{containerPort: *port, name: web}]
    readinessProbe: &ready
      <<: [*http, *timing]
      successThreshold: 2
    startupProbe:
      <<: [*http, *timing]
      failureThreshold: 30
  - <<: *app
    name: copy
    readinessProbe: *ready
    livenessProbe:
      tcpSocket: {port: *port}
`;
  assert.deepEqual(errors(text).map(brief), []);
});

test('livenessProbe: *readiness with successThreshold 2 is checked, reported at the alias, pointing at the anchor', () => {
  const text = deployment(`      - name: app
        image: app
        readinessProbe: &readiness
          httpGet: {path: /ready, port: 8080}
          successThreshold: 2
        livenessProbe: *readiness
`);
  const found = errors(text);
  assert.deepEqual(found.map(brief), ['13:24 probe-success-threshold']);
  assert.match(found[0]!.message, /^spec\.template\.spec\.containers\[0\]\.livenessProbe\.successThreshold: Invalid value: 2: must be 1/);
  assert.deepEqual(
    found[0]!.related?.map((r) => [r.file, r.line, r.column, r.message]),
    [['<stdin>', 10, 25, 'The anchor &readiness that *readiness brings in (used 2 times: where it is written and by 1 alias).']],
  );
  assert.deepEqual(found[0]!.fixes, ['Set successThreshold to 1 (edit the anchor &readiness, used 2 times)']);
});

test('merge order as go-yaml v2: a key after "<<" wins, a key before it loses, the first map of a list wins', () => {
  const base = `x: &base {httpGet: {path: /, port: 8080}, successThreshold: 1}
y: &two {successThreshold: 2}
`;
  const probe = (liveness: string) =>
    deployment(
      `      - name: app
        image: app
        livenessProbe: ${liveness}
`,
      base,
    );
  assert.deepEqual(errors(probe('{<<: *base, successThreshold: 3}')).map((f) => f.ruleId), ['probe-success-threshold']);
  // go-yaml v2 applies "<<" where it stands: the merged 1 overwrites the 3 written before it.
  assert.deepEqual(errors(probe('{successThreshold: 3, <<: *base}')).map((f) => f.ruleId), []);
  assert.deepEqual(errors(probe('{<<: [*base, *two]}')).map((f) => f.ruleId), []);
  const twoFirst = errors(probe('{<<: [*two, *base]}'));
  assert.deepEqual(twoFirst.map((f) => f.ruleId), ['probe-success-threshold']);
  assert.equal(twoFirst[0]!.line, 12, 'reported at the merge key line, on the alias that brings the value in');
});

test('a scalar alias is followed: port *zero is checked at the alias', () => {
  const text = deployment(
    `      - name: app
        image: app
        livenessProbe:
          tcpSocket: {port: *zero}
`,
    'x: &zero 0\n',
  );
  assert.deepEqual(errors(text).map(brief), ['12:29 probe-port-invalid']);
});

test('a misspelled field inside a merged anchor is reported at the use', () => {
  const text = deployment(
    `      - name: app
        image: app
        livenessProbe: {<<: *probe}
`,
    `x: &probe {httpGet: {path: /, port: 8080}, periodSecond: 5}
`,
  );
  const found = errors(text).filter((f) => f.ruleId === 'probe-unknown-field');
  assert.deepEqual(found.map(brief), ['11:29 probe-unknown-field']);
  assert.match(found[0]!.fixes[0]!, /^Rename to periodSeconds \(edit the anchor &probe, used 2 times\)$/);
});

test('a merge of something that is not a map stays as written (go-yaml rejects it too)', () => {
  const text = deployment(
    `      - name: app
        image: app
        livenessProbe: {<<: *name, httpGet: {path: /, port: 8080}}
`,
    'x: &name hello\n',
  );
  assert.deepEqual(errors(text).map((f) => f.ruleId), ['probe-unknown-field']);
});

test('an alias inside its own anchor, and many aliases, finish quickly', () => {
  const cycle = deployment(
    `      - &c
        name: app
        image: app
        env: [*c]
        livenessProbe: {httpGet: {path: /, port: 8080}}
`,
  );
  const started = Date.now();
  assert.deepEqual(errors(cycle).map((f) => f.ruleId), []);
  const many = deployment(
    Array.from({ length: 60 }, (_, i) => `      - {name: c${i}, image: x, livenessProbe: *p}\n`).join(''),
    'x: &p {httpGet: {path: /, port: 8080}, successThreshold: 3}\n',
  );
  const found = errors(many);
  assert.equal(found.length, 60);
  assert.match(found[0]!.fixes[0]!, /used 61 times/);
  assert.ok(Date.now() - started < 5000);
});

test('every fix offered through a merged anchor leaves valid YAML, and says it edits the anchor', async () => {
  const { analyseManifest } = await import('../../../server/src/manifest/manifest');
  const { RuleEngine } = await import('../../../server/src/rules/engine');
  const { parseDocument } = await import('yaml');
  const cases = [
    // A block anchor merged into a flow map, and the reverse: a fix may not write one style into the other.
    'x: &probe\n  periodSeconds: 5\n  periodSecond: 3\n',
    'x: &probe {periodSeconds: 5, periodSecond: 3}\n',
  ];
  for (const preamble of cases) {
    for (const use of ['{<<: *probe}', '\n          <<: *probe\n          timeoutSeconds: 1']) {
      const text = deployment(`      - name: app\n        image: app\n        livenessProbe: ${use}\n`, preamble);
      const findings = new RuleEngine().run(analyseManifest(text)).filter((f) => f.severity === 'error');
      assert.ok(findings.some((f) => f.ruleId === 'probe-no-handler'), text);
      for (const finding of findings) {
        for (const fix of finding.fixes ?? []) {
          let fixed = text;
          for (const edit of [...fix.edits].sort((a, b) => b.start - a.start)) fixed = fixed.slice(0, edit.start) + edit.newText + fixed.slice(edit.end);
          assert.deepEqual(parseDocument(fixed).errors.map((e) => e.message), [], `${fix.title} on\n${text}`);
          if (fix.edits.some((e) => e.start < text.indexOf('spec:'))) {
            assert.match(fix.title, /\(edit the anchor &probe, used 2 times\)$/);
            assert.notEqual(fix.preferred, true);
            assert.notEqual(fix.safe, true);
          }
        }
      }
    }
  }
});

test('liveness written as an alias of readiness: the fix merges the anchor instead of editing it', async () => {
  const { analyseManifest } = await import('../../../server/src/manifest/manifest');
  const { RuleEngine } = await import('../../../server/src/rules/engine');
  const text = deployment(`      - name: app
        image: app
        readinessProbe: &readiness
          httpGet: {path: /ready, port: 8080}
        livenessProbe: *readiness
`);
  const finding = new RuleEngine().run(analyseManifest(text)).find((f) => f.ruleId === 'probe-liveness-equals-readiness');
  assert.ok(finding);
  assert.deepEqual(finding.fixes?.map((f) => f.title), ['Give liveness its own larger failureThreshold (6), merging *readiness']);
  const edit = finding.fixes![0]!.edits[0]!;
  const fixed = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
  assert.match(fixed, /livenessProbe: \{<<: \*readiness, failureThreshold: 6\}\n$/);
  assert.deepEqual(lint(fixed).map(brief), [], 'fixed: the probes differ now, and nothing else is reported');
});

test('a ConfigMap whose data merges an anchor is not read as the whole list of its keys', async () => {
  const { analyseManifest } = await import('../../../server/src/manifest/manifest');
  const { declaredConfigMaps } = await import('../../../server/src/manifest/config-maps');
  const manifest = analyseManifest(`apiVersion: v1
kind: ConfigMap
metadata: {name: felix-env}
x: &common {FELIX_HEALTHENABLED: "true"}
data:
  <<: *common
  FELIX_LOGSEVERITYSCREEN: info
`);
  assert.deepEqual(declaredConfigMaps(manifest.documents), []);
});
