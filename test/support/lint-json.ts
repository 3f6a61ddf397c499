/** `probe-scope lint --format json` in-process: the findings the command line prints, as objects. */
import { runLint } from '../../cli/src/lint';
import type { Io } from '../../cli/src/output';

export interface LintedFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly severity: string;
  readonly ruleId: string;
  readonly message: string;
  readonly fixes: readonly string[];
  readonly related?: readonly { file: string; line: number; column: number; message: string }[];
}

/** Lints paths (or, with `stdin`, the text as `-`) and returns the JSON findings and the exit code. */
export function lintJson(paths: readonly string[], stdin = ''): { code: number; findings: LintedFinding[] } {
  let out = '';
  const io: Io = {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: () => undefined },
    readStdin: () => stdin,
    cwd: process.cwd(),
  };
  const code = runLint(['--format', 'json', ...paths], io);
  return { code, findings: JSON.parse(out) as LintedFinding[] };
}
