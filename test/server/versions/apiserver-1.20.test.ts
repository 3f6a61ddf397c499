/**
 * `probe-scope lint --kubernetes-version 1.20` agrees with the real kube-apiserver v1.20.2 on every
 * probe and lifecycle case of probe-cases.ts: each case goes to the apiserver through
 * `kubectl create --dry-run=server` twice, once with kubectl's default validation (before 1.25 an
 * unknown field is caught by kubectl's schema check against the server's OpenAPI: "unknown field")
 * and once with `--validate=false` (the apiserver decodes, drops unknown fields, validates). The
 * fields named by either must be exactly the fields the lint's errors name, and a case is rejected
 * by the apiserver exactly when the lint reports an error.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { apiServerSkipReason, ensureApiServer, type RunningApiServer } from '../../support/apiserver';
import { PROBE_CASES, type ProbeCase } from './probe-cases';

const skip = apiServerSkipReason() ?? (spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0 ? undefined : 'kubectl is not installed');

function podOf(probeCase: ProbeCase, index: number): object {
  const app = { name: 'app', image: 'busybox', ports: [{ name: 'http', containerPort: 8080 }], ...probeCase.app };
  const spec = { containers: [app], ...probeCase.pod };
  const metadata = { name: `case-${index}`, namespace: 'default' };
  if (!probeCase.deployment) return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
  const labels = { app: `case-${index}` };
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec } } };
}

/** Field paths without list indices (every case has one container per list; decode errors name none). */
function normalise(path: string): string {
  return path.replace(/\[\d+\]/g, '');
}

function runKubectl(server: RunningApiServer, args: string[], input: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', ['--kubeconfig', server.kubeconfigPath, '--context', 'admin', ...args], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stderr });
    });
    child.stdin.end(input);
  });
}

interface ApiVerdict {
  readonly rejected: boolean;
  readonly paths: readonly string[];
  readonly said: string;
}

/** kubectl's schema errors: `ValidationError(Pod.spec…): unknown field "grpc" in …` (or `Deployment.spec…`) and type errors. */
function schemaPaths(stderr: string): string[] {
  const paths: string[] = [];
  for (const m of stderr.matchAll(/ValidationError\(\w+\.([^)]+)\): (?:unknown field "([^"]+)"|invalid type for [\w.]+|missing required field "([^"]+)")/g)) {
    paths.push(m[2] ? `${m[1]}.${m[2]}` : m[3] ? `${m[1]}.${m[3]}` : m[1]!);
  }
  return paths;
}

/** The apiserver's field errors: `The Pod "x" is invalid: <path>: …` or one `* <path>: …` per line. */
function validationPaths(stderr: string): string[] {
  return [...stderr.matchAll(/(?:^\* |is invalid: )(spec\.[\w.[\]]+): /gm)].map((m) => m[1]!);
}

async function apiserverVerdict(server: RunningApiServer, yamlText: string): Promise<ApiVerdict> {
  const strict = await runKubectl(server, ['create', '--dry-run=server', '-o', 'name', '-f', '-'], yamlText);
  const loose = await runKubectl(server, ['create', '--dry-run=server', '--validate=false', '-o', 'name', '-f', '-'], yamlText);
  const paths = new Set([...schemaPaths(strict.stderr), ...validationPaths(loose.stderr)].map(normalise));
  return { rejected: strict.code !== 0 || loose.code !== 0, paths: [...paths].sort(), said: `${strict.stderr}${loose.stderr}`.trim() };
}

/** The path each lint error names: `<path>: Invalid value…`, `unknown field "<path>"`, or a decode type error. */
function findingPath(message: string): string | undefined {
  return (
    /unknown field "([^"]+)"/.exec(message)?.[1] ??
    /Go struct field \w+\.(\S+) of type/.exec(message)?.[1] ??
    /^(spec\.[\w.[\]]+): (?:Required|Invalid|Forbidden|Unsupported|Duplicate)/.exec(message)?.[1]
  );
}

interface LintJson {
  readonly file: string;
  readonly severity: string;
  readonly ruleId: string;
  readonly message: string;
}

const CLI = join(process.cwd(), 'cli/src/main.ts');
const TSX = pathToFileURL(createRequire(join(process.cwd(), 'package.json')).resolve('tsx')).href;

describe('probe-scope lint --kubernetes-version 1.20 agrees with kube-apiserver v1.20.2', { skip }, () => {
  let server: RunningApiServer;
  let dir: string;
  let lint: LintJson[];
  const texts = PROBE_CASES.map((c, i) => stringify(podOf(c, i)));

  before(async () => {
    server = await ensureApiServer();
    dir = mkdtempSync(join(tmpdir(), 'probe-scope-v120-'));
    texts.forEach((text, i) => writeFileSync(join(dir, `case-${String(i).padStart(2, '0')}.yaml`), text));
    const result = spawnSync(process.execPath, ['--import', TSX, CLI, 'lint', '--format', 'json', '--kubernetes-version', '1.20', dir], { encoding: 'utf8', timeout: 120_000 });
    assert.ok(result.status === 0 || result.status === 1, result.stderr);
    lint = JSON.parse(result.stdout) as LintJson[];
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  PROBE_CASES.forEach((probeCase, i) => {
    test(probeCase.name, async () => {
      const file = `case-${String(i).padStart(2, '0')}.yaml`;
      const errors = lint.filter((f) => f.file.endsWith(file) && f.severity === 'error');
      const lintPaths = [...new Set(errors.map((f) => findingPath(f.message) ?? `<no path: ${f.ruleId}>`).map(normalise))].sort();
      const api = await apiserverVerdict(server, texts[i]!);
      const context = `\n--- case ---\n${texts[i]}--- apiserver ---\n${api.said || '(accepted)'}\n--- lint ---\n${errors.map((f) => `${f.ruleId}: ${f.message}`).join('\n') || '(no errors)'}`;
      assert.equal(errors.length > 0, api.rejected, `accept/reject differ${context}`);
      assert.deepEqual(lintPaths, api.paths, `field paths differ${context}`);
    });
  });
});
