/**
 * `probe-scope` on the command line: the editor's rules and the view's cluster core, in a terminal.
 *
 *   probe-scope lint [--format text|json|sarif] <path…|->   directories are searched for *.yaml/*.yml
 *   probe-scope status …                                      the live calico-node probe status
 *   probe-scope compare FILE…                                 the files' probes next to the live ones
 *
 * It sits beside `server/` and `client/` and imports both (the rule engine and the cluster core), so
 * neither of them has to import the other.
 */
import { readFileSync } from 'node:fs';
import { version } from '../../package.json';
import { UsageError } from './args';
import { COMPARE_USAGE, runCompare } from './compare';
import { LINT_USAGE, runLint } from './lint';
import type { Io } from './output';
import { runStatus } from './status';

const USAGE = `Usage:
${LINT_USAGE}  probe-scope status [options]
      Show the live probe status of calico-node (needs a kubeconfig).
${COMPARE_USAGE}  probe-scope --version | --help
`;

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lint':
        return runLint(rest, io);
      case 'status':
        return await runStatus(rest, io);
      case 'compare':
        return await runCompare(rest, io);
      case '--version':
      case '-v':
        io.stdout.write(`${version}\n`);
        return 0;
      case '--help':
      case '-h':
      case 'help':
        io.stdout.write(USAGE);
        return 0;
      default:
        throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`probe-scope: ${error.message}\n\n${USAGE}`);
    return 2;
  }
}

// Run when executed (the bundled bin, or `node --import tsx cli/src/main.ts`), not when imported.
const invokedDirectly = process.argv[1] !== undefined && /(main\.ts|cli\.js)$/.test(process.argv[1]);
if (invokedDirectly) {
  // `probe-scope lint … | head`: the reader has what it wanted. Stop quietly, as Unix tools do,
  // instead of dying with an unhandled EPIPE stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
  const io: Io = { stdout: process.stdout, stderr: process.stderr, readStdin: () => readFileSync(0, 'utf8'), cwd: process.cwd() };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`probe-scope: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
