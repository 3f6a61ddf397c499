/** A probe as the kubelet runs it: API defaults applied (facts §1.1), plus a `kubectl describe` line. */
import type { V1Probe } from '@kubernetes/client-node';
import type { EffectiveProbe, ProbeKind } from './model';

/** SetDefaults_Probe replaces 0 (or unset) with these; initialDelaySeconds stays 0. */
const DEFAULTS = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 } as const;

function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && value > 0 ? value : fallback;
}

function handlerOf(probe: V1Probe): EffectiveProbe['handler'] {
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
export function describeHandler(handler: EffectiveProbe['handler']): string {
  switch (handler.type) {
    case 'exec':
      return `exec [${handler.command.join(' ')}]`;
    case 'httpGet': {
      const path = handler.path.startsWith('/') ? handler.path : `/${handler.path}`;
      return `http-get ${handler.scheme.toLowerCase()}://${handler.host ?? ''}:${handler.port}${path}`;
    }
    case 'tcpSocket':
      return `tcp-socket ${handler.host ?? ''}:${handler.port}`;
    case 'grpc':
      return `grpc <pod>:${handler.port} ${handler.service ?? ''}`.trimEnd();
    case 'none':
      return 'unknown';
  }
}

export function effectiveProbe(kind: ProbeKind, probe: V1Probe | undefined): EffectiveProbe | undefined {
  if (!probe) return undefined;
  const handler = handlerOf(probe);
  const timing = {
    initialDelaySeconds: Math.max(0, probe.initialDelaySeconds ?? 0),
    timeoutSeconds: positiveOr(probe.timeoutSeconds, DEFAULTS.timeoutSeconds),
    periodSeconds: positiveOr(probe.periodSeconds, DEFAULTS.periodSeconds),
    successThreshold: positiveOr(probe.successThreshold, DEFAULTS.successThreshold),
    failureThreshold: positiveOr(probe.failureThreshold, DEFAULTS.failureThreshold),
  };
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
export function kubeletRequestUrl(handler: Extract<EffectiveProbe['handler'], { type: 'httpGet' }>, podIP: string | undefined): string {
  const path = handler.path.startsWith('/') ? handler.path : `/${handler.path}`;
  return `${handler.scheme.toLowerCase()}://${handler.host ?? podIP ?? '<pod IP>'}:${handler.port}${path}`;
}
