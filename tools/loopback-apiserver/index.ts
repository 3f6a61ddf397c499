/**
 * A loopback Kubernetes API server for tests and the demo cluster: the REST, watch and exec protocols
 * of kube-apiserver v1.20 over HTTP or HTTPS on 127.0.0.1, backed by an in-memory store, with fault
 * injection. It exists for what the real apiserver in ../shared/tools/kube-apiserver cannot do without
 * a kubelet (exec, thousands of pods, faults on demand); the fidelity tests in test/tools/loopback-apiserver run the
 * same assertions against both.
 */
import { createServer as createHttpServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiContext, handleRequest, sendStatus } from './api';
import { Authenticator, makeTokens, Tokens } from './auth';
import { eventDrivenExecHandler } from './calico-health';
import { DEFAULT_EXEC_PROTOCOLS, ExecHandler, ExecServer } from './exec';
import { answerPipelinedRequestsInTurn } from './pipelining';
import { PortForwardServer, type PortForwardHandler } from './portforward';
import { podStatePortForward } from './portforward-health';
import { Faults, FaultState } from './faults';
import { writeKubeconfig } from './kubeconfig';
import { seedCalicoSmall, seedScale } from './seeds';
import { LoopbackStore, ObjectStore } from './store';
import { generatePki, Pki } from './tls';
import { ExpiredMode, WatchHub } from './watch';

export type { ExecHandler, ExecRequest, ExecResult } from './exec';
export type { PortAnswer, PortForwardHandler } from './portforward';
export type { KubeObject } from './resources';
export { LoopbackStore } from './store';
export type { Faults } from './faults';

export type Seed = 'calico-small' | 'demo' | 'empty' | { pods: number; events: number };

export interface LoopbackOptions {
  /** 0 (default): any free port. */
  readonly port?: number;
  /** Serve HTTPS with a fresh self-signed CA (written into the kubeconfig); default false. */
  readonly tls?: boolean;
  /** Initial data; default 'calico-small'. */
  readonly seed?: Seed;
  /** Namespace of the seeded calico-node pods and of the kubeconfig contexts; default kube-system. */
  readonly namespace?: string;
  /** Where to write the kubeconfig; default a new temp dir (removed by close()). */
  readonly kubeconfigPath?: string;
  /** Interval of BOOKMARK events for watches that allow them; default 60 s like the real one. */
  readonly bookmarkIntervalMs?: number;
  /** Exec subprotocols the server accepts, in no particular order; default v5 and v4. */
  readonly execProtocols?: readonly string[];
  /** Changes kept for watch resumption before older ones are compacted (410 Gone). */
  readonly historyLimit?: number;
}

export interface LoopbackApiServer {
  readonly url: string;
  readonly port: number;
  readonly kubeconfigPath: string;
  /** Bearer tokens of the kubeconfig users. */
  readonly tokens: Tokens;
  /** PEM CA certificate when serving HTTPS. */
  readonly caCert?: string;
  readonly namespace: string;
  readonly store: LoopbackStore;
  readonly faults: Faults;
  /** Number of watch streams currently open. */
  readonly openWatches: number;
  /** Number of client connections currently open (held-back requests included). */
  readonly openConnections: number;
  /** Path and query of each request not yet answered or closed (held-back ones included), oldest first. */
  readonly openRequests: readonly string[];
  setExecHandler(fn: ExecHandler): void;
  /** What answers on pods' ports behind pods/portforward; default: each probe's port, from the pod's readiness. */
  setPortForwardHandler(fn: PortForwardHandler): void;
  /**
   * Compacts history: a watch resuming from an older resourceVersion gets 410 Expired, by default as
   * an ERROR event on a 200 stream (what v1.20 sends), with mode 'http' as the response status itself
   * (what newer apiservers send when the watch cache refuses it up front). Continue tokens expire too.
   */
  expireWatchHistory(mode?: ExpiredMode): void;
  close(): Promise<void>;
}

export async function startLoopbackApiServer(options: LoopbackOptions = {}): Promise<LoopbackApiServer> {
  const namespace = options.namespace ?? 'kube-system';
  const dir = mkdtempSync(join(tmpdir(), 'loopback-apiserver-'));
  const tokens = makeTokens();
  const objects = new ObjectStore(options.historyLimit !== undefined ? { historyLimit: options.historyLimit } : {});
  const store = new LoopbackStore(objects, namespace);
  const faultState = new FaultState();
  const auth = new Authenticator(tokens);
  let address = '127.0.0.1:0';
  const watches = new WatchHub(objects, options.bookmarkIntervalMs ?? 60_000, sendStatus);
  const ctx: ApiContext = { store: objects, auth, faults: faultState, watches, address: () => address };
  let execHandler: ExecHandler = eventDrivenExecHandler(objects);
  const protocols = options.execProtocols ?? DEFAULT_EXEC_PROTOCOLS;
  const exec = new ExecServer(ctx, () => execHandler, () => protocols);
  let portForwardHandler: PortForwardHandler = podStatePortForward(objects);
  const portForward = new PortForwardServer(ctx, () => portForwardHandler);

  seed(store, namespace, options.seed ?? 'calico-small');

  const pki: Pki | undefined = options.tls ? generatePki(dir) : undefined;
  const inFlight = new Set<{ readonly url: string }>();
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const request = { url: req.url ?? '' };
    inFlight.add(request);
    res.on('close', () => inFlight.delete(request));
    void handleRequest(ctx, req, res);
  };
  const server: Server = pki ? createHttpsServer({ cert: pki.serverCert, key: pki.serverKey }, onRequest) : createHttpServer(onRequest);
  server.keepAliveTimeout = 60_000;
  server.on('upgrade', (req, socket, head) => void (PortForwardServer.handles(req) ? portForward.upgrade(req, socket, head) : exec.upgrade(req, socket, head)));
  server.on('clientError', (_error, socket) => socket.destroy());
  if (pki) server.on('secureConnection', answerPipelinedRequestsInTurn);
  const sockets = new Set<Socket>();
  // The raw TCP socket, also for HTTPS: one still in its TLS handshake must be cut too, or a watch
  // it carries opens after refuseConnections(true) and close() waits for it forever.
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const listen = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const port = await listen(options.port ?? 0);
  address = `127.0.0.1:${port}`;
  const url = `${pki ? 'https' : 'http'}://127.0.0.1:${port}`;
  const kubeconfigPath = options.kubeconfigPath ?? join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfigPath, { url, tokens, namespace, ...(pki ? { caCert: pki.caCert, wrongCaCert: pki.wrongCaCert } : {}) });

  let refusing = false;
  const cutConnections = (): void => {
    exec.closeAll();
    portForward.closeAll();
    watches.dropAll();
    for (const socket of sockets) socket.destroy();
  };
  const stopListening = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      cutConnections();
    });

  const faults: Faults = {
    failNext: (match, status, message, times) => faultState.failNext(match, status, message, times),
    delayResponses: (ms) => {
      faultState.delayMs = ms;
    },
    dropWatches: () => watches.dropAll(),
    refuseConnections: async (on) => {
      if (on === refusing) return;
      refusing = on;
      if (on) await stopListening();
      else await listen(port);
    },
    expireToken: (context, expired = true) => {
      const token = tokens[context];
      if (expired) auth.revoke(token);
      else auth.restore(token);
    },
    reset: async () => {
      faultState.clear();
      auth.restore(tokens.admin);
      auth.restore(tokens.lowpriv);
      await faults.refuseConnections(false);
    },
  };

  let closed = false;
  return {
    url,
    port,
    kubeconfigPath,
    tokens,
    ...(pki ? { caCert: pki.caCert } : {}),
    namespace,
    store,
    faults,
    get openWatches() {
      return watches.openCount;
    },
    get openConnections() {
      return sockets.size;
    },
    get openRequests() {
      return [...inFlight].map((request) => request.url);
    },
    setExecHandler: (fn) => {
      execHandler = fn;
    },
    setPortForwardHandler: (fn) => {
      portForwardHandler = fn;
    },
    expireWatchHistory: (mode = 'event') => {
      watches.expiredMode = mode;
      objects.compact();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      if (!refusing) await stopListening();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function seed(store: LoopbackStore, namespace: string, which: Seed): void {
  if (which === 'empty') {
    store.upsertNamespace('default');
    store.upsertNamespace(namespace);
    return;
  }
  store.upsertNamespace('default');
  if (which === 'calico-small') return seedCalicoSmall(store, namespace);
  if (which === 'demo') {
    // Loaded lazily: the demo scenario is larger and only the demo cluster needs it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { seedDemo } = require('./demo-scenario') as typeof import('./demo-scenario');
    seedDemo(store, namespace);
    return;
  }
  seedScale(store, namespace, which);
}
