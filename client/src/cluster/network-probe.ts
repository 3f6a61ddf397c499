/**
 * httpGet, tcpSocket and grpc probes run the kubelet's way through a port-forward to the pod's port
 * (port-forward.ts). What each does and which kubelet code it follows is in core/src/probe/run-plan.ts;
 * the differences from the kubelet (source address, no `host`) go into every result.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect as http2Connect } from 'node:http2';
import { connect as tlsConnect } from 'node:tls';
import type { Duplex } from 'node:stream';
import type { KubeConfig, V1Container, V1Pod } from '@kubernetes/client-node';
import { kubeletRequestUrl } from '../../../core/src/probe/effective-probe';
import { kubeletDifferences, planApproval, type RunPlan } from '../../../core/src/probe/run-plan';
import type { ProbeKind } from '../../../core/src/probe/kinds';
import type { ProbeRunResult } from './model';
import { openPortForward, type ForwardedConnection } from './port-forward';
import { grpcHealthCheck } from './grpc-health';

/** kubernetes pkg/probe/http/http.go maxRespBodyLength. */
const BODY_CAP_BYTES = 10 * 1024;
/** Go's http.Client stops after 10 redirects. */
const MAX_REDIRECTS = 10;
/** How long a TCP run waits for the kubelet to report a failed dial before calling the connect good. */
const TCP_SETTLE_MS = 1000;
/** The kubelet sends its own version; we say the newest release we model. */
const USER_AGENT = 'kube-probe/1.35';

export type NetworkPlan = Extract<RunPlan, { how: 'http' | 'tcp' | 'grpc' }>;

export interface NetworkRunInput {
  readonly kubeConfig: KubeConfig;
  readonly namespace: string;
  readonly pod: V1Pod;
  readonly container: V1Container;
  readonly kind: ProbeKind;
  readonly plan: NetworkPlan;
  /** The probe's httpHeaders, from the live spec. */
  readonly headers: readonly { name: string; value: string }[];
  readonly timeoutSeconds: number;
  readonly limitMs: number;
  readonly signal?: AbortSignal;
}

type Verdict = Pick<ProbeRunResult, 'outcome' | 'output'> & { statusCode?: number; error?: string; note?: string };

class ProbeTimeout extends Error {}

/** The forwards one run opens: all closed when the run stops, also one whose WebSocket opens only after. */
class Forwards {
  private readonly open: ForwardedConnection[] = [];
  private stopped = false;
  constructor(private readonly input: NetworkRunInput) {}
  async to(port: number): Promise<ForwardedConnection> {
    const connection = await openPortForward(this.input.kubeConfig, this.input.namespace, this.input.pod.metadata?.name ?? '', port);
    if (this.stopped) {
      connection.close();
      throw new Error('Cancelled.');
    }
    this.open.push(connection);
    return connection;
  }
  stop(): void {
    this.stopped = true;
    for (const connection of this.open) connection.close();
  }
}

/** A named port is looked up in the container's ports, as the kubelet's findPortByName does. */
function resolvePort(container: V1Container, port: string | number): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((candidate) => candidate.name === port)?.containerPort;
}

/** Where the kubelet dials: the probe's host, else the pod IP. */
function podHost(input: NetworkRunInput): string {
  return ('host' in input.plan ? input.plan.host : undefined) ?? input.pod.status?.podIP ?? '<pod IP>';
}

/** Rejects with ProbeTimeout after ms, with the abort signal's Cancelled, or settles with work. */
function bounded<T>(work: Promise<T>, ms: number, signal: AbortSignal | undefined, onStop: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => stop(new ProbeTimeout()), ms);
    const onAbort = (): void => stop(new Error('Cancelled.'));
    const stop = (error: Error): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      onStop();
      reject(error);
    };
    if (signal?.aborted) return stop(new Error('Cancelled.'));
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function refusedText(host: string, port: number, kubelet: string): string {
  return `dial tcp ${host}:${port}: connect: connection refused (the kubelet's port-forward said: ${kubelet.trim()})`;
}

interface HttpAnswer {
  readonly status: number;
  readonly location?: string;
  readonly body: string;
}

function readHead(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => resolve(Buffer.concat(chunks).toString('utf8'));
    response.on('data', (chunk: Buffer) => {
      if (size >= BODY_CAP_BYTES) return;
      const part = chunk.subarray(0, BODY_CAP_BYTES - size);
      chunks.push(part);
      size += part.length;
      if (size >= BODY_CAP_BYTES) {
        response.destroy();
        done();
      }
    });
    response.on('end', done);
    response.on('error', done);
    response.on('close', done);
  });
}

async function httpOnce(connection: ForwardedConnection, url: URL, headers: Record<string, string>): Promise<HttpAnswer> {
  const socket: Duplex = url.protocol === 'https:' ? tlsConnect({ socket: connection.socket, rejectUnauthorized: false, servername: /^[\d.:]+$/.test(url.hostname) ? '' : url.hostname }) : connection.socket;
  return new Promise<HttpAnswer>((resolve, reject) => {
    const req = httpRequest({ method: 'GET', host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, headers, createConnection: () => socket as never }, (response) => {
      void readHead(response).then((body) => resolve({ status: response.statusCode ?? 0, ...(response.headers.location ? { location: response.headers.location } : {}), body }));
    });
    req.on('error', (error) => {
      void connection.failed.then((kubelet) => reject(kubelet ? Object.assign(new Error(kubelet), { refused: true }) : error));
    });
    void connection.failed.then((kubelet) => kubelet && req.destroy(Object.assign(new Error(kubelet), { refused: true })));
    req.end();
  });
}

async function runHttp(input: NetworkRunInput, plan: Extract<NetworkPlan, { how: 'http' }>, port: number, forwards: Forwards): Promise<Verdict> {
  // The kubelet's URL: the probe's host, else the pod IP (the forward reaches the pod either way).
  let url = new URL(kubeletRequestUrl({ type: 'httpGet', scheme: plan.scheme, port, path: plan.path, ...(plan.host ? { host: plan.host } : {}) }, input.pod.status?.podIP));
  const headers: Record<string, string> = { 'User-Agent': USER_AGENT, Accept: '*/*', Connection: 'close' };
  for (const header of input.headers) headers[header.name] = header.value;
  const firstHost = url.hostname;
  for (let redirects = 0; ; redirects++) {
    const connection = await forwards.to(Number(url.port) || port);
    let answer: HttpAnswer;
    try {
      answer = await httpOnce(connection, url, { Host: headers.Host ?? headers.host ?? url.host, ...headers });
    } catch (error) {
      if ((error as { refused?: boolean }).refused) return { outcome: 'failure', output: `Get "${url}": ${refusedText(url.hostname, Number(url.port) || port, (error as Error).message)}` };
      // The forward is open: whatever breaks the exchange (a reset, no answer before the close) is the probe failing, as for the kubelet.
      return { outcome: 'failure', output: `Get "${url}": ${(error as Error).message}` };
    } finally {
      connection.close();
    }
    const redirect = answer.status >= 300 && answer.status < 400 && answer.location;
    if (redirect) {
      const next = new URL(answer.location!, url);
      if (next.hostname === firstHost && redirects < MAX_REDIRECTS) {
        url = next;
        continue;
      }
      if (redirects >= MAX_REDIRECTS) return { outcome: 'failure', output: `Get "${next}": stopped after ${MAX_REDIRECTS} redirects`, statusCode: answer.status };
      // The kubelet does not follow a redirect to another host and counts the redirect as success.
      return { outcome: 'success', output: answer.body, statusCode: answer.status, note: `Probe terminated redirects to ${next.host}, as the kubelet does (success with a warning Event)` };
    }
    if (answer.status >= 200 && answer.status < 400) return { outcome: 'success', output: answer.body, statusCode: answer.status };
    return { outcome: 'failure', output: answer.body, statusCode: answer.status, error: `HTTP probe failed with statuscode: ${answer.status}` };
  }
}

async function runTcp(input: NetworkRunInput, port: number, forwards: Forwards): Promise<Verdict> {
  const connection = await forwards.to(port);
  const settleMs = Math.min(TCP_SETTLE_MS, Math.floor(input.limitMs / 2));
  const settle = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), settleMs));
  const kubelet = await Promise.race([connection.failed, settle]);
  connection.close();
  if (kubelet) return { outcome: 'failure', output: refusedText(podHost(input), port, kubelet) };
  return { outcome: 'success', output: '', note: `connected to port ${port}; the kubelet's port-forward reported no error within ${settleMs} ms` };
}

async function runGrpc(input: NetworkRunInput, plan: Extract<NetworkPlan, { how: 'grpc' }>, port: number, forwards: Forwards): Promise<Verdict> {
  const connection = await forwards.to(port);
  const session = http2Connect(`http://${podHost(input)}:${port}`, { createConnection: () => connection.socket as never });
  try {
    const answer = await Promise.race([
      grpcHealthCheck(session, plan.service ?? ''),
      connection.failed.then((kubelet) => (kubelet ? { refused: kubelet } : new Promise<never>(() => undefined))),
    ]);
    if ('refused' in answer) return { outcome: 'failure', output: `failed to connect service "${podHost(input)}:${port}": ${refusedText(podHost(input), port, answer.refused)}` };
    if (answer.grpcStatus !== 0) {
      const unimplemented = answer.grpcStatus === 12;
      return { outcome: 'failure', output: unimplemented ? `this server does not implement the grpc health protocol (grpc.health.v1.Health): ${answer.message}` : `health rpc probe failed: ${answer.message} (grpc status ${answer.grpcStatus})` };
    }
    if (answer.servingStatus === 'SERVING') return { outcome: 'success', output: 'SERVING' };
    return { outcome: 'failure', output: `service unhealthy (responded with "${answer.servingStatus}")` };
  } finally {
    session.destroy();
    connection.close();
  }
}

export async function runNetworkProbe(input: NetworkRunInput): Promise<ProbeRunResult> {
  const { plan } = input;
  const base = {
    pod: input.pod.metadata?.name ?? '',
    container: input.container.name,
    kind: input.kind,
    command: planApproval(plan),
    timeoutSeconds: input.timeoutSeconds,
    via: 'port-forward' as const,
    differences: kubeletDifferences(plan, Boolean(input.pod.spec?.hostNetwork)),
  };
  const port = resolvePort(input.container, plan.port);
  if (port === undefined) return { ...base, outcome: 'error', output: '', durationMs: 0, error: `Container ${input.container.name} has no port named "${plan.port}".` };
  const forwards = new Forwards(input);
  const started = Date.now();
  const work = plan.how === 'http' ? runHttp(input, plan, port, forwards) : plan.how === 'tcp' ? runTcp(input, port, forwards) : runGrpc(input, plan, port, forwards);
  try {
    const verdict = await bounded(work, input.limitMs, input.signal, () => forwards.stop());
    const durationMs = Date.now() - started;
    const late = durationMs > input.timeoutSeconds * 1000;
    const { note, ...rest } = verdict;
    return { ...base, ...rest, ...(late ? { outcome: 'timeout' } : {}), durationMs, ...(note ? { note } : {}) };
  } catch (error) {
    const durationMs = Date.now() - started;
    if (error instanceof ProbeTimeout) {
      const what = plan.how === 'http' ? `Get "${plan.scheme.toLowerCase()}://${podHost(input)}:${port}${plan.path}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` : plan.how === 'grpc' ? `timeout: health rpc did not complete within ${input.timeoutSeconds}s` : `dial tcp ${podHost(input)}:${port}: i/o timeout`;
      return { ...base, outcome: 'timeout', output: what, durationMs };
    }
    // The WebSocket client rejects with an ErrorEvent, not an Error.
    const message = typeof error === 'object' && error !== null && 'message' in error ? String((error as { message: unknown }).message) : String(error);
    if (/\b403\b/.test(message)) {
      // The upgrade's Status body is not readable through the WebSocket client: name the permission as the apiserver checks it.
      return { ...base, outcome: 'error', output: '', durationMs, error: `forbidden (403): running this probe needs "create" on "pods/portforward" in namespace ${input.namespace} (apiservers before v1.30 check "get")` };
    }
    return { ...base, outcome: 'error', output: '', durationMs, error: message === 'Cancelled.' ? message : `port-forward to ${base.pod}:${port} failed: ${message}` };
  }
}
