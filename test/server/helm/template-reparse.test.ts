/**
 * A keystroke in a chart's template re-parses only the block it is in (helm/template-reparse.ts),
 * and a values keystroke only the lines it writes into each template it feeds: the model must be
 * the one a whole parse gives (every node with its comments and ranges, the mask, the pod specs,
 * every finding: test/support/model-equality.ts), on edits at the lines of every fixture template,
 * and anything that changes the mask elsewhere (an action added or removed, a branch chosen anew)
 * must fall back to the whole parse or give the same model.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { DocumentStore } from '../../../server/src/documents';
import { maskCount, maskTemplateOnce } from '../../../server/src/helm/template-mask';
import { updateTemplateManifest, updateTemplateText } from '../../../server/src/helm/template-reparse';
import { HelmValuesChecks } from '../../../server/src/helm/values-probes';
import { analyseManifest, type Manifest, type TextChange } from '../../../server/src/manifest/manifest';
import { RuleEngine } from '../../../server/src/rules/engine';
import { allRules } from '../../../server/src/rules/index';
import { modelDifference } from '../../support/model-equality';
import { REPO } from '../../support/paths';
import { countingParses } from '../../support/yaml-parses';

const TEMPLATE = { template: true } as const;
const CHARTS = join(REPO, 'test/fixtures/helm');

function templates(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) templates(path, out);
    else if (/\/templates\/(?:[^_/][^/]*\/)*[^_/][^/]*\.ya?ml$/.test(path)) out.push(path);
  }
  return out;
}

function apply(text: string, change: TextChange): string {
  return text.slice(0, change.start) + change.text + text.slice(change.end);
}

/** The incremental model after `change`, checked against a whole parse; whether the block-wise path took it. */
function checkEdit(text: string, change: TextChange, label: string): boolean {
  const after = apply(text, change);
  const updated = updateTemplateManifest(analyseManifest(text, undefined, TEMPLATE), change, after);
  if (!updated) return false;
  const difference = modelDifference(updated, analyseManifest(after, undefined, TEMPLATE));
  assert.equal(difference, undefined, `${label} ${JSON.stringify(change)}`);
  return true;
}

const AT_LINE_END: ReadonlyArray<(at: number) => TextChange> = [
  (at) => ({ start: at, end: at, text: 'x' }),
  (at) => ({ start: at, end: at, text: ' ' }),
  (at) => ({ start: at - 1, end: at, text: '' }),
  (at) => ({ start: at, end: at, text: '7' }),
  (at) => ({ start: at, end: at, text: ' # note' }),
  (at) => ({ start: at, end: at, text: '\n' }),
  (at) => ({ start: at, end: at, text: ': a' }),
  (at) => ({ start: at, end: at, text: ' {{ .Values.extra }}' }),
];

test('an edit at the end of a line of any fixture template gives the whole parse\'s model (every 10th line, eight edit kinds)', () => {
  let edits = 0;
  let blockWise = 0;
  for (const path of templates(CHARTS)) {
    const text = readFileSync(path, 'utf8');
    if (!text.includes('{{') || !/containers|Probe/.test(text)) continue;
    let line = 0;
    for (let at = text.indexOf('\n'); at > 0; at = text.indexOf('\n', at + 1)) {
      if (line++ % 10 !== 0) continue;
      edits++;
      if (checkEdit(text, AT_LINE_END[line % AT_LINE_END.length]!(at), path)) blockWise++;
    }
  }
  // Most lines of a template are inside a container's or a probe's block.
  assert.ok(blockWise > edits / 4, `${blockWise} of ${edits} edits read block-wise`);
});

test('edits at spread offsets of the public charts\' workload templates give the whole parse\'s model, one by one and chained', () => {
  const kinds: ReadonlyArray<(text: string, at: number) => TextChange> = [
    (_, at) => ({ start: at, end: at, text: ' ' }),
    (_, at) => ({ start: at, end: at, text: 'q' }),
    (text, at) => ({ start: at, end: Math.min(text.length, at + 1), text: '' }),
    (_, at) => ({ start: at, end: at, text: '\n' }),
    (_, at) => ({ start: at, end: at, text: '- ' }),
    (_, at) => ({ start: at, end: at, text: '}}' }),
    (_, at) => ({ start: at, end: at, text: '{{ end }}' }),
    (_, at) => ({ start: at, end: at, text: '"' }),
  ];
  let state = 20261206;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let blockWise = 0;
  for (const path of templates(join(CHARTS, 'public')).filter((p) => /deployment|daemonset|statefulset/.test(p))) {
    let text = readFileSync(path, 'utf8');
    let model = analyseManifest(text, undefined, TEMPLATE);
    for (let n = 0; n < 12; n++) {
      const change = kinds[Math.floor(next() * kinds.length)]!(text, Math.floor(next() * text.length));
      if (checkEdit(text, change, path)) blockWise++;
      // Chained: the block-wise model of the last edit is the one the next edit updates.
      const after = apply(text, change);
      model = updateTemplateManifest(model, change, after) ?? analyseManifest(after, undefined, TEMPLATE);
      assert.equal(modelDifference(model, analyseManifest(after, undefined, TEMPLATE)), undefined, `${path} chained ${JSON.stringify(change)}`);
      text = after;
    }
  }
  assert.ok(blockWise > 0);
});

test('adding or removing a template action, or changing the branch an if keeps, is read as a whole parse reads it', () => {
  const text = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: api',
    '          image: nginx',
    '          livenessProbe:',
    '            {{- if .Values.short }}',
    '            httpGet:',
    '              path: /',
    '              port: 80',
    '            {{- else }}',
    '            tcpSocket:',
    '              port: 80',
    '            {{- end }}',
    '            periodSeconds: 10',
    '          readinessProbe:',
    '            exec:',
    '              command: ["true"]',
    '            periodSeconds: {{ .Values.period }}',
    '          ports:',
    '            - containerPort: 80',
    '',
  ].join('\n');
  const at = (s: string, after = 0) => text.indexOf(s, after);
  const cases: TextChange[] = [
    // An action written into a literal value, and one taken out (unknownAt changes).
    { start: at('nginx'), end: at('nginx') + 5, text: '{{ .Values.image }}' },
    { start: at('{{ .Values.period }}'), end: at('{{ .Values.period }}') + '{{ .Values.period }}'.length, text: '5' },
    // A line added to the else branch: that branch now has more lines and is the one kept.
    { start: at('tcpSocket:'), end: at('tcpSocket:'), text: 'timeoutSeconds: 1\n            failureThreshold: 2\n            ' },
    // The `if` line's action broken open: the mask changes everywhere after it.
    { start: at('{{- if') + 2, end: at('{{- if') + 3, text: '' },
    { start: at('periodSeconds: 10') + 16, end: at('periodSeconds: 10') + 17, text: '1' },
  ];
  for (const change of cases) checkEdit(text, change, 'case');
  // The plain digit edit is read block-wise; the others are whole parses or the same model.
  assert.equal(checkEdit(text, cases[4]!, 'digit'), true);
});

test('a keystroke in an open template parses only the block it is in (ingress-nginx\'s controller Deployment, seeded-app)', () => {
  const cases = [
    // Whole masks of the new text: after an action, one; on a line of YAML alone, none (the mask is edited in place).
    { path: 'test/fixtures/helm/public/ingress-nginx/templates/controller-deployment.yaml', line: /^ {10}\{\{- if \.Values\.controller\.livenessProbe \}\}$/m, masks: 1 },
    { path: 'test/fixtures/helm/seeded-app/templates/deployment.yaml', line: /^ {14}port: http$/m, masks: 0 },
  ];
  for (const c of cases) {
    const path = join(REPO, c.path);
    const text = readFileSync(path, 'utf8');
    const store = new DocumentStore();
    const uri = pathToFileURL(path).href;
    store.openDocument(uri, 'yaml', 1, text);
    assert.ok(store.get(uri)!.manifest);
    const match = c.line.exec(text)!;
    const offset = match.index + match[0].length;
    const position = { line: text.slice(0, offset).split('\n').length - 1, character: match[0].length };
    store.change(uri, 2, [{ range: { start: position, end: position }, text: ' ' }]);
    let manifest: Manifest | undefined;
    // The text before the keystroke was masked by the keystroke before it (the model's first read masks without remembering).
    maskTemplateOnce(text);
    const masks = maskCount.masks;
    const texts = countingParses(() => (manifest = store.get(uri)!.manifest)).texts;
    assert.equal(maskCount.masks - masks, c.masks, `${c.path}: whole masks`);
    assert.equal(texts.length, 1, c.path);
    assert.ok(texts[0]!.length < 800, `${c.path}: parsed ${texts[0]!.length} of ${text.length} characters`);
    assert.equal(modelDifference(manifest!, analyseManifest(apply(text, { start: offset, end: offset, text: ' ' }), undefined, TEMPLATE)), undefined);
  }
});

test('a values keystroke re-parses only the lines it writes into each template it feeds, with the findings of a fresh check', () => {
  const path = join(REPO, 'test/fixtures/helm/seeded-app/values.yaml');
  const uri = pathToFileURL(path).href;
  let text = readFileSync(path, 'utf8');
  const engine = new RuleEngine({ rules: allRules });
  const seen = (checks: HelmValuesChecks, values: string) =>
    checks.findings(uri, analyseManifest(values, undefined, { plain: true })).map((f) => `${f.ruleId} ${f.document.base + f.span.start}-${f.document.base + f.span.end} ${f.message} ${(f.related ?? []).map((r) => `${r.uri}:${r.start.line}`).join(',')}`).sort();
  const kept = new HelmValuesChecks({ engine, openText: () => undefined });
  seen(kept, text);
  // The seeded liveness block feeds two containers: a keystroke there changes two places of the template.
  const at = /^ {2}successThreshold: \d+$/m.exec(text)!;
  const offset = at.index + at[0].length;
  const edits: TextChange[] = [
    { start: offset, end: offset, text: ' ' },
    { start: offset - 1, end: offset, text: '3' },
    { start: offset, end: offset, text: '\n  timeoutSeconds: 0' },
    { start: text.indexOf('path: /'), end: text.indexOf('path: /'), text: '  ' },
  ];
  for (const edit of edits) {
    const after = apply(text, edit);
    const masks = maskCount.masks;
    const { result, texts } = countingParses(() => seen(kept, after));
    // The spliced template is masked once, not once per place the block feeds.
    if (edit === edits[0] || edit === edits[1]) assert.equal(maskCount.masks - masks, 1, `masks for ${JSON.stringify(edit)}`);
    assert.deepEqual(result, seen(new HelmValuesChecks({ engine, openText: () => undefined }), after), JSON.stringify(edit));
    // The values file itself is parsed here by the test; the template is not parsed whole again.
    if (edit === edits[0]) assert.ok(!texts.some((t) => t.includes('kind: Deployment')), `parsed ${texts.map((t) => t.length).join(', ')} characters`);
    text = after;
  }
});

test('updateTemplateText: texts that differ in one stretch or in pieces, and a model that needs no change', () => {
  const text = 'kind: Pod\nspec:\n  containers:\n    - name: a\n      image: {{ .Values.image }}\n      livenessProbe:\n        exec:\n          command: ["true"]\n        periodSeconds: 5\n      ports: []\n';
  const model = () => analyseManifest(text, undefined, TEMPLATE);
  assert.equal(updateTemplateText(model(), text, text)?.documents.length, 1);
  const after = text.replace('periodSeconds: 5', 'periodSeconds: 50');
  const updated = updateTemplateText(model(), text, after);
  assert.ok(updated);
  assert.equal(modelDifference(updated, analyseManifest(after, undefined, TEMPLATE)), undefined);
  // Pieces given by cuts that do not match in number: the one-stretch reading.
  assert.ok(updateTemplateText(model(), text, after, { old: [1], new: [] }));
  // Two places changed (a values block written twice), masked once: the whole parse's model; a mask
  // that changed after the last place (an `if` keeping another branch) is left to the whole parse.
  const twice = text.replace('      ports: []\n', '      ports: []\n    - name: b\n      livenessProbe:\n        exec:\n          command: ["true"]\n        periodSeconds: 5\n');
  const first = twice.indexOf('periodSeconds: 5') + 'periodSeconds: 5'.length;
  const second = twice.lastIndexOf('periodSeconds: 5') + 'periodSeconds: 5'.length;
  const both = `${twice.slice(0, first)}0${twice.slice(first, second)}0${twice.slice(second)}`;
  const cuts = { old: [first + 1, second - 1], new: [first + 2, second] };
  const two = updateTemplateText(analyseManifest(twice, undefined, TEMPLATE), twice, both, cuts);
  assert.ok(two);
  assert.equal(modelDifference(two, analyseManifest(both, undefined, TEMPLATE)), undefined);
  const branch = `${twice}{{- if .Values.x }}\n{{- else }}\nextra: 1\n{{- end }}\n`;
  const branchBoth = `${both}{{- if .Values.x }}\n{{- else }}\nextra: 1\n{{- end }}\n`;
  const kept = updateTemplateText(analyseManifest(branch, undefined, TEMPLATE), branch, branchBoth, cuts);
  assert.ok(!kept || modelDifference(kept, analyseManifest(branchBoth, undefined, TEMPLATE)) === undefined);
});
