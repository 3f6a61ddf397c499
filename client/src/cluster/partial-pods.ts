/**
 * Pods the supervisor holds as built from their Table row (pod-overview.ts), not read whole. Such a
 * pod is exact only while it has no probe Events: when one arrives, its verdict's evidence needs the
 * container's own times, so the pod is read (one GET) and handed back. Any watch event about the pod
 * brings it whole, and a GET answered after that is dropped.
 */
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import { podPath } from './api-paths';
import { getRawObjects } from './raw-list';
import { slimPod } from './slim';

export class PartialPods {
  private readonly partial = new Set<string>();
  /** GETs in flight, by pod name; a watch event about the pod cancels its answer. */
  private readonly reading = new Map<string, object>();

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly namespace: string,
    private readonly onWhole: (pod: V1Pod) => void,
    private readonly log: (message: string) => void,
    private readonly signal?: AbortSignal,
  ) {}

  /** After a list: these pods, and only these, are partial. */
  reset(names: readonly string[]): void {
    this.partial.clear();
    this.reading.clear();
    for (const name of names) this.partial.add(name);
  }

  /** The watch brought the pod whole (or deleted it). */
  settled(name: string): void {
    this.partial.delete(name);
    this.reading.delete(name);
  }

  has(name: string): boolean {
    return this.partial.has(name);
  }

  /** A probe Event about the pod came: read it whole if it is partial. */
  eventFor(name: string): void {
    if (!this.partial.delete(name)) return;
    const token = {};
    this.reading.set(name, token);
    const path = podPath(this.namespace, name);
    getRawObjects(this.kubeConfig, [path], (raw) => {
      if (this.reading.get(name) !== token) return;
      this.reading.delete(name);
      this.onWhole(slimPod(raw));
    }, this.signal).catch((error: Error) => {
      if (this.reading.get(name) !== token) return;
      this.reading.delete(name);
      this.partial.add(name);
      this.log(`pod ${name} could not be read whole (${error.message}); its probe evidence lacks the container's start until it changes`);
    });
  }
}
