/**
 * "Run probe now": the pod's own probe, read from the live pod spec (never from a file in the
 * workspace), bounded by its timeoutSeconds and a hard cap. Exec probes run over the exec WebSocket;
 * calico-node's httpGet on Felix's health port runs as calico-node's own check of that endpoint; other
 * httpGet, tcpSocket and grpc probes go through a port-forward (network-probe.ts).
 */
import { Writable } from 'node:stream';
import { CoreV1Api, Exec, type KubeConfig, type V1Container, type V1Pod, type V1Status } from '@kubernetes/client-node';
import { parseCause } from '../../../core/src/calico/parse-cause';
import { effectiveProbe, type EffectiveProbe } from '../../../core/src/probe/effective-probe';
import { planApproval, planProbeRun, type RunPlan } from '../../../core/src/probe/run-plan';
import { PROBE_KINDS } from '../../../core/src/probe/kinds';
import { runNetworkProbe } from './network-probe';
import { classifyRuns, measureLimitMs, type RunVerdict } from '../../../core/src/probe/run-verdict';
import { describeError, httpStatusOf } from './errors';
import type { ProbeRunResult } from './model';
import type { ProbeKind } from '../../../core/src/probe/kinds';

/** The kubelet keeps 10 KiB of probe output; so do we. */
const OUTPUT_CAP_BYTES = 10 * 1024;
/** No run lasts longer than this, whatever timeoutSeconds says. */
const HARD_CAP_MS = 60_000;

export interface ExecProbeTarget {
  readonly kubeConfig: KubeConfig;
  readonly namespace: string;
  readonly containerName: string;
}

export interface RunOptions {
  readonly signal?: AbortSignal;
  /**
   * Keep waiting past timeoutSeconds (up to measureLimitMs, never past the hard cap) to measure how
   * long the command really takes, and to tell a slow answer from none.
   */
  readonly measureBeyondTimeout?: boolean;
  readonly hardCapMs?: number;
  /**
   * The command the user approved. The live spec is read again just before the run (a rollout may
   * have changed it since the dialog); if it differs, nothing runs.
   */
  readonly approvedCommand?: readonly string[];
}

export class ProbeNotRunnableError extends Error {}

interface LiveProbe {
  readonly pod: V1Pod;
  readonly container: V1Container;
  readonly probe: EffectiveProbe;
  readonly plan: RunPlan;
  readonly headers: readonly { name: string; value: string }[];
}

/** Reads the probe from the live pod and decides how it runs (core/src/probe/run-plan.ts). */
async function liveProbe(target: ExecProbeTarget, podName: string, kind: ProbeKind): Promise<LiveProbe> {
  const api = target.kubeConfig.makeApiClient(CoreV1Api);
  let pod: V1Pod;
  try {
    pod = await api.readNamespacedPod({ name: podName, namespace: target.namespace });
  } catch (error) {
    if (httpStatusOf(error) === 404) throw new ProbeNotRunnableError(`Pod ${target.namespace}/${podName} no longer exists.`);
    throw new ProbeNotRunnableError(`Cannot read pod ${target.namespace}/${podName}: ${describeError(error)}`);
  }
  const containers = pod.spec?.containers ?? [];
  const container = containers.find((candidate) => candidate.name === target.containerName) ?? containers[0];
  const raw = container?.[`${kind}Probe` as const];
  const probe = effectiveProbe(kind, raw);
  if (!container || !probe) throw new ProbeNotRunnableError(`Pod ${podName} has no ${kind} probe on container ${target.containerName}.`);
  const siblingCommands = PROBE_KINDS.map((other) => container[`${other}Probe` as const]?.exec?.command).filter((command): command is string[] => Boolean(command?.length));
  const felixPort = Number(container.env?.find((variable) => variable.name === 'FELIX_HEALTHPORT')?.value);
  const plan = planProbeRun({ containerName: container.name, probe, siblingCommands, ...(Number.isInteger(felixPort) && felixPort > 0 ? { felixHealthPort: felixPort } : {}) });
  if (plan.how === 'none') throw new ProbeNotRunnableError(`The ${kind} probe of ${podName} cannot run: ${plan.reason}.`);
  return { pod, container, probe, plan, headers: raw?.httpGet?.httpHeaders ?? [] };
}

/** Collects output up to the cap (stdout and stderr interleaved, as the kubelet's CombinedOutput). */
class CappedOutput {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  readonly stream = new Writable({
    write: (chunk: Buffer, _encoding, callback) => {
      if (this.size < OUTPUT_CAP_BYTES) {
        const part = chunk.subarray(0, OUTPUT_CAP_BYTES - this.size);
        this.chunks.push(part);
        this.size += part.length;
      }
      callback();
    },
  });
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** Exit code from the v4/v5 status channel: Success → 0, `ExitCode` cause → its number. */
function exitCodeOf(status: V1Status): number | undefined {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((candidate) => candidate.reason === 'ExitCode');
  const code = cause?.message !== undefined ? Number(cause.message) : NaN;
  return Number.isFinite(code) ? code : undefined;
}

export async function runProbeOnce(target: ExecProbeTarget, podName: string, kind: ProbeKind, options: RunOptions = {}): Promise<ProbeRunResult> {
  const live = await liveProbe(target, podName, kind);
  const { plan } = live;
  const timeoutSeconds = live.probe.timeoutSeconds;
  const approved = options.approvedCommand;
  const action = planApproval(plan);
  if (approved && (approved.length !== action.length || approved.some((arg, i) => arg !== action[i]))) {
    throw new ProbeNotRunnableError(
      `Nothing was run: the ${kind} probe of ${podName} changed since you approved it (approved: ${JSON.stringify(approved)}; live spec now: ${JSON.stringify(action)}). Run the probe again to review the new command.`,
    );
  }
  const hardCap = options.hardCapMs ?? HARD_CAP_MS;
  const limitMs = Math.min(options.measureBeyondTimeout ? measureLimitMs(timeoutSeconds) : timeoutSeconds * 1000, hardCap);
  if (plan.how === 'http' || plan.how === 'tcp' || plan.how === 'grpc') {
    return runNetworkProbe({ kubeConfig: target.kubeConfig, namespace: target.namespace, pod: live.pod, container: live.container, kind, plan, headers: live.headers, timeoutSeconds, limitMs, ...(options.signal ? { signal: options.signal } : {}) });
  }
  if (plan.how !== 'exec' && plan.how !== 'exec-equivalent') throw new ProbeNotRunnableError(`The ${kind} probe of ${podName} cannot run.`);
  const command = [...plan.command];
  const container = live.container.name;
  const how = plan.how === 'exec-equivalent' ? { via: plan.how, substitution: { replaces: plan.replaces, why: plan.why } } : { via: plan.how };
  const base = { pod: podName, container, kind, command, timeoutSeconds, ...how };
  const output = new CappedOutput();
  const started = Date.now();
  const outcome = await new Promise<{ status?: V1Status; closed?: string; timedOut?: boolean; aborted?: boolean; error?: unknown }>((resolve) => {
    let socket: { close(): void; on(event: string, listener: (...args: unknown[]) => void): unknown } | undefined;
    let done = false;
    const finish = (value: Parameters<typeof resolve>[0]) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket?.close();
      resolve(value);
    };
    const timer = setTimeout(() => finish({ timedOut: true }), limitMs);
    const onAbort = () => finish({ aborted: true });
    if (options.signal?.aborted) return finish({ aborted: true });
    options.signal?.addEventListener('abort', onAbort, { once: true });
    new Exec(target.kubeConfig)
      .exec(target.namespace, podName, container, command, output.stream, output.stream, null, false, (status) => finish({ status }))
      .then(
        (ws) => {
          socket = ws as unknown as typeof socket;
          if (done) return socket?.close();
          // A socket closed without a status frame: the pod or container went away mid-run.
          socket?.on('close', () => setTimeout(() => finish({ closed: 'the exec connection closed without an exit status' }), 50));
          socket?.on('error', (error: unknown) => finish({ error }));
        },
        (error: unknown) => finish({ error }),
      );
  });
  const durationMs = Date.now() - started;
  const text = output.text();
  if (outcome.aborted) return { ...base, outcome: 'error', output: text, durationMs, error: 'Cancelled.' };
  if (outcome.timedOut || (outcome.status && durationMs > timeoutSeconds * 1000)) {
    const cause = parseCause(`command "${command.join(' ')}" timed out`);
    const exitCode = outcome.status ? exitCodeOf(outcome.status) : undefined;
    return { ...base, outcome: 'timeout', ...(exitCode !== undefined ? { exitCode } : {}), output: text, durationMs, ...(cause ? { cause } : {}) };
  }
  if (outcome.status) {
    const exitCode = exitCodeOf(outcome.status);
    if (exitCode === 0) return { ...base, outcome: 'success', exitCode, output: text, durationMs };
    if (exitCode !== undefined) {
      const cause = parseCause(text);
      return { ...base, outcome: 'failure', exitCode, output: text, durationMs, ...(cause ? { cause } : {}) };
    }
    return { ...base, outcome: 'error', output: text, durationMs, error: `exec failed: ${outcome.status.message ?? outcome.status.reason ?? 'unknown error'}` };
  }
  return { ...base, outcome: 'error', output: text, durationMs, error: await explainLostExec(target, podName, outcome.error ?? outcome.closed) };
}

/** Why an exec ended without a status: most often the pod was deleted while the probe ran. */
async function explainLostExec(target: ExecProbeTarget, podName: string, reason: unknown): Promise<string> {
  const api = target.kubeConfig.makeApiClient(CoreV1Api);
  try {
    const pod = await api.readNamespacedPod({ name: podName, namespace: target.namespace });
    if (pod.metadata?.deletionTimestamp) return `Pod ${podName} is being deleted; the probe run was cut off.`;
  } catch (error) {
    if (httpStatusOf(error) === 404) return `Pod ${podName} was deleted while the probe ran.`;
  }
  return `exec failed: ${typeof reason === 'string' ? reason : describeError(reason)}`;
}

export interface RepeatedRunResult {
  readonly runs: readonly ProbeRunResult[];
  /** Durations of the runs that reached the container. */
  readonly durationsMs: readonly number[];
  readonly currentTimeoutSeconds: number;
  /** What the runs say (core/src/probe/run-verdict.ts), the same words the view shows. */
  readonly verdict: RunVerdict;
}

/** Runs the probe `count` times in a row, measuring past the timeout, and classifies the runs. */
export async function runProbeRepeatedly(target: ExecProbeTarget, podName: string, kind: ProbeKind, count: number, options: RunOptions = {}): Promise<RepeatedRunResult> {
  const runs: ProbeRunResult[] = [];
  for (let index = 0; index < count && !options.signal?.aborted; index += 1) {
    runs.push(await runProbeOnce(target, podName, kind, { ...options, measureBeyondTimeout: true }));
  }
  const durationsMs = runs.filter((run) => run.outcome !== 'error').map((run) => run.durationMs);
  return { runs, durationsMs, currentTimeoutSeconds: runs[0]?.timeoutSeconds ?? 1, verdict: classifyRuns(runs) };
}

/** Last lines of a container's log. */
export async function tailLogs(target: ExecProbeTarget, podName: string, tailLines: number): Promise<string> {
  const api = target.kubeConfig.makeApiClient(CoreV1Api);
  return api.readNamespacedPodLog({ name: podName, namespace: target.namespace, container: target.containerName, tailLines });
}
