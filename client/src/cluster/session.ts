/**
 * The ClusterSession the view and the CLI use: loads the kubeconfig, runs one supervisor per
 * (re)load and guarantees that snapshots never mix two contexts or two loads. Every load gets a
 * generation number; anything an older generation publishes is dropped.
 */
import type { ClusterOptions, ClusterSession, RunProbeOptions, ServerVersionInfo } from './api';
import { fetchNamespaceSecurity, fetchServerVersion } from './server-version';
import type { NamespaceSecurity } from '../../../core/src/kubernetes/pod-security';
import { runProbeOnce, runProbeRepeatedly, tailLogs, ProbeNotRunnableError, type ExecProbeTarget, type RepeatedRunResult } from './exec-probe';
import { loadKubeConfig, type LoadedKubeConfig } from './kubeconfig';
import type { ClusterSnapshot, ProbeRunResult } from './model';
import type { ProbeKind } from '../../../core/src/probe/kinds';
import { scrubKnown } from '../../../core/src/text/redact';
import { CalicoSupervisor, EVENT_WINDOW_TEXT } from './supervisor';
import { FelixReasons } from './felix-reasons';
import { describeError } from './errors';
import { BgpEnricher } from './bgp-enricher';
import { calicoNodeStatusFor, checkBgp, type CalicoNodeStatusObject, type CheckBgpOptions, type CheckBgpResult } from './calico-node-status';

export interface ProbeScopeClusterSession extends ClusterSession {
  /** Shows another context (the kubeconfig file is not rewritten). */
  switchContext(context: string): Promise<void>;
  runProbeRepeatedly(podName: string, kind: ProbeKind, count: number, signal?: AbortSignal): Promise<RepeatedRunResult>;
  serverVersion(): Promise<ServerVersionInfo | undefined>;
  namespaceSecurity(): Promise<NamespaceSecurity[]>;
  bgpSettled(): Promise<void>;
  bgpCheckObject(node: string): Promise<CalicoNodeStatusObject>;
  checkBgp(object: CalicoNodeStatusObject, options?: CheckBgpOptions): Promise<CheckBgpResult>;
}

class Session implements ProbeScopeClusterSession {
  private current: ClusterSnapshot;
  private readonly listeners = new Set<(snapshot: ClusterSnapshot) => void>();
  private generation = 0;
  private supervisor: CalicoSupervisor | undefined;
  private loaded: LoadedKubeConfig | undefined;
  private knownContexts: readonly string[] = [];
  private contextOverride: string | undefined;
  private disposed = false;
  /** Felix's reasons from the logs the user read (felix-reasons.ts), added to every snapshot's 503 causes. */
  private readonly felix = new FelixReasons();
  /** BGP sessions and address causes added to every snapshot's pods (bgp-enricher.ts), and the last snapshot before them. */
  private bgp: BgpEnricher | undefined;
  private raw: ClusterSnapshot | undefined;
  private bgpRead: Promise<void> = Promise.resolve();

  constructor(private readonly options: ClusterOptions) {
    this.contextOverride = options.context;
    this.current = { context: options.context ?? '', state: 'loading', pods: [], eventWindowText: EVENT_WINDOW_TEXT };
  }

  get snapshot(): ClusterSnapshot {
    return this.current;
  }

  onDidChange(listener: (snapshot: ClusterSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): Promise<void> {
    return this.load();
  }

  refresh(): Promise<void> {
    return this.load();
  }

  switchContext(context: string): Promise<void> {
    this.contextOverride = context;
    return this.load();
  }

  contexts(): readonly string[] {
    return this.knownContexts;
  }

  async serverVersion(): Promise<ServerVersionInfo | undefined> {
    return this.loaded ? fetchServerVersion(this.loaded.kubeConfig) : undefined;
  }

  async namespaceSecurity(): Promise<NamespaceSecurity[]> {
    return this.loaded ? fetchNamespaceSecurity(this.loaded.kubeConfig) : [];
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.options.log?.(level, scrubKnown(message, this.loaded?.secrets ?? []));
  }

  private publish(generation: number, snapshot: ClusterSnapshot): void {
    // A load that was replaced (refresh, context switch, dispose) must not reach the view.
    if (generation !== this.generation || this.disposed) return;
    this.raw = snapshot;
    if (this.bgp) snapshot = { ...snapshot, pods: this.bgp.apply(snapshot.pods) };
    snapshot = this.felix.apply(snapshot);
    const secrets = this.loaded?.secrets ?? [];
    const problem = snapshot.problem ? { ...snapshot.problem, message: scrubKnown(snapshot.problem.message, secrets) } : undefined;
    const reconnectReason = snapshot.reconnectReason ? scrubKnown(snapshot.reconnectReason, secrets) : undefined;
    this.current = { ...snapshot, ...(problem ? { problem } : {}), ...(reconnectReason ? { reconnectReason } : {}) };
    for (const listener of [...this.listeners]) listener(this.current);
  }

  private async load(): Promise<void> {
    if (this.disposed) return;
    const generation = ++this.generation;
    this.supervisor?.stop();
    this.supervisor = undefined;
    const result = loadKubeConfig({ ...this.options, ...(this.contextOverride ? { context: this.contextOverride } : {}) });
    if (!result.ok) {
      this.loaded = undefined;
      this.knownContexts = result.contexts ?? [];
      this.log('warn', `${result.problem.kind}: ${result.problem.message}`);
      this.publish(generation, { context: this.contextOverride ?? '', state: 'error', pods: [], problem: result.problem, eventWindowText: EVENT_WINDOW_TEXT });
      return;
    }
    const loaded = result.config;
    const before = this.loaded;
    this.loaded = loaded;
    this.knownContexts = loaded.contexts;
    this.log('info', `context ${loaded.contextName} (${loaded.server ?? 'no server'})`);
    this.raw = undefined;
    // A refresh of the same cluster keeps showing what was read until it is read again (no blinking rows).
    const sameCluster = before?.contextName === loaded.contextName && before.server === loaded.server;
    this.bgp = new BgpEnricher(loaded.kubeConfig, () => this.raw && this.publish(generation, this.raw), (level, message) => this.log(level, message), sameCluster ? this.bgp : undefined);
    const bgp = this.bgp;
    const supervisor = new CalicoSupervisor({
      kubeConfig: loaded.kubeConfig,
      context: loaded.contextName,
      ...(loaded.clusterName ? { cluster: loaded.clusterName } : {}),
      ...(loaded.server ? { server: loaded.server } : {}),
      ...(loaded.execPluginCommand ? { execPluginCommand: loaded.execPluginCommand } : {}),
      discovery: { ...(this.options.namespace ? { namespace: this.options.namespace } : {}), ...(this.options.labelSelector ? { labelSelector: this.options.labelSelector } : {}) },
      publish: (snapshot) => this.publish(generation, snapshot),
      log: (level, message) => {
        if (generation === this.generation) this.log(level, message);
      },
    });
    this.supervisor = supervisor;
    supervisor.start();
    await supervisor.ready;
    // Calico's own objects (CalicoNodeStatus, the Node's Calico address) arrive in a later snapshot, so a
    // load (and a context switch) waits for none of it. Not read when the cluster did not answer or refused us.
    this.bgpRead = this.current.problem ? Promise.resolve() : bgp.refresh().then(() => bgp.settled());
  }

  /** Resolves once the load's BGP reads are in the snapshot (at most 5 s): the CLI prints after it. */
  async bgpSettled(): Promise<void> {
    await Promise.race([this.bgpRead, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
  }

  async bgpCheckObject(node: string): Promise<CalicoNodeStatusObject> {
    if (!this.bgp) throw new ProbeNotRunnableError('No cluster is loaded for this context.');
    return calicoNodeStatusFor(node, await this.bgp.servesCalicoApi());
  }

  async checkBgp(object: CalicoNodeStatusObject, options: CheckBgpOptions = {}): Promise<CheckBgpResult> {
    const bgp = this.bgp;
    if (!this.loaded || !bgp) throw new ProbeNotRunnableError('No cluster is loaded for this context.');
    this.log('info', `checking BGP on ${object.spec.node} (CalicoNodeStatus ${object.metadata.name}${options.keep ? ', kept' : ''})`);
    const result = await checkBgp(this.loaded.kubeConfig, object, options);
    bgp.record(result.status);
    return result;
  }

  private target(options: RunProbeOptions = {}): ExecProbeTarget {
    const loaded = this.loaded;
    const location = this.current.location;
    if (loaded && options.namespace) return { kubeConfig: loaded.kubeConfig, namespace: options.namespace, containerName: options.container ?? location?.containerName ?? '' };
    if (!loaded || !location) throw new ProbeNotRunnableError('No calico-node pods are loaded for this context.');
    return { kubeConfig: loaded.kubeConfig, namespace: location.namespace, containerName: options.container ?? location.containerName };
  }

  async runProbe(podName: string, kind: ProbeKind, signal?: AbortSignal, approvedCommand?: readonly string[], options: RunProbeOptions = {}): Promise<ProbeRunResult> {
    const target = this.target(options);
    this.log('info', `running the ${kind} probe of ${podName} (from the live pod spec)`);
    const result = await runProbeOnce(target, podName, kind, { ...options, ...(signal ? { signal } : {}), ...(approvedCommand ? { approvedCommand } : {}) });
    this.log('info', `${kind} probe of ${podName}: ${result.outcome} in ${result.durationMs} ms`);
    return result;
  }

  runProbeRepeatedly(podName: string, kind: ProbeKind, count: number, signal?: AbortSignal): Promise<RepeatedRunResult> {
    return runProbeRepeatedly(this.target(), podName, kind, count, signal ? { signal } : {});
  }

  logs(podName: string, tailLines: number, signal?: AbortSignal): Promise<string> {
    const request = tailLogs(this.target(), podName, tailLines).then(
      (text) => (this.learnFromLog(podName, { text, tailLines }), text),
      (error: unknown) => {
        this.learnFromLog(podName, { error });
        throw error;
      },
    );
    if (!signal) return request;
    return Promise.race([
      request,
      new Promise<string>((_, reject) => {
        if (signal.aborted) reject(new Error('Cancelled.'));
        signal.addEventListener('abort', () => reject(new Error('Cancelled.')), { once: true });
      }),
    ]);
  }

  /** What a log the user asked for says about Felix's health (or why it could not be read): the next snapshots carry it. */
  private learnFromLog(podName: string, outcome: { readonly text: string; readonly tailLines: number } | { readonly error: unknown }): void {
    const raw = this.raw;
    const pod = raw?.pods.find((p) => p.name === podName);
    if (!raw || !pod) return;
    if ('text' in outcome) this.felix.recordLog(pod, scrubKnown(outcome.text, this.loaded?.secrets ?? []), outcome.tailLines);
    else this.felix.recordFailure(pod, describeError(outcome.error));
    this.publish(this.generation, raw);
  }

  dispose(): void {
    this.disposed = true;
    this.generation += 1;
    this.supervisor?.stop();
    this.supervisor = undefined;
    this.listeners.clear();
  }
}

export function openClusterSession(options: ClusterOptions): ProbeScopeClusterSession {
  return new Session(options);
}
