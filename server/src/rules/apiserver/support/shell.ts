/**
 * Shell syntax in an exec argv that is not run by a shell. The kubelet execs the argv directly
 * (CRI ExecSync); only `$(VAR)` is expanded, by the kubelet itself, from the container's env.
 */

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);
/** Programs that run the next argument as the real command. */
const WRAPPERS = new Set(['env', 'busybox']);

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** True when the argv starts a shell (possibly through `env` or `busybox`). */
export function startsShell(argv: readonly string[]): boolean {
  let i = 0;
  while (i < argv.length && WRAPPERS.has(basename(argv[i]!))) {
    i++;
    // env's own options and VAR=value assignments come before the command.
    while (i < argv.length && (/^-/.test(argv[i]!) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]!))) i++;
  }
  return i < argv.length && SHELLS.has(basename(argv[i]!));
}

const OPERATOR_TOKEN = /^(\|\|?|&&|;|&|\d?>>?(&\d)?|\d?>>?\S+|<|`.*`)$/;
const OPERATOR_INSIDE = /\s(\|\|?|&&|>>?|<|2>&1)(\s|$)|;\s|\s;|`[^`]*`/;
const VARIABLE = /\$(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)/;
const GLOB = /^[^\s:]*(\*|\?|\[[^\]]+\])[^\s:]*$/;

export interface ShellSyntax {
  /** Index of the argv item. */
  readonly index: number;
  /** The shell construct found, as written. */
  readonly construct: string;
}

/** The first argv item (after argv[0]) that uses shell syntax. */
export function findShellSyntax(argv: readonly string[]): ShellSyntax | undefined {
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (index === 0) {
      // A program name with spaces: the whole string is looked up as one file name.
      if (/\S\s+\S/.test(arg.trim()) || OPERATOR_INSIDE.test(arg)) return { index, construct: arg };
      continue;
    }
    if (OPERATOR_TOKEN.test(arg)) return { index, construct: arg };
    const inside = OPERATOR_INSIDE.exec(arg);
    if (inside) return { index, construct: inside[0].trim() };
    const variable = VARIABLE.exec(arg);
    if (variable) return { index, construct: variable[0] };
    if (index > 0 && GLOB.test(arg) && (arg.includes('/') || arg.startsWith('*'))) return { index, construct: arg };
  }
  return undefined;
}

/**
 * The argv as one `sh -c` script: items joined with spaces, as written. Whoever put `|` or `&&`
 * in an argv was writing shell, so the items are shell words already (`"test -f /x"` is meant as
 * three words, not one).
 */
export function toScript(argv: readonly string[]): string {
  return argv.join(' ');
}
