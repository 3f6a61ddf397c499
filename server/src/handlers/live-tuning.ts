/**
 * Tuning from what the cluster shows: the client sends what live workloads' pods, Events and
 * *Run Probe Now* samples show (`probeScope/liveEvidence`, docs/architecture.md); for the open
 * files' documents naming one of them, the core derives timings (core/src/probe/tuning.ts) and
 * this source places one information finding per suggestion on the probe, the numbers in its
 * message (the hover) and the values in its quick-fixes. Nothing is sent, nothing is shown, until
 * the client has live evidence.
 */
import type { Manifest } from '../manifest/manifest';
import type { Container, ManifestDocument } from '../manifest/types';
import type { PlacedFinding } from '../rules/engine';
import type { Finding, Fix } from '../rules/types';
import { namespaceOf } from '../rules/support/namespaces';
import { timingOf } from '../rules/support/probe-fields';
import { keySpan } from '../rules/support/spans';
import type { FindingSource } from './validator';
import { tuningEdits } from './live-tuning-edits';
import { deriveTuning, type LiveWorkloadEvidence, type TuningSuggestion, type WrittenProbes } from '../../../core/src/probe/tuning';
import type { ProbeKind } from '../../../core/src/probe/kinds';

const LIVE_TUNING_ID = 'live-tuning';

/** `probeScope/liveEvidence`: everything the client's live link knows now (replaces the last; `null` clears). */
export interface LiveEvidenceParams {
  readonly context: string;
  /** The context's namespace, for documents that name none. */
  readonly namespace?: string;
  readonly workloads: readonly LiveWorkloadEvidence[];
}

/** Reads the notification defensively: it crosses a process boundary. */
function readParams(raw: unknown): LiveEvidenceParams | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const params = raw as Partial<LiveEvidenceParams>;
  if (typeof params.context !== 'string' || !Array.isArray(params.workloads)) return undefined;
  const workloads = params.workloads.filter(
    (w): w is LiveWorkloadEvidence => !!w && typeof w.kind === 'string' && typeof w.name === 'string' && typeof w.namespace === 'string' && Array.isArray(w.containers),
  );
  return { context: params.context, ...(typeof params.namespace === 'string' ? { namespace: params.namespace } : {}), workloads };
}

function key(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

export class LiveTuning implements FindingSource {
  private byKey = new Map<string, LiveWorkloadEvidence>();
  private namespace = 'default';

  /** Takes the client's evidence; true when it changed what open files may show. */
  update(raw: unknown): boolean {
    const params = readParams(raw);
    const before = this.byKey.size;
    this.byKey = new Map((params?.workloads ?? []).map((w) => [key(w.kind, w.namespace, w.name), w]));
    this.namespace = params?.namespace || 'default';
    return before > 0 || this.byKey.size > 0;
  }

  findings(_uri: string, manifest: Manifest): readonly PlacedFinding[] {
    if (this.byKey.size === 0) return [];
    const out: PlacedFinding[] = [];
    for (const document of manifest.documents) {
      if (!document.kind || !document.name || document.podSpecs.length === 0) continue;
      const live = this.byKey.get(key(document.kind, namespaceOf(document) ?? this.namespace, document.name));
      if (!live) continue;
      for (const finding of this.documentFindings(document, live)) out.push({ ...finding, document });
    }
    return out;
  }

  private documentFindings(document: ManifestDocument, live: LiveWorkloadEvidence): Finding[] {
    const findings: Finding[] = [];
    for (const podSpec of document.podSpecs) {
      for (const container of podSpec.containers) {
        if (container.kind !== 'regular' && container.kind !== 'sidecar') continue;
        const evidence = live.containers.find((c) => c.container === container.name);
        if (!evidence) continue;
        const written: Record<string, ReturnType<typeof timingOf>> = {};
        for (const probe of container.probes) if (probe.node) written[probe.kind.replace(/Probe$/, '')] = timingOf(probe);
        for (const suggestion of deriveTuning(written as WrittenProbes, evidence)) {
          const finding = this.findingOf(document, container, live, suggestion);
          if (finding) findings.push(finding);
        }
      }
    }
    return findings;
  }

  private findingOf(document: ManifestDocument, container: Container, live: LiveWorkloadEvidence, suggestion: TuningSuggestion): Finding | undefined {
    const probe = container.probes.find((p) => p.kind === `${suggestion.on satisfies ProbeKind}Probe`);
    if (!probe) return undefined;
    const fixes: Fix[] = [];
    for (const fix of suggestion.fixes) {
      const edits = tuningEdits(document.text, container, fix);
      if (edits?.length) fixes.push({ title: fix.title, edits, ...(fix.preferred ? { preferred: true } : {}) });
    }
    const where = `${live.kind} ${live.namespace}/${live.name}, container ${container.name ?? '?'}`;
    return {
      ruleId: LIVE_TUNING_ID,
      severity: 'information',
      message: [`Live (${where}): ${suggestion.summary}`, ...suggestion.evidence.map((line) => `• ${line}`)].join('\n'),
      span: keySpan(probe.pair),
      ...(fixes.length ? { fixes } : {}),
    };
  }
}
