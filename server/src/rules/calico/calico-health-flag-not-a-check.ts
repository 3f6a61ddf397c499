import type { HealthArg } from '../../knowledge/calico-command';
import type { Finding, Fix, Rule, Severity } from '../types';
import { calicoProbes, checkKindOf, type CalicoProbe } from '../support/calico-probes';
import { appendItem, removeItems, replaceItem } from '../support/seq-edits';
import { spanOf } from '../support/spans';
import { missingIsMissing } from '../support/partial';

const ID = 'calico-health-flag-not-a-check';

/**
 * calico-node runs the checks first when any check flag is on, and only otherwise looks at its
 * other flags (projectcalico/calico v3.32 `node/cmd/calico-node/main.go`). So a mode flag such as
 * `-felix` next to a check is dead weight, and alone it does something else entirely: `-felix`
 * starts a second Felix that never exits (the probe times out), `-v` prints the version and
 * succeeds (checks nothing).
 * A command with no check at all exits 1 ("No valid options provided" / "No command specified").
 */
export const calicoHealthFlagNotACheck: Rule = {
  id: ID,
  category: 'calico',
  severity: 'error',
  description: 'A Calico health command uses a flag that is not a check (-felix, -v …), turns a check off, or runs no check.',
  fixable: true,
  check({ document, facts }) {
    const findings: Finding[] = [];
    for (const cp of calicoProbes(document)) {
      const { exec, health } = cp;
      if (!exec || !health || health.fatal) continue;
      const alone = health.checks.length === 0;
      let reported = false;
      for (const arg of health.args) {
        const found = findingFor(document.text, cp, arg, alone);
        if (found) {
          findings.push(found);
          reported = true;
        }
      }
      // "No check flag" in a probe the parser could not read whole may be flags it did not read.
      if (alone && !reported && missingIsMissing(cp.probe, facts)) {
        const add = defaultFlag(cp);
        findings.push({
          ruleId: ID,
          severity: 'error',
          message: `${exec.argv.slice(0, health.commandLength).join(' ')} without a check flag runs no check and exits 1: the probe fails every time.`,
          span: spanOf(exec.nodes[0]!),
          fixes: add ? [{ title: `Add ${add}`, edits: [appendItem(document.text, exec.seq, add)], preferred: true }] : [],
        });
      }
    }
    return findings;
  },
};

/** The Felix check of the probe's kind, in the command's dash style (readiness for startup probes). */
function felixFlag(cp: CalicoProbe): string {
  const kind = checkKindOf(cp.probe.kind) === 'liveness' ? 'live' : 'ready';
  return `${cp.health!.form === 'calico-node' ? '-' : '--'}felix-${kind}`;
}

function defaultFlag(cp: CalicoProbe): string | undefined {
  const form = cp.health!.form;
  if (form === 'check-status' || form === 'calico-component-kube-controllers') {
    return checkKindOf(cp.probe.kind) === 'liveness' ? '-l' : '-r';
  }
  return felixFlag(cp);
}

function findingFor(text: string, cp: CalicoProbe, arg: HealthArg, alone: boolean): Finding | undefined {
  const exec = cp.exec!;
  const node = exec.nodes[arg.index]!;
  const remove: Fix = { title: `Remove ${arg.raw}`, edits: removeItems(text, exec.seq, [node]) };
  let message: string;
  let severity: Severity;
  let fixes: Fix[];
  if (arg.status === 'starts-felix') {
    const felix = felixFlag(cp);
    const replace: Fix[] = exec.argv.includes(felix)
      ? []
      : [{ title: `Replace ${arg.raw} with ${felix}`, edits: [replaceItem(text, node, felix)], preferred: true }];
    severity = alone ? 'error' : 'warning';
    message = alone
      ? `${arg.raw} starts the Felix daemon, it is not a check: the probe starts a second Felix that never exits and times out every time. Use ${felix}.`
      : `${arg.raw} starts the Felix daemon, it is not a check; next to check flags it is ignored. Remove it.`;
    fixes = alone ? [...replace, remove] : [{ ...remove, preferred: true }];
  } else if (arg.status === 'other-mode') {
    severity = alone ? 'error' : 'warning';
    const version = arg.name === 'v' || arg.name === 'version';
    message = alone
      ? version
        ? `${arg.raw} prints the version and exits 0: the probe always succeeds and checks nothing.`
        : `${arg.raw} runs another calico-node mode, not a health check: the probe does not check health.`
      : `${arg.raw} is not a check; next to check flags it is ignored. Remove it.`;
    const add = defaultFlag(cp);
    fixes = alone && add
      ? [{ title: `Replace ${arg.raw} with ${add}`, edits: [replaceItem(text, node, add)], preferred: true }]
      : [{ ...remove, preferred: true }];
  } else if (arg.status === 'check-off') {
    severity = alone ? 'error' : 'warning';
    const on = arg.raw.slice(0, arg.raw.indexOf('='));
    message = `${arg.raw} turns the check off${alone ? ': with no check left the command exits 1 and the probe fails every time' : ''}.`;
    fixes = [{ title: `Use ${on}`, edits: [replaceItem(text, node, on)], preferred: true }, remove];
  } else {
    return undefined;
  }
  return { ruleId: ID, severity, message, span: spanOf(node), fixes };
}
