/**
 * Owns the one ClusterSession the view shows: loads the cluster core on first use, re-opens the
 * session when settings, trust or the picked context change, and hands every snapshot to listeners.
 * No `vscode` import: the loader and the options come from outside, so tests drive it with the core
 * loaded from source and a real API server.
 */
import type { ClusterOptions, ClusterSession } from '../cluster/api';
import type { ClusterSnapshot } from '../cluster/model';
import { scrubSecrets } from '../../../core/src/text/redact';

/** What `dist/cluster.js` (client/src/cluster/index.ts) exports that the view needs. */
export interface ClusterModule {
  openClusterSession(options: ClusterOptions): ClusterSession;
}

export class ClusterHost {
  private module: ClusterModule | undefined;
  private session: ClusterSession | undefined;
  private unsubscribe: (() => void) | undefined;
  private starting: Promise<void> | undefined;
  private readonly listeners = new Set<(snapshot: ClusterSnapshot | undefined) => void>();
  private generation = 0;
  private last: ClusterSnapshot | undefined;

  constructor(
    private readonly load: () => ClusterModule,
    private readonly options: () => ClusterOptions,
  ) {}

  get started(): boolean {
    return this.session !== undefined;
  }

  get current(): ClusterSession | undefined {
    return this.session;
  }

  /** The latest snapshot handed to listeners (undefined before the first open or after dispose). */
  get snapshot(): ClusterSnapshot | undefined {
    return this.last;
  }

  onDidChange(listener: (snapshot: ClusterSnapshot | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Opens the session once; later calls wait for the same first load. */
  ensureStarted(): Promise<void> {
    return this.starting ?? this.reopen();
  }

  /**
   * Closes the current session (if any) and opens a fresh one with the current options. Snapshots
   * of the old session are dropped from here on, so a context switch never shows a mix.
   */
  reopen(): Promise<void> {
    const generation = ++this.generation;
    this.close();
    this.module ??= this.load();
    const session = this.module.openClusterSession(this.options());
    this.session = session;
    this.unsubscribe = session.onDidChange((snapshot) => {
      if (generation === this.generation) this.emit(snapshot);
    });
    this.emit(session.snapshot);
    this.starting = session.start().then(
      () => undefined,
      // start() reports failures in the snapshot's `problem`; a rejection is a bug in the core, not
      // something the view can act on, so it becomes a problem too.
      (error: unknown) => {
        if (generation === this.generation) {
          // Not scrubbed by the core, which did not expect to throw: scrub it here.
          this.emit({ ...session.snapshot, state: 'error', problem: { kind: 'error', message: scrubSecrets(String((error as Error)?.message ?? error)) } });
        }
      },
    );
    return this.starting;
  }

  /** Relists (Refresh); opens the session first when it is not open yet. */
  async refresh(): Promise<void> {
    if (!this.session) return this.ensureStarted();
    await this.starting;
    await this.session.refresh();
  }

  private emit(snapshot: ClusterSnapshot | undefined): void {
    this.last = snapshot;
    for (const listener of this.listeners) listener(snapshot);
  }

  private close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.session?.dispose();
    this.session = undefined;
    this.starting = undefined;
  }

  dispose(): void {
    this.generation++;
    this.close();
    this.emit(undefined);
    this.listeners.clear();
  }
}
