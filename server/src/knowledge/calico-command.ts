/**
 * Reads a Calico health command line (an exec probe's argv) the way the real binary would:
 *
 * - `/bin/calico-node -felix-live …` parses with Go's `flag` package: one or two dashes, `-x=v`,
 *   a non-boolean's value may be the next item, parsing stops at the first item that is not a
 *   flag (the rest is silently ignored) or after `--`, and any unknown flag is fatal (exit 1).
 * - `calico component node health --felix-live …` (unreleased unified binary) and
 *   `check-status` use cobra/pflag: long flags need `--`, a single dash starts a cluster of
 *   one-letter flags (so `-felix-live` is the unknown shorthand `-f`), positional items are ignored.
 *
 * The result classifies every item with its argv index so rules can point at it.
 */
import {
  CALICO_NODE_MODE_FLAGS,
  calicoHealthFlag,
  checkStatusFlag,
  nonCheckFlag,
  type CalicoComponent,
  type CalicoHealthFlagInfo,
  type CheckProbeKind,
  type CheckStatusFlagInfo,
  type NonCheckFlagInfo,
} from './calico-flags';

export type HealthCommandForm =
  /** `/bin/calico-node -felix-live` — every released Calico. */
  | 'calico-node'
  /** `calico component node health --felix-live` — unreleased unified binary. */
  | 'calico-component-node'
  /** `/usr/bin/check-status -r` — calico-kube-controllers. */
  | 'check-status'
  /** `calico component kube-controllers kube-controllers-health -r` — unreleased. */
  | 'calico-component-kube-controllers';

export type HealthArgStatus =
  /** A check that runs. */
  | 'check'
  /** A check turned off by `=false`. */
  | 'check-off'
  /** An option that is not a check (`-threshold-time 30s`, `check-status -f file`). */
  | 'option'
  /** The value item of the option before it. */
  | 'value'
  /** `-felix`: a real flag that starts the Felix daemon. */
  | 'starts-felix'
  /** `-bird`, `-bird6` (and `--felix` in the cobra form): not flags at all, parse error. */
  | 'not-a-flag'
  /** A real flag that selects another mode (`-v`, `-startup` …): not a check. */
  | 'other-mode'
  /** A check flag written with one dash where cobra/pflag needs two. */
  | 'single-dash'
  /** Any other flag the binary does not know: parse error, exit 1. */
  | 'unknown'
  /** The option needs a value and none follows. */
  | 'missing-value'
  /** The value does not parse (`-threshold-time abc`, `-felix-live=maybe`). */
  | 'bad-value'
  /** `--`, which ends the flags. */
  | 'terminator'
  /** Never looked at: after the end of the flags, or a positional item. */
  | 'ignored';

export interface HealthArg {
  readonly index: number;
  readonly raw: string;
  readonly status: HealthArgStatus;
  /** Flag name without dashes and `=value`. */
  readonly name?: string;
  readonly dashes?: 1 | 2;
  /** `=value` part, or the next item's text for an option that takes one. */
  readonly value?: string;
  /** calico-node check flags (and `threshold-time`). */
  readonly flag?: CalicoHealthFlagInfo;
  readonly nonCheck?: NonCheckFlagInfo;
  readonly checkStatus?: CheckStatusFlagInfo;
  /** For checks: which probe kind they belong in (undefined when it does not matter, e.g. `-lr`). */
  readonly probeKind?: CheckProbeKind;
}

export interface ParsedHealthCommand {
  readonly form: HealthCommandForm;
  readonly component: CalicoComponent;
  /** Items that name the program and sub-commands; flags start at this index. */
  readonly commandLength: number;
  /** Every item from `commandLength` on, in order. */
  readonly args: readonly HealthArg[];
  /** Items with status `check`. */
  readonly checks: readonly HealthArg[];
  /** The first item that makes the binary fail before running any check, if any. */
  readonly fatal: HealthArg | undefined;
}

/** Mode flags of calico-node that take a value, so the next item belongs to them. */
const MODE_FLAGS_WITH_VALUE: ReadonlySet<string> = new Set(['flows', 'confd-confdir']);

const FATAL: ReadonlySet<HealthArgStatus> = new Set(['not-a-flag', 'single-dash', 'unknown', 'missing-value', 'bad-value']);

/** Program name without directories (`/` or Windows `\\`) and without `.exe`. */
function basename(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  return name.toLowerCase().endsWith('.exe') ? name.slice(0, -4) : name;
}

/** Recognises the form of a command, or undefined when it is not a Calico health command. */
export function healthCommandForm(argv: readonly string[]): { form: HealthCommandForm; commandLength: number } | undefined {
  const program = argv[0] === undefined ? '' : basename(argv[0]);
  if (program === 'calico-node') return { form: 'calico-node', commandLength: 1 };
  if (program === 'check-status') return { form: 'check-status', commandLength: 1 };
  if (program === 'calico' && argv[1] === 'component') {
    if (argv[2] === 'node' && argv[3] === 'health') return { form: 'calico-component-node', commandLength: 4 };
    if (argv[2] === 'kube-controllers' && argv[3] === 'kube-controllers-health') {
      return { form: 'calico-component-kube-controllers', commandLength: 4 };
    }
  }
  return undefined;
}

/** Parses an exec probe's argv; undefined when it is not a Calico health command. */
export function parseCalicoHealthCommand(argv: readonly string[]): ParsedHealthCommand | undefined {
  const recognised = healthCommandForm(argv);
  if (!recognised) return undefined;
  const { form, commandLength } = recognised;
  const args =
    form === 'calico-node'
      ? parseGoFlags(argv, commandLength)
      : form === 'calico-component-node'
        ? parseCobraNodeHealth(argv, commandLength)
        : parseCheckStatus(argv, commandLength);
  return {
    form,
    component: form === 'calico-node' || form === 'calico-component-node' ? 'calico-node' : 'calico-kube-controllers',
    commandLength,
    args,
    checks: args.filter((a) => a.status === 'check'),
    fatal: args.find((a) => FATAL.has(a.status)),
  };
}

const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/;
/** Go's `time.ParseDuration`: `30s`, `1m30s`, `0`; a bare number other than 0 is an error. */
export function isGoDuration(text: string): boolean {
  return text === '0' || text === '+0' || text === '-0' || GO_DURATION.test(text);
}

const GO_BOOLS: Readonly<Record<string, boolean>> = {
  '1': true, t: true, T: true, true: true, TRUE: true, True: true,
  '0': false, f: false, F: false, false: false, FALSE: false, False: false,
};
/** Go's `strconv.ParseBool`, used by both flag packages for `-flag=value`. */
function parseGoBool(text: string): boolean | undefined {
  return GO_BOOLS[text];
}

function splitFlag(raw: string, dashes: 1 | 2): { name: string; value: string | undefined } {
  const body = raw.slice(dashes);
  const eq = body.indexOf('=');
  return eq < 0 ? { name: body, value: undefined } : { name: body.slice(0, eq), value: body.slice(eq + 1) };
}

/** A boolean check flag with an optional `=value`. */
function boolCheck(base: Omit<HealthArg, 'status'>, flag: CalicoHealthFlagInfo): HealthArg {
  if (base.value === undefined) return { ...base, status: 'check', probeKind: flag.probeKind };
  const on = parseGoBool(base.value);
  if (on === undefined) return { ...base, status: 'bad-value' };
  return { ...base, status: on ? 'check' : 'check-off', probeKind: flag.probeKind };
}

/** Go `flag` package semantics over calico-node's flag set. */
function parseGoFlags(argv: readonly string[], from: number): HealthArg[] {
  const out: HealthArg[] = [];
  let stopped = false;
  for (let i = from; i < argv.length; i++) {
    const raw = argv[i]!;
    if (stopped || raw.length < 2 || raw[0] !== '-') {
      stopped = true;
      out.push({ index: i, raw, status: 'ignored' });
      continue;
    }
    if (raw === '--') {
      stopped = true;
      out.push({ index: i, raw, status: 'terminator' });
      continue;
    }
    const dashes: 1 | 2 = raw[1] === '-' ? 2 : 1;
    const { name, value } = splitFlag(raw, dashes);
    const base = { index: i, raw, name, dashes, value };
    if (name === '' || name.startsWith('-') || name.startsWith('=')) {
      out.push({ ...base, status: 'unknown' });
      continue;
    }
    const flag = calicoHealthFlag(name);
    if (flag && flag.name === name) {
      if (!flag.takesValue) {
        out.push(boolCheck({ ...base, flag }, flag));
        continue;
      }
      if (value !== undefined) {
        out.push({ ...base, flag, status: isGoDuration(value) ? 'option' : 'bad-value' });
        continue;
      }
      const next = argv[i + 1];
      if (next === undefined) {
        out.push({ ...base, flag, status: 'missing-value' });
        continue;
      }
      out.push({ ...base, flag, value: next, status: isGoDuration(next) ? 'option' : 'bad-value' });
      out.push({ index: i + 1, raw: next, status: 'value' });
      i++;
      continue;
    }
    const nonCheck = nonCheckFlag(name);
    if (nonCheck && nonCheck.name === name) {
      if (nonCheck.kind === 'does-not-exist') {
        out.push({ ...base, nonCheck, status: 'not-a-flag' });
      } else if (value !== undefined && parseGoBool(value) === undefined) {
        out.push({ ...base, nonCheck, status: 'bad-value' });
      } else {
        out.push({ ...base, nonCheck, status: value !== undefined && !parseGoBool(value) ? 'other-mode' : 'starts-felix' });
      }
      continue;
    }
    if (CALICO_NODE_MODE_FLAGS.includes(name)) {
      out.push({ ...base, status: 'other-mode' });
      if (MODE_FLAGS_WITH_VALUE.has(name) && value === undefined && argv[i + 1] !== undefined) {
        out.push({ index: i + 1, raw: argv[i + 1]!, status: 'value' });
        i++;
      }
      continue;
    }
    out.push({ ...base, status: 'unknown' });
  }
  return out;
}

/** cobra/pflag semantics over `calico component node health`'s flags. */
function parseCobraNodeHealth(argv: readonly string[], from: number): HealthArg[] {
  const out: HealthArg[] = [];
  let stopped = false;
  for (let i = from; i < argv.length; i++) {
    const raw = argv[i]!;
    if (stopped || raw.length < 2 || raw[0] !== '-') {
      out.push({ index: i, raw, status: 'ignored' });
      continue;
    }
    if (raw === '--') {
      stopped = true;
      out.push({ index: i, raw, status: 'terminator' });
      continue;
    }
    const dashes: 1 | 2 = raw[1] === '-' ? 2 : 1;
    const { name, value } = splitFlag(raw, dashes);
    const base = { index: i, raw, name, dashes, value };
    const flag = calicoHealthFlag(name);
    const known = flag && flag.name === name ? flag : undefined;
    if (dashes === 1) {
      // pflag reads `-felix-live` as the shorthand cluster -f -e -l …; the health command has no
      // shorthands, so it fails on the first letter.
      out.push({ ...base, flag: known, nonCheck: nonCheckFlag(name), status: known ? 'single-dash' : 'unknown' });
      continue;
    }
    if (!known) {
      const nonCheck = nonCheckFlag(name);
      out.push({ ...base, nonCheck, status: nonCheck && nonCheck.name === name ? 'not-a-flag' : 'unknown' });
      continue;
    }
    if (!known.takesValue) {
      out.push(boolCheck({ ...base, flag: known }, known));
      continue;
    }
    if (value !== undefined) {
      out.push({ ...base, flag: known, status: isGoDuration(value) ? 'option' : 'bad-value' });
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined) {
      out.push({ ...base, flag: known, status: 'missing-value' });
      continue;
    }
    out.push({ ...base, flag: known, value: next, status: isGoDuration(next) ? 'option' : 'bad-value' });
    out.push({ index: i + 1, raw: next, status: 'value' });
    i++;
  }
  return out;
}

/** pflag semantics over check-status's `-l/--live`, `-r/--ready`, `-f/--file`, `-v/--version`. */
function parseCheckStatus(argv: readonly string[], from: number): HealthArg[] {
  const out: HealthArg[] = [];
  let stopped = false;
  for (let i = from; i < argv.length; i++) {
    const raw = argv[i]!;
    if (stopped || raw.length < 2 || raw[0] !== '-') {
      out.push({ index: i, raw, status: 'ignored' });
      continue;
    }
    if (raw === '--') {
      stopped = true;
      out.push({ index: i, raw, status: 'terminator' });
      continue;
    }
    const dashes: 1 | 2 = raw[1] === '-' ? 2 : 1;
    const { name, value } = splitFlag(raw, dashes);
    const base = { index: i, raw, name, dashes, value };
    const single = checkStatusFlag(raw);
    if (single) {
      const withValue = { ...base, checkStatus: single };
      if (single.takesValue) {
        if (value !== undefined) out.push({ ...withValue, status: 'option' });
        else if (argv[i + 1] === undefined) out.push({ ...withValue, status: 'missing-value' });
        else {
          out.push({ ...withValue, value: argv[i + 1], status: 'option' });
          out.push({ index: i + 1, raw: argv[i + 1]!, status: 'value' });
          i++;
        }
      } else if (!single.probeKind) {
        out.push({ ...withValue, status: 'other-mode' });
      } else if (value === undefined) {
        out.push({ ...withValue, status: 'check', probeKind: single.probeKind });
      } else {
        const on = parseGoBool(value);
        out.push({ ...withValue, status: on === undefined ? 'bad-value' : on ? 'check' : 'check-off', probeKind: single.probeKind });
      }
      continue;
    }
    // A cluster of one-letter booleans such as `-lr`: both letters run the same check.
    if (dashes === 1 && /^[lrv]{2,}$/.test(name) && value === undefined) {
      out.push({ ...base, status: name.includes('l') || name.includes('r') ? 'check' : 'other-mode' });
      continue;
    }
    out.push({ ...base, status: 'unknown' });
  }
  return out;
}
