import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseDocument } from 'yaml';
import { maskCount, maskTemplate, maskTemplateEdited, maskTemplateOnce, UNKNOWN_CHAR } from '../../../server/src/helm/template-mask';
import { REPO } from '../../support/paths';

const FIXTURES = join(REPO, 'test/fixtures/helm');

function templatesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...templatesUnder(path));
    else if (/\/templates\/(?:.*\/)?[^_/][^/]*\.ya?ml$/.test(path)) out.push(path);
  }
  return out;
}

test('masking keeps the length, every newline and every character outside actions', () => {
  const text = 'a: {{ .Values.a }}\n{{- if .Values.b }}\nb: "{{ .Values.c }}:x"\n{{- end }}\n';
  const masked = maskTemplate(text).text;
  assert.equal(masked.length, text.length);
  assert.deepEqual([...masked.matchAll(/\n/g)].map((m) => m.index), [...text.matchAll(/\n/g)].map((m) => m.index));
  const line = (n: number): string => '#' + ' '.repeat(n - 1);
  assert.equal(masked, `a: ${UNKNOWN_CHAR.repeat(15)}\n${line(19)}\nb: "${UNKNOWN_CHAR.repeat(15)}:x"\n${line(10)}\n`);
});

test('whole-line output is an injection, a value inside a line is unknown, a with block names the values path of its dot', () => {
  const text = [
    '          {{- with .Values.livenessProbe }}',
    '          livenessProbe:',
    '            {{- toYaml . | nindent 12 }}',
    '          {{- end }}',
    '          readinessProbe:',
    '            periodSeconds: {{ .Values.period }}',
  ].join('\n');
  const { text: masked, actions } = maskTemplate(text);
  const doc = parseDocument(masked);
  assert.deepEqual(doc.errors, []);
  const toYaml = actions.find((a) => a.body.startsWith('toYaml'))!;
  assert.equal(toYaml.injects, true);
  assert.deepEqual(toYaml.dot, ['livenessProbe']);
  assert.equal(actions.find((a) => a.body === '.Values.period')!.injects, false);
  assert.match(masked.split('\n')[5]!, new RegExp(`periodSeconds: ${UNKNOWN_CHAR}+$`));
});

test('of an if/else chain the branch with the most YAML lines is kept, the others blanked', () => {
  // bitnami/nginx 22.1.1 templates/deployment.yaml: the custom probe in one line, the default one with its handler.
  const text = [
    'c:',
    '  {{- if .Values.customLivenessProbe }}',
    '  livenessProbe: {{- include "common.tplvalues.render" (dict "value" .Values.customLivenessProbe "context" $) | nindent 12 }}',
    '  {{- else if .Values.livenessProbe.enabled }}',
    '  livenessProbe: {{- include "common.tplvalues.render" (dict "value" (omit .Values.livenessProbe "enabled") "context" $) | nindent 12 }}',
    '    tcpSocket:',
    '      port: http',
    '  {{- end }}',
  ].join('\n');
  const { text: masked, actions } = maskTemplate(text);
  const doc = parseDocument(masked);
  assert.deepEqual(doc.errors, []);
  assert.deepEqual(doc.toJS(), { c: { livenessProbe: { tcpSocket: { port: 'http' } } } });
  assert.equal(actions.filter((a) => a.dropped).length, 1);
  assert.equal(actions.find((a) => a.body.includes('omit'))!.injects, true);
  // A kept offset wins over the line count.
  const custom = text.indexOf('livenessProbe: {{- include');
  assert.match(maskTemplate(text, { keep: [custom] }).text, new RegExp(`livenessProbe: ${UNKNOWN_CHAR}+\n`));
  assert.doesNotMatch(maskTemplate(text, { keep: [custom] }).text, /tcpSocket/);
});

test('a define body renders nothing where it is written; an action in a block scalar keeps the scalar valid', () => {
  const text = '{{- define "x" }}\na: 1\n{{- end }}\nscript: |\n  {{- if .Values.fix }}\n  echo {{ .Values.x }}\n  {{- end }}\n';
  const masked = maskTemplate(text).text;
  const doc = parseDocument(masked);
  assert.deepEqual(doc.errors, []);
  assert.equal(Object.keys(doc.toJS() as object).join(), 'script');
});

test('unterminated actions, quotes holding }} and raw strings spanning lines neither hang nor shift anything', () => {
  for (const text of ['a: {{ "}}" }} b', 'a: {{ `x\n}}\n` }}\nb: 1', 'a: {{ .Values.x', '{{/* a\n comment */}}\nb: 1', '{{'.repeat(10000)]) {
    const masked = maskTemplate(text).text;
    assert.equal(masked.length, text.length);
    assert.equal(masked.split('\n').length, text.split('\n').length);
  }
  assert.match(maskTemplate('a: {{ "}}" }} b').text, new RegExp(`^a: ${UNKNOWN_CHAR}{10} b$`));
});

test('every template of the fixture charts (helm create style and public charts) masks to YAML without errors', () => {
  const files = templatesUnder(FIXTURES);
  assert.ok(files.length > 50, `only ${files.length} templates found`);
  for (const file of files) {
    const masked = maskTemplate(readFileSync(file, 'utf8')).text;
    for (const part of masked.split(/^---[ \t]*$/m)) {
      const errors = parseDocument(part, { uniqueKeys: false }).errors.map((e) => e.message.split('\n')[0]);
      assert.deepEqual(errors, [], file);
    }
  }
});

test('a mask after a one-line edit, from the mask before it, is the whole mask of the new text (every 10th line of every fixture template, six edit kinds)', () => {
  const masks = () => maskCount.masks;
  let inPlace = 0;
  for (const path of templatesUnder(FIXTURES)) {
    const text = readFileSync(path, 'utf8');
    let lineStart = 0;
    for (let line = 0; lineStart < text.length; line++) {
      const newline = text.indexOf('\n', lineStart);
      const lineEnd = newline < 0 ? text.length : newline;
      const indent = /^[ \t]*/.exec(text.slice(lineStart, lineEnd))![0].length;
      // [start, end, inserted]: a comment and a letter at the end, a letter at the content's start,
      // a space in the indentation, the line's last character removed, braces that open an action.
      const edits: Array<[number, number, string]> = [
        [lineEnd, lineEnd, ' #x'],
        [lineEnd, lineEnd, 'x'],
        [lineStart + indent, lineStart + indent, 'x'],
        [lineStart, lineStart, ' '],
        [Math.max(lineStart, lineEnd - 1), lineEnd, ''],
        [lineEnd, lineEnd, ' {{'],
      ];
      for (const [start, end, inserted] of line % 10 === 0 ? edits : []) {
        const after = text.slice(0, start) + inserted + text.slice(end);
        maskTemplateOnce(text);
        const before = masks();
        const edited = maskTemplateEdited(text, after, { start, end, inserted: inserted.length });
        if (masks() === before) inPlace++;
        const whole = maskTemplate(after);
        assert.equal(edited.text, whole.text, `${path}:${text.slice(0, lineStart).split('\n').length} ${JSON.stringify(inserted)}`);
        assert.deepEqual(edited.actions, whole.actions, `${path}:${text.slice(0, lineStart).split('\n').length} ${JSON.stringify(inserted)}: actions`);
      }
      lineStart = lineEnd + 1;
    }
  }
  assert.ok(inPlace > 300, `${inPlace} masks made in place`);
});
