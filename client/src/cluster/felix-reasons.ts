/**
 * Felix's own reasons behind a "reporting 503" probe failure, from the calico-node log the user asked
 * to read (Show calico-node Logs: the session reads no log on its own). The log is parsed by the core
 * (`core/src/calico/felix-health.ts`) and the pod's 503 cause is made precise in every snapshot that
 * follows, for the same container; what could not be read (a refused log, no health lines) is said in
 * the cause instead.
 */
import type { ClusterSnapshot } from './model';
import { readFelixHealthLog, withFelixReasons, type FelixHealthSource } from '../../../core/src/calico/felix-health';
import type { PodStatus, ProbeStatus } from '../../../core/src/status/pod-status';

interface Reading {
  /** The pod's uid when read: a new pod of the same name has a new log. */
  readonly uid: string;
  /** The container's restart count when read: a restarted container starts a new log. */
  readonly restarts: number;
  readonly source: FelixHealthSource;
}

const key = (namespace: string, pod: string) => `${namespace}/${pod}`;

export class FelixReasons {
  private readonly readings = new Map<string, Reading>();

  /** What a log read (its last `tailLines` lines) says about Felix's health. */
  recordLog(pod: PodStatus, text: string, tailLines: number): void {
    const reading = readFelixHealthLog(text);
    const from = `the calico-node log (last ${tailLines} lines)`;
    const source: FelixHealthSource = reading
      ? { reading, from }
      : {
          unreadable:
            `${from} holds no health line. Felix logs a health change at INFO ("Overall health status changed") and a failing component at ` +
            'INFO or WARNING ("Reporter is not ready"): a log level above that (FELIX_LOGSEVERITYSCREEN) hides them, or they scrolled out.',
        };
    this.readings.set(key(pod.namespace, pod.name), { uid: pod.uid, restarts: pod.restarts, source });
  }

  /** A log read that failed: the reason goes into the cause, so the view says what could not be read. */
  recordFailure(pod: PodStatus, error: string): void {
    this.readings.set(key(pod.namespace, pod.name), { uid: pod.uid, restarts: pod.restarts, source: { unreadable: `reading the calico-node log failed: ${error}` } });
  }

  /** The snapshot with each read pod's 503 causes made precise; pods without a reading (or a newer container) as they are. */
  apply(snapshot: ClusterSnapshot): ClusterSnapshot {
    if (!this.readings.size) return snapshot;
    let changed = false;
    const pods = snapshot.pods.map((pod) => {
      const reading = this.readings.get(key(pod.namespace, pod.name));
      if (!reading || reading.uid !== pod.uid || reading.restarts !== pod.restarts) return pod;
      const probes = pod.probes.map((probe) => refined(probe, reading.source));
      if (probes.every((probe, i) => probe === pod.probes[i])) return pod;
      changed = true;
      return { ...pod, probes };
    });
    return changed ? { ...snapshot, pods } : snapshot;
  }
}

function refined(probe: ProbeStatus, source: FelixHealthSource): ProbeStatus {
  const cause = probe.failures?.cause;
  if (!cause) return probe;
  const next = withFelixReasons(cause, source);
  return next === cause ? probe : { ...probe, failures: { ...probe.failures!, cause: next } };
}
