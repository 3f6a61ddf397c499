/**
 * Chart templates read masked (issue 15, item 2): literal probe fields get every rule, template
 * syntax none, and a value a template action writes is unknown to the rules (never guessed).
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyseManifest } from '../../../server/src/manifest/manifest';
import { RuleEngine } from '../../../server/src/rules/engine';
import { REPO } from '../../support/paths';

const FIXTURES = join(REPO, 'test/fixtures/helm');
const engine = new RuleEngine();

function findings(text: string, template = true): string[] {
  const manifest = analyseManifest(text, undefined, { template });
  const problems = manifest.documents.flatMap((d) => d.parseErrors.map((p) => `parse ${p.message}`));
  const found = engine.run(manifest).map((f) => `${text.slice(0, f.document.base + f.span.start).split('\n').length} ${f.ruleId}`);
  return [...problems, ...found];
}

function templatesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...templatesUnder(path));
    else if (/\/templates\/(?:.*\/)?[^_/][^/]*\.ya?ml$/.test(path)) out.push(path);
  }
  return out;
}

const POD = (container: string) => `apiVersion: v1
kind: Pod
metadata:
  name: {{ include "app.fullname" . }}
  labels:
    {{- include "app.labels" . | nindent 4 }}
spec:
  containers:
    - name: app
      image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
${container}`;

test('a literal probe in a template gets every rule, at the line the user typed (seeded-app startupProbe)', () => {
  const text = readFileSync(join(FIXTURES, 'seeded-app/templates/deployment.yaml'), 'utf8');
  assert.deepEqual(findings(text), [`${text.split('\n').findIndex((l) => l.includes('tcpSocket:')) + 1} probe-multiple-handlers`]);
});

test('values written by template actions are unknown: no type, range, port-name or missing-field finding', () => {
  const text = POD(`      ports:
        - name: http
          containerPort: {{ .Values.port }}
      livenessProbe:
        httpGet:
          path: {{ .Values.path | quote }}
          port: {{ .Values.probePort }}
        successThreshold: {{ .Values.liveness.successThreshold }}
        timeoutSeconds: {{ .Values.timeout }}
        periodSeconds: {{ .Values.period }}
      readinessProbe:
        {{- toYaml .Values.readinessProbe | nindent 8 }}
      startupProbe: {{ toYaml .Values.startupProbe | nindent 8 }}
`);
  assert.deepEqual(findings(text), []);
});

test('the same literal mistakes next to template syntax are still found', () => {
  const text = POD(`      livenessProbe:
        {{- if .Values.extra }}
        initialDelaySeconds: 5
        {{- end }}
        httpGet:
          port: 8080
        tcpSocket:
          port: 8080
        successThreshold: 2
        periodSeconds: {{ .Values.period }}
`);
  assert.deepEqual(findings(text).map((f) => f.split(' ')[1]).sort(), ['probe-multiple-handlers', 'probe-success-threshold']);
});

test('a plain manifest with {{ inside a string is checked as written (no longer skipped)', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: logger}
spec:
  containers:
    - name: app
      image: busybox
      args: ["--log-format={{.Time}} {{.Message}}"]
      command:
        - --log-format={{.Time}}
      livenessProbe:
        exec: {command: [cat, /tmp/ok]}
        successThreshold: 2
`;
  assert.deepEqual(findings(text, false), ['13 probe-success-threshold']);
  assert.equal(analyseManifest(text).documents[0]!.isTemplate, false);
});

test('a plain manifest whose comment holds `key: {{ … }}` is still plain: its strings and duplicate keys are checked as written', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: logger}
spec:
  containers:
    - name: app
      # the chart sets image: {{ .Values.image }}
      image: busybox
      args: ["--log-format={{.Time}}"]
      livenessProbe:
        exec: {command: [cat, /tmp/ok]}
        successThreshold: 2
        successThreshold: 3
`;
  const document = analyseManifest(text).documents[0]!;
  assert.equal(document.isTemplate, false);
  // The duplicate key is a parse finding only a plain manifest reports (a template's keys may repeat across branches).
  const second = text.lastIndexOf('successThreshold');
  assert.ok(document.parseErrors.some((e) => /keys must be unique/.test(e.message) && e.span.start >= second && e.span.start <= second + 'successThreshold'.length), JSON.stringify(document.parseErrors));
  // An action where a value goes, even after a `#` inside a quoted string, still reads as a template.
  assert.equal(analyseManifest('apiVersion: v1\nkind: Pod\nmetadata:\n  name: "a#b"\nspec:\n  containers:\n    - name: {{ .Values.name }}\n').documents[0]!.isTemplate, true);
});

test('every template of the public fixture charts: no parse error and no finding on template syntax', () => {
  for (const file of templatesUnder(join(FIXTURES, 'public'))) {
    assert.deepEqual(findings(readFileSync(file, 'utf8')), [], file);
  }
});

test('hover in a template never tells times from defaults where template output writes them', async () => {
  const { getHover } = await import('../../../server/src/features/hover');
  const text = readFileSync(join(FIXTURES, 'seeded-app/templates/deployment.yaml'), 'utf8');
  const manifest = analyseManifest(text, undefined, { template: true });
  const field = getHover(manifest, text.indexOf('periodSeconds: {{') + 2)!.markdown;
  assert.match(field, /In this startupProbe: not known before rendering \(template output\)\./);
  assert.doesNotMatch(field, /not set: API default/);
  const probe = getHover(manifest, text.indexOf('startupProbe:') + 2)!.markdown;
  assert.match(probe, /Its timing is written by template actions/);
  assert.doesNotMatch(probe, /then every 10 s/);
  // A plain manifest's probe still gets its story.
  const plain = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: i\n      startupProbe:\n        tcpSocket: {port: 80}\n';
  assert.match(getHover(analyseManifest(plain), plain.indexOf('startupProbe:') + 2)!.markdown, /then every 10 s/);
});
