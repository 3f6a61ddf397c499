/**
 * `probe-scope compare FILE…`: each workload the files name, next to what the cluster runs — every
 * probe field that differs after the API server's defaulting of both, with both values and who last
 * set the live one (managedFields), in the words of the editor's drift finding (core/src/live/).
 * Exit status: 0 the cluster runs what the files say (or a workload is not there, which is said),
 * 1 some probe drifted, 2 usage, or the cluster could not be read.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { LiveLink } from '../../client/src/cluster/live/live-link';
import { describeDriftField, type DriftField } from '../../core/src/live/probe-drift';
import { driftOf, workloadLabel } from '../../core/src/live/lens-text';
import type { LiveSnapshot, LiveWorkload, WorkloadRef } from '../../core/src/live/live-workload';
import { analyseManifest } from '../../server/src/manifest/manifest';
import { fileContainers, fileProbes, workloadRefs, type FileProbe } from '../../server/src/live/file-probes';
import { PROBE_KINDS } from '../../core/src/probe/kinds';
import { optionValue, parseArgs, UsageError } from './args';
import type { Io } from './output';

export const COMPARE_USAGE = `  probe-scope compare [--kubeconfig FILE] [--context NAME] [--json] FILE…
      Compare the probes of the workloads in the files with the live ones in the cluster.
      Exit status: 0 same, 1 a probe differs, 2 usage or the cluster cannot be read.
`;

/** How long the cluster gets to answer for every workload. */
const READ_TIMEOUT_MS = 30_000;

export interface ComparedFile {
  readonly name: string;
  readonly text: string;
}

export interface ProbeDrift {
  readonly container: string;
  readonly probe: string;
  readonly line: number;
  readonly fields: readonly DriftField[];
}

export interface WorkloadComparison {
  readonly file: string;
  readonly ref: WorkloadRef;
  readonly label: string;
  readonly state: LiveWorkload['state'] | 'no answer';
  readonly message?: string;
  readonly drift: readonly ProbeDrift[];
}

const lineOf = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

/** Every workload of the files against the snapshot. */
function compareFiles(files: readonly ComparedFile[], snapshot: LiveSnapshot): WorkloadComparison[] {
  const out: WorkloadComparison[] = [];
  for (const file of files) {
    const manifest = analyseManifest(file.text);
    const probes = fileProbes(manifest);
    for (const ref of workloadRefs(manifest)) {
      const live = snapshot.workloads.find((w) => w.id === ref.id);
      const namespace = live && live.state !== 'unreachable' ? live.namespace : ref.namespace;
      const label = workloadLabel(ref.kind, namespace, ref.name);
      if (!live || live.state !== 'present') {
        out.push({ file: file.name, ref, label, state: live?.state ?? 'no answer', ...(live ? { message: live.message } : {}), drift: [] });
        continue;
      }
      const drift = probes
        .filter((p: FileProbe) => p.ref.id === ref.id)
        .map((p) => ({ container: p.container, probe: p.field, line: lineOf(file.text, p.document.base + p.span.start), fields: driftOf(live, p.container, p.kind, p.probe) }))
        .filter((d) => d.fields.length > 0);
      // Probes only the cluster runs, on the containers the file writes.
      for (const container of fileContainers(manifest).filter((c) => c.ref.id === ref.id)) {
        for (const kind of PROBE_KINDS.filter((k) => !container.kinds.includes(k))) {
          const fields = driftOf(live, container.container, kind, undefined);
          if (fields.length > 0) drift.push({ container: container.container, probe: `${kind}Probe`, line: lineOf(file.text, container.document.base + container.span.start), fields });
        }
      }
      out.push({ file: file.name, ref, label, state: 'present', drift });
    }
  }
  return out;
}

function formatComparison(results: readonly WorkloadComparison[]): string {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(`${result.label} (${result.file})`);
    if (result.state !== 'present') lines.push(`  ${result.message ?? 'the cluster did not answer in time'}`);
    else if (result.drift.length === 0) lines.push('  same as live');
    for (const drift of result.drift) lines.push(`  ${result.file}:${drift.line} ${drift.container} ${drift.probe}: ${drift.fields.map(describeDriftField).join('; ')}`);
  }
  return lines.join('\n') + '\n';
}

function compareExitCode(results: readonly WorkloadComparison[]): number {
  if (results.some((r) => r.state === 'unreachable' || r.state === 'no answer')) return 2;
  return results.some((r) => r.drift.length > 0) ? 1 : 0;
}

export async function runCompare(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseArgs(argv, [{ name: '--kubeconfig', takesValue: true }, { name: '--context', takesValue: true }, { name: '--json' }, { name: '--help', aliases: ['-h'] }]);
  if (parsed.options.has('--help')) {
    io.stdout.write(`Usage:\n${COMPARE_USAGE}`);
    return 0;
  }
  if (parsed.positionals.length === 0) throw new UsageError('compare needs at least one file');
  const files = parsed.positionals.map((name) => {
    const path = resolve(io.cwd, name);
    try {
      if (statSync(path).isDirectory()) throw new UsageError(`${name} is a directory; name the files`);
      return { name, text: readFileSync(path, 'utf8') };
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`no such file: ${name}`);
    }
  });
  const refs = files.flatMap((file) => workloadRefs(analyseManifest(file.text)));
  if (refs.length === 0) {
    // Nothing to ask the cluster about: no request is made.
    io.stdout.write('No workload in the files names a live object (a Deployment, DaemonSet, StatefulSet, Job, CronJob, Pod… with metadata.name).\n');
    return 0;
  }
  const kubeconfigPath = optionValue(parsed, '--kubeconfig');
  const context = optionValue(parsed, '--context');
  const link = new LiveLink({ trusted: true, ...(kubeconfigPath ? { kubeconfigPath } : {}), ...(context ? { context } : {}) });
  link.setRefs(refs);
  link.start();
  let timer: NodeJS.Timeout | undefined;
  const snapshot = await Promise.race([link.settled(), new Promise<LiveSnapshot>((done) => (timer = setTimeout(() => done(link.snapshot ?? { context: context ?? '', workloads: [] }), READ_TIMEOUT_MS)))]);
  clearTimeout(timer);
  link.dispose();
  const results = compareFiles(files, snapshot);
  if (parsed.options.has('--json')) {
    io.stdout.write(`${JSON.stringify({ context: snapshot.context, workloads: results.map(({ ref: _ref, ...rest }) => rest) }, null, 2)}\n`);
  } else io.stdout.write(formatComparison(results));
  return compareExitCode(results);
}
