import type { HealthArg, ParsedHealthCommand } from '../../knowledge/calico-command';
import { CALICO_NODE_HEALTH_FLAGS, CHECK_STATUS_FLAGS } from '../../knowledge/calico-flags';
import type { Finding, Fix, Rule } from '../types';
import { calicoProbes, checkKindOf, type CalicoProbe } from '../support/calico-probes';
import { removeItems, replaceItem } from '../support/seq-edits';
import { spanOf } from '../support/spans';

const ID = 'calico-health-flag-unknown';

/**
 * An item the health binary cannot parse makes it print usage and exit non-zero before any check
 * runs, so the probe fails on every node (projectcalico/calico `node/cmd/calico-node/main.go`:
 * Go `flag` "flag provided but not defined",
 * pflag "unknown flag"/"unknown shorthand flag"). `-bird`/`-bird6` are the classic case: the
 * binary's own usage error names them, but they were never flags.
 */
export const calicoHealthFlagUnknown: Rule = {
  id: ID,
  category: 'calico',
  severity: 'error',
  description: 'A Calico health command has a flag or value the binary rejects, so the probe fails every time.',
  fixable: true,
  check({ document }) {
    const findings: Finding[] = [];
    for (const cp of calicoProbes(document)) {
      const { exec, health } = cp;
      if (!exec || !health) continue;
      for (const arg of health.args) {
        const message = messageFor(arg, health);
        if (!message) continue;
        const node = exec.nodes[arg.index]!;
        findings.push({
          ruleId: ID,
          severity: 'error',
          message,
          span: spanOf(node),
          fixes: fixesFor(document.text, cp, arg),
        });
      }
    }
    return findings;
  },
};

function messageFor(arg: HealthArg, health: ParsedHealthCommand): string | undefined {
  const program = health.form === 'calico-node' ? 'calico-node' : health.form === 'check-status' ? 'check-status' : 'calico';
  const fails = 'it exits with an error before running any check, so this probe fails on every run';
  switch (arg.status) {
    case 'not-a-flag':
      if (health.form === 'calico-node') {
        return `${arg.raw} is not a calico-node flag ("flag provided but not defined: -${arg.name}"): ${fails}. ` +
          `The BIRD checks are -${arg.name}-live and -${arg.name}-ready.`;
      }
      return `${arg.raw} is not a flag of the health command: ${fails}. Use --${arg.name}-live or --${arg.name}-ready.`;
    case 'unknown':
      return `${program} does not know ${arg.raw}: ${fails}.`;
    case 'bad-value':
      return arg.flag?.takesValue
        ? `${arg.raw}${arg.value !== undefined && !arg.raw.includes('=') ? ` ${arg.value}` : ''}: not a Go duration such as 30s; ${fails}.`
        : `${arg.raw}: a boolean flag takes only =true or =false; ${fails}.`;
    case 'missing-value':
      return `${arg.raw} needs a value: ${fails}.`;
    default:
      return undefined;
  }
}

/** Levenshtein distance, small strings only. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The flag the user most likely meant, written with the command's dash style. */
function suggestion(cp: CalicoProbe, arg: HealthArg): string | undefined {
  const health = cp.health!;
  const kind = checkKindOf(cp.probe.kind);
  if (health.form === 'check-status' || health.form === 'calico-component-kube-controllers') {
    if (!kind) return undefined;
    const flag = CHECK_STATUS_FLAGS.find((f) => f.probeKind === kind)!;
    return `-${flag.short}`;
  }
  const dashes = health.form === 'calico-node' ? '-'.repeat(arg.dashes ?? 1) : '--';
  if (arg.status === 'not-a-flag') {
    const wanted = kind === 'liveness' ? 'live' : 'ready';
    return `${dashes}${arg.name}-${wanted}`;
  }
  const name = arg.name ?? '';
  if (!name) return undefined;
  const candidates = CALICO_NODE_HEALTH_FLAGS.filter((f) => f.probeKind && (!kind || f.probeKind === kind));
  // A flag name cut short or lengthened (`felix-liveness`) counts as one edit away.
  const score = (f: string) => (name.startsWith(f) || f.startsWith(name) ? 1 : distance(name, f));
  const ranked = candidates.map((f) => ({ f, d: score(f.name) })).sort((a, b) => a.d - b.d);
  const best = ranked[0];
  if (!best || best.d > 3 || (ranked[1] && ranked[1].d === best.d)) return undefined;
  return `${dashes}${best.f.name}`;
}

function fixesFor(text: string, cp: CalicoProbe, arg: HealthArg): Fix[] {
  const exec = cp.exec!;
  const node = exec.nodes[arg.index]!;
  const fixes: Fix[] = [];
  const replacement = arg.status === 'not-a-flag' || arg.status === 'unknown' ? suggestion(cp, arg) : undefined;
  const already = replacement !== undefined && exec.argv.includes(replacement);
  if (replacement && !already) {
    fixes.push({ title: `Replace ${arg.raw} with ${replacement}`, edits: [replaceItem(text, node, replacement)], preferred: true });
  }
  const remove = [node];
  if (arg.status === 'bad-value' && !arg.raw.includes('=') && arg.value !== undefined) remove.push(exec.nodes[arg.index + 1]!);
  fixes.push({ title: `Remove ${arg.raw}`, edits: removeItems(text, exec.seq, remove), preferred: fixes.length === 0 && already });
  return fixes;
}
