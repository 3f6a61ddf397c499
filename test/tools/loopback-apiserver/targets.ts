/**
 * One face for two API servers, so a fidelity test body runs unchanged against the loopback server
 * and the real kube-apiserver: raw HTTPS requests with a chosen identity, and watch streams read line
 * by line.
 */
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest, IncomingMessage } from 'node:http';
import { parse } from 'yaml';
import { startLoopbackApiServer, LoopbackApiServer } from '../../../tools/loopback-apiserver/index';
import { apiServerSkipReason, ensureApiServer, PrivateApiServer, unusedApiServerPorts } from '../../support/apiserver';

export type Identity = 'admin' | 'lowpriv' | 'badtoken' | 'anonymous';

export interface Target {
  readonly name: string;
  readonly url: string;
  readonly kubeconfigPath: string;
  request(method: string, path: string, options?: { as?: Identity; body?: unknown; contentType?: string; accept?: string }): Promise<{ status: number; body: string; json: () => any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  watch(path: string, as?: Identity): Promise<WatchStream>;
  close(): Promise<void>;
}

export interface WatchStream {
  readonly status: number;
  /** Resolves with the next event (parsed), rejecting after `ms`. */
  next(ms?: number): Promise<{ type: string; object: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

interface Kubeconfig {
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data'?: string } }[];
  users: { name: string; user: { token?: string } }[];
}

function fromKubeconfig(path: string): { url: string; ca?: Buffer; tokens: Record<string, string> } {
  const config = parse(readFileSync(path, 'utf8')) as Kubeconfig;
  const cluster = config.clusters[0]!.cluster;
  const tokens: Record<string, string> = {};
  for (const u of config.users) if (u.user.token) tokens[u.name] = u.user.token;
  return { url: cluster.server, ...(cluster['certificate-authority-data'] ? { ca: Buffer.from(cluster['certificate-authority-data'], 'base64') } : {}), tokens };
}

function makeTarget(name: string, kubeconfigPath: string, close: () => Promise<void>): Target {
  const { url, ca, tokens } = fromKubeconfig(kubeconfigPath);
  const open = (method: string, path: string, as: Identity, headers: Record<string, string>): ReturnType<typeof httpRequest> => {
    const all: Record<string, string> = { ...headers };
    if (as !== 'anonymous') all.Authorization = `Bearer ${tokens[as]}`;
    const target = new URL(path, url);
    return url.startsWith('https') ? httpsRequest(target, { method, headers: all, ...(ca ? { ca } : {}) }) : httpRequest(target, { method, headers: all });
  };
  return {
    name,
    url,
    kubeconfigPath,
    request(method, path, options = {}) {
      return new Promise((resolve, reject) => {
        const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
        const payload = options.body !== undefined ? JSON.stringify(options.body) : undefined;
        if (payload !== undefined) {
          headers['Content-Type'] = options.contentType ?? 'application/json';
          // Node sends a DELETE body without a length; the server then reads it as the next request on the kept-alive socket.
          headers['Content-Length'] = String(Buffer.byteLength(payload));
        }
        const req = open(method, path, options.as ?? 'admin', headers);
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, body, json: () => JSON.parse(body) });
          });
        });
        req.on('error', reject);
        req.end(payload);
      });
    },
    watch(path, as = 'admin') {
      return new Promise((resolve, reject) => {
        const req = open('GET', path, as, { Accept: 'application/json' });
        req.on('error', reject);
        req.on('response', (res: IncomingMessage) => resolve(lineStream(res, () => req.destroy())));
        req.end();
      });
    },
    close,
  };
}

function lineStream(res: IncomingMessage, destroy: () => void): WatchStream {
  const queue: string[] = [];
  const waiters: ((line: string | undefined) => void)[] = [];
  let buffer = '';
  let done = false;
  const push = (line: string | undefined): void => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else if (line !== undefined) queue.push(line);
  };
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    buffer += chunk;
    let i: number;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      if (line.trim()) push(line);
    }
  });
  const ended = new Promise<void>((resolve) => {
    const finish = (): void => {
      done = true;
      if (buffer.trim()) push(buffer);
      buffer = '';
      while (waiters.length) waiters.shift()!(undefined);
      resolve();
    };
    res.on('end', finish);
    res.on('close', finish);
    res.on('error', finish);
  });
  return {
    status: res.statusCode ?? 0,
    ended,
    next(ms = 10_000) {
      const queued = queue.shift();
      if (queued !== undefined) return Promise.resolve(JSON.parse(queued));
      if (done) return Promise.reject(new Error('watch stream ended'));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no watch event within ${ms} ms`)), ms);
        waiters.push((line) => {
          clearTimeout(timer);
          if (line === undefined) reject(new Error('watch stream ended'));
          else resolve(JSON.parse(line));
        });
      });
    },
    close: destroy,
  };
}

export async function loopbackTarget(options: Parameters<typeof startLoopbackApiServer>[0] = {}): Promise<Target & { server: LoopbackApiServer }> {
  const server = await startLoopbackApiServer({ tls: true, seed: 'calico-small', ...options });
  return Object.assign(makeTarget('loopback', server.kubeconfigPath, () => server.close()), { server });
}

/** The real kube-apiserver (started or reused through the shared tools; never stopped here). */
export async function realTarget(): Promise<Target> {
  const running = await ensureApiServer();
  return makeTarget('kube-apiserver v1.20.2', running.kubeconfigPath, async () => undefined);
}

/**
 * A private real apiserver restarted over its etcd, as a long-running cluster's is: its watch cache
 * then starts after etcd's first revisions. A first start on a new etcd lists at revision 1 and
 * keeps every event since, so no resourceVersion is "too old" there until minutes of history pass.
 */
export async function restartedRealTarget(): Promise<Target> {
  const server = new PrivateApiServer(await unusedApiServerPorts());
  try {
    await server.up(false);
    await server.stopApiServer();
    await server.up(false);
  } catch (error) {
    await server.dispose();
    throw error;
  }
  return makeTarget('kube-apiserver v1.20.2 (restarted)', server.kubeconfigPath, () => server.dispose());
}

export const realSkipReason = apiServerSkipReason;
