/** `probe-scope lint --kubernetes-version` and `--pod-security-level` as a user runs them. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

const CLI = join(process.cwd(), 'cli/src/main.ts');
const TSX = pathToFileURL(createRequire(join(process.cwd(), 'package.json')).resolve('tsx')).href;

function lint(args: string[], input: string) {
  const result = spawnSync(process.execPath, ['--import', TSX, CLI, 'lint', ...args, '-'], { input, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SIDECAR = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: proxy
    image: envoy
    restartPolicy: Always
    readinessProbe:
      httpGet: {port: 15021, host: 127.0.0.1}
  containers:
  - name: app
    image: app
`;

test('--kubernetes-version 1.27: a sidecar is an unknown field and its probe is an init container probe', () => {
  const { code, stdout } = lint(['--kubernetes-version', '1.27'], SIDECAR);
  assert.equal(code, 1);
  assert.deepEqual(
    stdout.trim().split('\n').filter((line) => line.includes(': error ')).map((line) => line.split(' ').slice(0, 3).join(' ')),
    ['<stdin>:8:5: error field-version-unsupported', '<stdin>:9:5: error probe-on-init-container'],
  );
  assert.equal(lint([], SIDECAR).code, 0, 'latest runs sidecars');
});

test('--pod-security-level baseline: host in a probe is forbidden from 1.34', () => {
  const { code, stdout } = lint(['--pod-security-level', 'baseline'], SIDECAR);
  assert.equal(code, 1);
  assert.match(stdout, /<stdin>:10:30: error probe-host-pod-security pods "p" is forbidden: violates PodSecurity "baseline:latest": probe or lifecycle host \(container "proxy" uses probe or lifecycle host "127.0.0.1"\)/);
  assert.equal(lint(['--pod-security-level', 'baseline', '--kubernetes-version', '1.33'], SIDECAR).code, 0);
});

test('a version that is not one exits 2; one out of range is clamped with a note', () => {
  const bad = lint(['--kubernetes-version', 'v2'], SIDECAR);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--kubernetes-version: "v2" is not a Kubernetes version: write it as "1.29" \(or "latest"\)/);
  const old = lint(['--kubernetes-version', '1.16'], SIDECAR);
  assert.match(old.stderr, /1.16 is older than 1.20, the oldest version Probe Scope models; checking as 1.20/);
  assert.equal(lint(['--pod-security-level', 'strict'], SIDECAR).code, 2);
});
