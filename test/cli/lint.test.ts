/** The command line as a user runs it: a child process, its stdout/stderr and exit status. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { allRules } from '../../server/src/rules/index';
import { HELM_SARIF_RULES } from '../../cli/src/lint-helm';
import { KUSTOMIZE_SARIF_RULES } from '../../cli/src/lint-kustomize';

const CLI = join(process.cwd(), 'cli/src/main.ts');
/** tsx by absolute URL: the child may run in a temporary directory with no node_modules. */
const TSX = pathToFileURL(createRequire(join(process.cwd(), 'package.json')).resolve('tsx')).href;

function run(args: string[], options: { input?: string; cwd?: string; timeoutMs?: number } = {}) {
  const result = spawnSync(process.execPath, ['--import', TSX, CLI, ...args], {
    input: options.input ?? '',
    // A hang is a failure with a message, not a test file that never ends.
    timeout: options.timeoutMs ?? 60_000,
    cwd: options.cwd ?? process.cwd(),
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const BAD = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe:
      gRPC: {port: 2379}
    image: example/app
`;

const WARN_ONLY = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    readinessProbe:
      exec: {command: [cat, /tmp/ready, "|", grep, ok]}
`;

const CLEAN = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 0}
`;

test('lint - prints compiler-style lines and exits 1 on errors', () => {
  const { code, stdout, stderr } = run(['lint', '-'], { input: BAD });
  assert.equal(code, 1);
  assert.deepEqual(stdout.trim().split('\n'), [
    '<stdin>:7:5: error probe-no-handler spec.containers[0].livenessProbe: Required value: must specify a handler type. Add exactly one of exec, httpGet, tcpSocket or grpc.',
    '<stdin>:8:7: error probe-unknown-field Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].livenessProbe.gRPC". Did you mean grpc?',
  ]);
  assert.match(stderr, /1 file checked: 2 error\(s\), 0 warning\(s\)/);
});

test('lint <dir> recurses into *.yaml/*.yml only; warnings alone exit 0; hints are not printed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'probe-scope-cli-'));
  mkdirSync(join(dir, 'nested'));
  mkdirSync(join(dir, 'node_modules'));
  writeFileSync(join(dir, 'nested', 'warn.yml'), WARN_ONLY);
  writeFileSync(join(dir, 'clean.yaml'), CLEAN);
  writeFileSync(join(dir, 'notes.txt'), BAD);
  writeFileSync(join(dir, 'node_modules', 'bad.yaml'), BAD);
  const { code, stdout, stderr } = run(['lint', '.'], { cwd: dir });
  assert.equal(code, 0, stderr);
  assert.deepEqual(stdout.trim().split('\n'), [
    'nested/warn.yml:8:41: warning exec-shell-syntax "|" is shell syntax, but the command is not run by a shell: cat gets it as a literal argument. Run the command with sh -c (the image needs a shell).',
  ]);
  assert.match(stderr, /^2 files checked: 0 error\(s\), 1 warning\(s\)/);
});

test('a directory given absolute prints absolute paths; a relative one, paths relative to the current directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'probe-scope-cli-'));
  mkdirSync(join(dir, 'k8s'));
  writeFileSync(join(dir, 'k8s', 'bad.yaml'), BAD);
  const elsewhere = mkdtempSync(join(tmpdir(), 'probe-scope-cwd-'));
  const absolute = run(['lint', join(dir, 'k8s')], { cwd: elsewhere });
  assert.equal(absolute.code, 1);
  assert.ok(absolute.stdout.split('\n').filter(Boolean).every((line) => line.startsWith(`${join(dir, 'k8s', 'bad.yaml')}:`)), absolute.stdout);
  const relativeRun = run(['lint', 'k8s'], { cwd: dir });
  assert.ok(relativeRun.stdout.startsWith('k8s/bad.yaml:7:5: error '), relativeRun.stdout);
});

test('--format json lists findings with positions and fix titles', () => {
  const { code, stdout } = run(['lint', '--format', 'json', '-'], { input: BAD });
  assert.equal(code, 1);
  const findings = JSON.parse(stdout) as Array<Record<string, unknown>>;
  assert.deepEqual(findings[1], {
    file: '<stdin>',
    line: 8,
    column: 7,
    endLine: 8,
    endColumn: 11,
    severity: 'error',
    ruleId: 'probe-unknown-field',
    message: 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].livenessProbe.gRPC". Did you mean grpc?',
    fixes: ['Rename to grpc', 'Remove gRPC'],
  });
});

test('--format sarif is SARIF 2.1.0 with every rule described', () => {
  const dir = mkdtempSync(join(tmpdir(), 'probe-scope-cli-'));
  writeFileSync(join(dir, 'bad.yaml'), BAD);
  const { code, stdout } = run(['lint', '--format=sarif', 'bad.yaml'], { cwd: dir });
  assert.equal(code, 1);
  const sarif = JSON.parse(stdout);
  assert.equal(sarif.version, '2.1.0');
  const driver = sarif.runs[0].tool.driver;
  assert.equal(driver.name, 'probe-scope');
  // The rules, the parse notices, then the notices of kustomize and of Helm charts (lint-kustomize.ts, lint-helm.ts).
  const notices = [...KUSTOMIZE_SARIF_RULES, ...HELM_SARIF_RULES].map((r) => r.id);
  assert.deepEqual(driver.rules.map((r: { id: string }) => r.id), [...allRules.map((r) => r.id), 'yaml-syntax', 'yaml-alias-limit', ...notices]);
  const rule = driver.rules.find((r: { id: string }) => r.id === 'probe-no-handler');
  assert.equal(rule.helpUri, 'https://github.com/probe-scope/probe-scope/blob/main/docs/rules/probe-no-handler.md');
  assert.equal(rule.defaultConfiguration.level, 'error');
  const result = sarif.runs[0].results[0];
  assert.equal(result.ruleId, 'probe-no-handler');
  assert.equal(driver.rules[result.ruleIndex].id, 'probe-no-handler');
  assert.deepEqual(result.locations[0].physicalLocation, {
    artifactLocation: { uri: 'bad.yaml' },
    region: { startLine: 7, startColumn: 5, endLine: 7, endColumn: 18 },
  });
});

test('a broken Kubernetes document is reported, not passed in silence; the others are still checked; other YAML is left alone', () => {
  const broken = `apiVersion: v1
kind: Pod
metadata: {name: broken}
spec:
  containers:
  - name: c
    livenessProbe: {exec: {command: [true]}
---
not: kubernetes
  bad: [indent
---
${BAD}`;
  const { code, stdout, stderr } = run(['lint', '-'], { input: broken });
  assert.equal(code, 1, stderr);
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 4, stdout);
  // What could be read is still checked (a bare true is a boolean, not a command argument).
  assert.match(lines[0]!, /^<stdin>:7:38: error value-type-mismatch /);
  assert.match(lines[1]!, /^<stdin>:\d+:\d+: warning yaml-syntax This document is not valid YAML; its probes are checked only as far as it could be read: /);
  assert.match(lines[2]!, /^<stdin>:18:5: error probe-no-handler /);
  assert.match(lines[3]!, /^<stdin>:19:7: error probe-unknown-field /);
  assert.match(stderr, /1 file checked: 3 error\(s\), 1 warning\(s\)/);
});

test('an alias bomb in a pod spec is an error (exit 1), not an endless expansion', () => {
  const levels = ['a0: &a0 "lol"'];
  for (let i = 1; i <= 9; i++) levels.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
  const bomb = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: bomb', '  annotations:', ...levels.map((l) => `    ${l}`), 'spec:', '  containers:', '  - name: web', '    livenessProbe: {exec: {command: *a9}}'].join('\n');
  const { code, stdout, stderr } = run(['lint', '-'], { input: bomb, timeoutMs: 60_000 });
  assert.equal(code, 1, stdout + stderr);
  assert.match(stdout, /^<stdin>:7:14: error yaml-alias-limit Too many YAML alias expansions: .*\*a0/m);
});

test('usage problems exit 2 with a message', () => {
  for (const args of [[], ['lint'], ['lint', '--format', 'xml', '-'], ['lint', '--fix', '-'], ['lint', 'no/such/file.yaml'], ['frobnicate']]) {
    const { code, stderr } = run(args);
    assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
    assert.match(stderr, /^probe-scope: /);
  }
  const help = run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /probe-scope lint \[--format text\|json\|sarif\]/);
  for (const flag of ['--help', '-h']) {
    const lintHelp = run(['lint', flag]);
    assert.equal(lintHelp.code, 0, lintHelp.stderr);
    assert.match(lintHelp.stdout, /^Usage:\n  probe-scope lint \[--format text\|json\|sarif\] <path…\|->\n/);
    assert.match(lintHelp.stdout, /--format sarif writes SARIF 2\.1\.0/);
  }
});

