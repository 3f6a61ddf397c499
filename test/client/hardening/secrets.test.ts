/**
 * "Secrets never reach logs, messages or the command line": recognisable credentials are seeded
 * into one kubeconfig (a bearer token, a JWT, a basic-auth password, client key and certificate
 * data, an exec plugin's environment value), then every failure path is driven against the
 * loopback API server: 401, 403, an unreachable server, a CA that did not sign the server's
 * certificate and an exec plugin that fails (and prints its secret on stderr, as plugins do). Every
 * log line (ClusterOptions.log), every snapshot (problem, reconnectReason and the rest), every
 * thrown error and all of `probe-scope status`'s stdout and stderr (the built dist/cli.js) are
 * searched for each secret, its base64 and base64url forms, and its pieces.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { ClusterSnapshot } from '../../../client/src/cluster/model';
import { loadKubeConfig } from '../../../client/src/cluster/kubeconfig';
import { openClusterSession } from '../../../client/src/cluster/session';
import { ClusterHost } from '../../../client/src/views/cluster-host';
import { startLoopbackApiServer, type LoopbackApiServer } from '../../../tools/loopback-apiserver/index';
import { REPO } from '../../support/paths';

const CLI = resolve(REPO, 'dist/cli.js');

/** Made up, but shaped like the real thing so pattern-based scrubbing gets no easier. */
const TOKEN = 'sk8sTok3n-Qz7Rw2Mv9Lt4Xw8Nb3Cy6Pd1Hf5Jg0';
const JWT =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6InByb2JlLXNjb3BlLXRlc3QifQ.' +
  'eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50Iiwic3ViIjoic3lzdGVtOnNlcnZpY2VhY2NvdW50Omt1YmUtc3lzdGVtOnByb2JlLXNjb3BlIn0.' +
  'Zm9yZ2VkLXNpZ25hdHVyZS1Qcm9iZVNjb3BlLTRjOWYyYTdlLTEyMzQ1Ng';
const PASSWORD = 'Pa55w0rd-Kx9Vq2Zr7Lm4Tn8';
const EXEC_ENV_VALUE = 'envS3cret-Wm5Bz8Qr1Yt6Kc3';
const WORKING_EXEC_ENV_VALUE = 'okEnvT0ken-Hq4Ls9Vb2Xn7';
/** Basic-auth credentials in the server URL (`https://user:password@host`). */
const URL_PASSWORD = 'UrlPa55w0rd-Zq8Lm3Tx6';

let server: LoopbackApiServer;
let dir: string;
let kubeconfigPath: string;
let unreachableUrl: string;
/** Copies of the kubeconfig with a syntax error just below a secret. */
const malformed: string[] = [];
/** Every string to look for, with a name for the failure message. */
const needles: [string, string][] = [];
/** Everything the extension or the CLI produced. */
const haystack: { source: string; text: string }[] = [];

function collect(source: string, text: string): void {
  haystack.push({ source, text });
}

function addNeedle(name: string, secret: string): void {
  for (const [form, value] of [
    ['', secret],
    [' (base64)', Buffer.from(secret).toString('base64')],
    [' (base64url)', Buffer.from(secret).toString('base64url')],
  ] as const) {
    // A base64 form ends in padding or in bits that depend on what follows: compare its stable prefix.
    needles.push([name + form, form ? value.replace(/=+$/, '').slice(0, -2) : value]);
  }
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolvePort(port));
    });
  });
}

const CONTEXTS = {
  '401-token': 'a bearer token the server does not know',
  '401-jwt': 'a service-account JWT the server does not know',
  '401-basic': 'basic auth, which the server does not accept',
  '403-cert': 'a client certificate the server ignores (anonymous: 403)',
  'unreachable': 'a server nobody listens on',
  'url-userinfo': 'a server URL with user:password@, nobody listening',
  'wrong-ca': 'a CA that did not sign the server certificate',
  'exec-fails': 'an exec plugin that fails and prints its secret',
} as const;
type ContextName = keyof typeof CONTEXTS;

before(async () => {
  server = await startLoopbackApiServer({ seed: 'calico-small', tls: true });
  dir = mkdtempSync(join(tmpdir(), 'probe-scope-secrets-'));
  // A real client key and certificate (the library parses them), and an unrelated CA.
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'client.key', '-out', 'client.crt', '-days', '2', '-subj', '/CN=probe-scope-secret-client']);
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'other-ca.key', '-out', 'other-ca.crt', '-days', '2', '-subj', '/CN=not-the-loopback-ca']);
  const clientKey = readFileSync(join(dir, 'client.key'), 'utf8');
  const clientCert = readFileSync(join(dir, 'client.crt'), 'utf8');
  const otherCa = readFileSync(join(dir, 'other-ca.crt'), 'utf8');

  const plugin = join(dir, 'failing-plugin.sh');
  writeFileSync(plugin, `#!/bin/sh\necho "login failed: API key $PROBE_SCOPE_API_KEY was rejected; token ${TOKEN}" >&2\nexit 1\n`);
  chmodSync(plugin, 0o755);
  // A plugin that works: it hands out the loopback admin token (the server's, not a seeded secret).
  const workingPlugin = join(dir, 'working-plugin.sh');
  const credential = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: server.tokens.admin } });
  writeFileSync(workingPlugin, `#!/bin/sh\necho '${credential}'\n`);
  chmodSync(workingPlugin, 0o755);
  const unreachable = `https://127.0.0.1:${await freePort()}`;
  unreachableUrl = unreachable;
  const b64 = (text: string) => Buffer.from(text).toString('base64');

  kubeconfigPath = join(dir, 'kubeconfig');
  const kubeconfigText = [
    'apiVersion: v1',
    'kind: Config',
    'current-context: 401-token',
    'clusters:',
    `- name: loopback\n  cluster:\n    server: ${server.url}\n    certificate-authority-data: ${b64(server.caCert!)}`,
    `- name: wrong-ca\n  cluster:\n    server: ${server.url}\n    certificate-authority-data: ${b64(otherCa)}`,
    `- name: unreachable\n  cluster:\n    server: ${unreachable}\n    certificate-authority-data: ${b64(server.caCert!)}`,
    `- name: url-userinfo\n  cluster:\n    server: ${unreachable.replace('https://', `https://probe:${URL_PASSWORD}@`)}\n    certificate-authority-data: ${b64(server.caCert!)}`,
    'users:',
    `- name: token\n  user:\n    token: ${TOKEN}`,
    `- name: jwt\n  user:\n    token: ${JWT}`,
    `- name: basic\n  user:\n    username: probe\n    password: ${PASSWORD}`,
    `- name: cert\n  user:\n    client-certificate-data: ${b64(clientCert)}\n    client-key-data: ${b64(clientKey)}`,
    `- name: exec\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: ${plugin}\n      interactiveMode: Never\n      env:\n      - name: PROBE_SCOPE_API_KEY\n        value: ${EXEC_ENV_VALUE}`,
    `- name: exec-ok\n  user:\n    client-certificate-data: ${b64(clientCert)}\n    client-key-data: ${b64(clientKey)}\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: ${workingPlugin}\n      interactiveMode: Never\n      env:\n      - name: API_TOKEN\n        value: ${WORKING_EXEC_ENV_VALUE}`,
    'contexts:',
    '- name: exec-works\n  context: {cluster: loopback, user: exec-ok, namespace: kube-system}',
    '- name: 401-token\n  context: {cluster: loopback, user: token, namespace: kube-system}',
    '- name: 401-jwt\n  context: {cluster: loopback, user: jwt, namespace: kube-system}',
    '- name: 401-basic\n  context: {cluster: loopback, user: basic, namespace: kube-system}',
    '- name: 403-cert\n  context: {cluster: loopback, user: cert, namespace: kube-system}',
    '- name: unreachable\n  context: {cluster: unreachable, user: token, namespace: kube-system}',
    '- name: url-userinfo\n  context: {cluster: url-userinfo, user: token, namespace: kube-system}',
  '- name: wrong-ca\n  context: {cluster: wrong-ca, user: jwt, namespace: kube-system}',
    '- name: exec-fails\n  context: {cluster: loopback, user: exec, namespace: kube-system}',
    '',
  ].join('\n');
  writeFileSync(kubeconfigPath, kubeconfigText, { mode: 0o600 });
  // The same file broken right below a secret: a YAML error quotes the lines around the mistake.
  for (const secret of [EXEC_ENV_VALUE, JWT, b64(clientKey), PASSWORD]) {
    const lines = kubeconfigText.split('\n');
    const at = lines.findIndex((line) => line.includes(secret));
    lines.splice(at + 1, 0, '       bad: indentation');
    const path = join(dir, `malformed-${malformed.length}.kubeconfig`);
    writeFileSync(path, lines.join('\n'), { mode: 0o600 });
    malformed.push(path);
  }

  addNeedle('bearer token', TOKEN);
  addNeedle('JWT', JWT);
  for (const [i, part] of JWT.split('.').entries()) addNeedle(`JWT part ${i}`, part);
  addNeedle('password', PASSWORD);
  addNeedle('server URL password', URL_PASSWORD);
  addNeedle('basic auth header value', `probe:${PASSWORD}`);
  addNeedle('exec plugin env value', EXEC_ENV_VALUE);
  addNeedle('working exec plugin env value', WORKING_EXEC_ENV_VALUE);
  for (const [name, pem] of [['client key', clientKey], ['client certificate', clientCert]] as const) {
    addNeedle(`${name} PEM`, pem);
    // The DER inside the PEM, whole and line by line (an error might quote one line).
    const body = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    needles.push([`${name} DER base64`, body]);
    for (const [i, line] of pem.split('\n').entries()) if (line.length >= 16 && !line.startsWith('-----')) needles.push([`${name} PEM line ${i}`, line]);
  }
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function sessionFor(context: string, path = kubeconfigPath) {
  return openClusterSession({
    kubeconfigPath: path,
    context,
    trusted: true,
    env: { HOME: dir, PATH: process.env.PATH },
    log: (level, message) => collect(`log ${context} ${level}`, message),
  });
}

/** One session per context, as the view opens it, with every output collected. */
async function driveSession(context: ContextName): Promise<ClusterSnapshot> {
  const session = sessionFor(context);
  session.onDidChange((snapshot) => collect(`snapshot ${context}`, JSON.stringify(snapshot)));
  const attempt = async (what: string, action: () => Promise<unknown>) => {
    try {
      const result = await action();
      if (result !== undefined) collect(`${what} ${context}`, JSON.stringify(result));
    } catch (error) {
      collect(`${what} ${context} threw`, `${(error as Error)?.message}\n${(error as Error)?.stack ?? ''}\n${String(error)}`);
    }
  };
  try {
    await attempt('start', () => session.start());
    await attempt('refresh', () => session.refresh());
    await attempt('runProbe', () => session.runProbe('calico-node-nowhere', 'readiness'));
    collect(`final snapshot ${context}`, JSON.stringify(session.snapshot));
    return session.snapshot;
  } finally {
    session.dispose();
  }
}

function runCli(args: string[]): Promise<void> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, 'status', ...args], { timeout: 30_000, env: { PATH: process.env.PATH, HOME: dir, KUBECONFIG: '' } }, (error, stdout, stderr) => {
      collect(`cli ${args.join(' ')} stdout`, stdout);
      collect(`cli ${args.join(' ')} stderr`, stderr);
      if (error && (error as { killed?: boolean }).killed) collect(`cli ${args.join(' ')}`, 'timed out');
      done();
    });
  });
}

test('every failure path is reported as the failure it is', async () => {
  const expected: Record<ContextName, RegExp> = {
    '401-token': /^unauthorized$/,
    '401-jwt': /^unauthorized$/,
    '401-basic': /^unauthorized$/,
    '403-cert': /^forbidden$/,
    'unreachable': /^unreachable$/,
    'url-userinfo': /^unreachable$/,
    'wrong-ca': /^tls$/,
    'exec-fails': /^unauthorized$/,
  };
  for (const context of Object.keys(CONTEXTS) as ContextName[]) {
    const snapshot = await driveSession(context);
    // The paths must really have been taken, or the search below proves nothing.
    assert.match(snapshot.problem?.kind ?? 'none', expected[context], `${context} (${CONTEXTS[context]}): ${JSON.stringify(snapshot.problem)}`);
    if (context === 'url-userinfo') assert.equal(snapshot.server, unreachableUrl, 'the server is shown without its userinfo');
    if (context === 'exec-fails') assert.match(snapshot.problem!.message, /failing-plugin\.sh" failed: login failed: API key \[redacted\] was rejected/, 'the plugin\'s stderr is quoted, scrubbed');
  }
});

test('a kubeconfig broken next to a secret is reported by line and column, without quoting it', async () => {
  for (const path of malformed) {
    const session = sessionFor('401-token', path);
    session.onDidChange((snapshot) => collect(`snapshot ${path}`, JSON.stringify(snapshot)));
    try {
      await session.start();
      collect(`final snapshot ${path}`, JSON.stringify(session.snapshot));
      assert.equal(session.snapshot.problem?.kind, 'error');
      assert.match(session.snapshot.problem!.message, /^Cannot read kubeconfig \(.*\): bad indentation of a \w+ entry \(\d+:\d+\)$/);
    } finally {
      session.dispose();
    }
  }
});

test('an exec plugin\'s secret-named or long env values count as credentials; short ordinary ones do not', () => {
  const path = join(dir, 'env.kubeconfig');
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'current-context: c',
      `clusters:\n- name: c\n  cluster:\n    server: ${server.url}`,
      'contexts:\n- name: c\n  context: {cluster: c, user: u}',
      `users:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: ${process.execPath}\n      env:\n      - {name: VAULT_TOKEN, value: hvs.short1}\n      - {name: SOME_SETTING, value: a-long-opaque-value-0123456789}\n      - {name: AWS_PROFILE, value: production}`,
      '',
    ].join('\n'),
  );
  const loaded = loadKubeConfig({ kubeconfigPath: path, trusted: true, env: { PATH: process.env.PATH } });
  assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.problem));
  assert.deepEqual(loaded.config.secrets, ['hvs.short1', 'a-long-opaque-value-0123456789']);
});

test('a working session that loses its credentials, its watch and then its server', { timeout: 60_000 }, async () => {
  const session = sessionFor('exec-works');
  const reasons: string[] = [];
  session.onDidChange((snapshot) => {
    collect('snapshot exec-works', JSON.stringify(snapshot));
    if (snapshot.reconnectReason) reasons.push(snapshot.reconnectReason);
  });
  const until = async (what: string, done: () => boolean) => {
    const deadline = Date.now() + 20_000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`${what}: ${JSON.stringify({ problem: session.snapshot.problem, reconnectReason: session.snapshot.reconnectReason, state: session.snapshot.state })}`);
      await new Promise((next) => setTimeout(next, 50));
    }
  };
  try {
    await session.start();
    assert.equal(session.snapshot.problem, undefined, JSON.stringify(session.snapshot.problem));
    assert.ok(session.snapshot.pods.length > 0);
    // The token stops working and the watch is cut: the session finds out on reconnecting.
    server.faults.expireToken('admin');
    server.faults.dropWatches();
    await until('a 401 after the watch was cut', () => reasons.length > 0 || session.snapshot.problem !== undefined);
    await server.faults.reset();
    await session.refresh();
    await until('working again', () => session.snapshot.problem === undefined);
    const before = reasons.length;
    await server.faults.refuseConnections(true);
    await until('the server gone', () => reasons.length > before || session.snapshot.problem !== undefined);
    collect('final snapshot exec-works', JSON.stringify(session.snapshot));
  } finally {
    await server.faults.reset();
    session.dispose();
  }
  assert.ok(reasons.length > 0, 'a reconnect reason was shown (and searched)');
});

test('the view\'s host scrubs an error the core was not meant to throw', async () => {
  // The real session, but its start() throws what a library error might carry.
  const host = new ClusterHost(
    () => ({
      openClusterSession: (options) => {
        const session = openClusterSession(options);
        return Object.assign(Object.create(session) as typeof session, {
          start: () => Promise.reject(new Error(`request failed: {"headers":{"Authorization":"Bearer ${TOKEN}"}} with ${JWT}`)),
        });
      },
    }),
    () => ({ kubeconfigPath, context: '401-token', trusted: true, env: { HOME: dir } }),
  );
  host.onDidChange((snapshot) => snapshot && collect('host snapshot', JSON.stringify(snapshot)));
  try {
    await host.ensureStarted();
    assert.equal(host.snapshot?.problem?.kind, 'error');
    assert.match(host.snapshot?.problem?.message ?? '', /^request failed: /);
  } finally {
    host.dispose();
  }
});

test('probe-scope status (dist/cli.js), text and JSON, for every context', async () => {
  const contexts = [...Object.keys(CONTEXTS), 'exec-works'];
  // A few at a time: each run loads the 5 MB bundle.
  for (let i = 0; i < contexts.length; i += 4) {
    await Promise.all(contexts.slice(i, i + 4).flatMap((context) => [runCli(['--kubeconfig', kubeconfigPath, '--context', context]), runCli(['--kubeconfig', kubeconfigPath, '--context', context, '--json'])]));
  }
  await Promise.all(malformed.map((path) => runCli(['--kubeconfig', path])));
  const cliOutput = haystack.filter((h) => h.source.startsWith('cli ')).map((h) => h.text).join('\n');
  assert.match(cliOutput, /401|[Uu]nauthori[sz]ed/);
  assert.match(cliOutput, /certificate/);
});

test('no secret, nor its base64 form, appears in any log line, snapshot, error or CLI output', () => {
  assert.ok(haystack.length > 50, `collected ${haystack.length} texts`);
  assert.ok(haystack.some((h) => h.source.startsWith('log ')), 'log lines were collected');
  const leaks: string[] = [];
  for (const { source, text } of haystack) {
    for (const [name, needle] of needles) {
      const at = text.indexOf(needle);
      if (at >= 0) leaks.push(`${name} in ${source}: …${text.slice(Math.max(0, at - 80), at + needle.length + 40)}…`);
    }
  }
  assert.deepEqual(leaks, []);
});
