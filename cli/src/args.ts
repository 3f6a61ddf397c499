/**
 * The one argument parser of `probe-scope`: each command declares its options, and every command
 * gets the same syntax (`--name value`, `--name=value`, short aliases, `--` ends options, `-` is a
 * positional meaning stdin) and the same wording for mistakes.
 */

export class UsageError extends Error {}

export interface OptionSpec {
  /** Long name with dashes, e.g. `--kubeconfig`. */
  readonly name: string;
  readonly aliases?: readonly string[];
  /** An option that takes a value; otherwise a switch. */
  readonly takesValue?: boolean;
  /** Allowed values, for a message that lists them. */
  readonly choices?: readonly string[];
  /** May be given more than once (`--values a.yaml --values b.yaml`): every value is kept, in order. */
  readonly repeatable?: boolean;
}

export interface ParsedArgs {
  /** By long name: the value given, or `true` for a switch that was given. */
  readonly options: ReadonlyMap<string, string | true>;
  readonly positionals: readonly string[];
  /** Every value of a repeatable option, in order. */
  readonly lists?: ReadonlyMap<string, readonly string[]>;
}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byName = new Map<string, OptionSpec>();
  for (const spec of specs) for (const name of [spec.name, ...(spec.aliases ?? [])]) byName.set(name, spec);
  const options = new Map<string, string | true>();
  const positionals: string[] = [];
  const lists = new Map<string, string[]>();
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--') {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = equals > 0 ? arg.slice(0, equals) : arg;
    const spec = byName.get(flag);
    if (!spec) throw new UsageError(`unknown option "${arg}"`);
    if (!spec.takesValue) {
      if (equals > 0) throw new UsageError(`${spec.name} takes no value`);
      options.set(spec.name, true);
      continue;
    }
    const value = equals > 0 ? arg.slice(equals + 1) : argv[++index];
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
    if (spec.choices && !spec.choices.includes(value)) throw new UsageError(`${spec.name} must be one of ${spec.choices.join(', ')}`);
    options.set(spec.name, value);
    if (spec.repeatable) lists.set(spec.name, [...(lists.get(spec.name) ?? []), value]);
  }
  return { options, positionals, lists };
}

/** Every value of a repeatable option, in the order given. */
export function optionValues(parsed: ParsedArgs, name: string): readonly string[] {
  return parsed.lists?.get(name) ?? [];
}

/** The value of an option that takes one, if it was given. */
export function optionValue(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.options.get(name);
  return typeof value === 'string' ? value : undefined;
}
