/**
 * A probe as the kubelet runs it: the API server's defaults applied (`timing.ts`) and its handler
 * read the way the kubelet reads it, plus the one-line form `kubectl describe` prints.
 *
 * Sources: kubernetes `pkg/apis/core/v1/defaults.go` (`SetDefaults_HTTPGetAction`: path "/",
 * scheme HTTP), `pkg/kubelet/prober/prober.go` (`runProbe`: the handler tried first wins; an
 * httpGet without host goes to the pod IP), kubectl `pkg/describe/describe.go` (`DescribeProbe`).
 */
import type { ProbeKind } from './kinds';
import { effectiveTiming, TIMING_FIELDS, type TimingField } from './timing';

/** The JSON shape of a probe in a pod spec (structurally what any Kubernetes client returns). */
export interface PlainProbe {
  readonly exec?: { readonly command?: readonly string[] };
  readonly httpGet?: { readonly scheme?: string; readonly host?: string; readonly port?: unknown; readonly path?: string };
  readonly tcpSocket?: { readonly host?: string; readonly port?: unknown };
  readonly grpc?: { readonly port: number; readonly service?: string };
  readonly initialDelaySeconds?: number;
  readonly timeoutSeconds?: number;
  readonly periodSeconds?: number;
  readonly successThreshold?: number;
  readonly failureThreshold?: number;
  readonly terminationGracePeriodSeconds?: number;
}

export type ProbeHandler =
  | { readonly type: 'exec'; readonly command: readonly string[] }
  | { readonly type: 'httpGet'; readonly scheme: string; readonly host?: string; readonly port: string | number; readonly path: string }
  | { readonly type: 'tcpSocket'; readonly host?: string; readonly port: string | number }
  | { readonly type: 'grpc'; readonly port: number; readonly service?: string }
  | { readonly type: 'none' };

export interface EffectiveProbe extends Readonly<Record<TimingField, number>> {
  readonly kind: ProbeKind;
  readonly handler: ProbeHandler;
  readonly terminationGracePeriodSeconds?: number;
  /** `kubectl describe` style one-liner, e.g. `exec [/bin/calico-node -felix-live] delay=0s timeout=10s period=10s #success=1 #failure=6`. */
  readonly summary: string;
}

/** The handler the kubelet runs, in the order it looks for one (exec, httpGet, tcpSocket, grpc). */
function handlerOf(probe: PlainProbe): ProbeHandler {
  if (probe.exec) return { type: 'exec', command: probe.exec.command ?? [] };
  if (probe.httpGet) {
    const get = probe.httpGet;
    return {
      type: 'httpGet',
      scheme: get.scheme || 'HTTP',
      ...(get.host ? { host: get.host } : {}),
      port: get.port as string | number,
      path: get.path || '/',
    };
  }
  if (probe.tcpSocket) return { type: 'tcpSocket', ...(probe.tcpSocket.host ? { host: probe.tcpSocket.host } : {}), port: probe.tcpSocket.port as string | number };
  if (probe.grpc) return { type: 'grpc', port: probe.grpc.port, ...(probe.grpc.service ? { service: probe.grpc.service } : {}) };
  return { type: 'none' };
}

/** kubectl's describe form: `exec [cmd args]`, `http-get http://host:port/path`, `tcp-socket host:port`, `grpc <port> <service>`. */
export function describeHandler(handler: ProbeHandler): string {
  switch (handler.type) {
    case 'exec':
      return `exec [${handler.command.join(' ')}]`;
    case 'httpGet':
      return `http-get ${handler.scheme.toLowerCase()}://${handler.host ?? ''}:${handler.port}${withSlash(handler.path)}`;
    case 'tcpSocket':
      return `tcp-socket ${handler.host ?? ''}:${handler.port}`;
    case 'grpc':
      return `grpc <pod>:${handler.port} ${handler.service ?? ''}`.trimEnd();
    case 'none':
      return 'unknown';
  }
}

export function effectiveProbe(kind: ProbeKind, probe: PlainProbe | undefined): EffectiveProbe | undefined {
  if (!probe) return undefined;
  const handler = handlerOf(probe);
  const timing = effectiveTiming(Object.fromEntries(TIMING_FIELDS.map((name) => [name, probe[name]])));
  const summary =
    `${describeHandler(handler)} delay=${timing.initialDelaySeconds}s timeout=${timing.timeoutSeconds}s period=${timing.periodSeconds}s ` +
    `#success=${timing.successThreshold} #failure=${timing.failureThreshold}`;
  return {
    kind,
    handler,
    ...timing,
    ...(probe.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: probe.terminationGracePeriodSeconds } : {}),
    summary,
  };
}

/** What the kubelet would request for an httpGet probe (host defaults to the pod IP). */
export function kubeletRequestUrl(handler: Extract<ProbeHandler, { type: 'httpGet' }>, podIP: string | undefined): string {
  return `${handler.scheme.toLowerCase()}://${handler.host ?? podIP ?? '<pod IP>'}:${handler.port}${withSlash(handler.path)}`;
}

function withSlash(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}
