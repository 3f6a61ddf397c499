/**
 * Exports that nothing imports: the TypeScript checker resolves every identifier of the project
 * (sources, tests, scripts, tools) to its declaration, and an exported declaration of a source file
 * that no other file reaches is dead (functions, classes and data; types are documentation). Entry modules (loaded by VS Code, by `require` at run time or
 * as a bin) are public by definition. `npm test` fails on any (test/architecture/dead-exports.test.ts);
 * `node --import tsx scripts/dead-exports.ts` lists them.
 */
import { resolve } from 'node:path';
import ts from 'typescript';

const REPO = resolve(__dirname, '..');
/** Folders whose exports must each have a user outside their own file. */
const CHECKED = ['core/src/', 'server/src/', 'client/src/', 'cli/src/'];
/** Modules something outside TypeScript loads: VS Code (activate), a run-time require, a worker, the bin. */
const ENTRY_MODULES = ['client/src/extension.ts', 'client/src/cluster/index.ts', 'client/src/cluster/list-worker.ts', 'server/src/server.ts', 'cli/src/main.ts'];

const VALUE_FLAGS = ts.SymbolFlags.Function | ts.SymbolFlags.Variable | ts.SymbolFlags.Class | ts.SymbolFlags.Enum;

export interface DeadExport {
  readonly file: string;
  readonly name: string;
  readonly line: number;
}

function project(): ts.Program {
  const configPath = resolve(REPO, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO);
  return ts.createProgram(parsed.fileNames, parsed.options);
}

const relativeName = (file: ts.SourceFile) => file.fileName.slice(REPO.length + 1);

/** The declaration symbol an identifier stands for, through import aliases. */
function target(checker: ts.TypeChecker, symbol: ts.Symbol | undefined): ts.Symbol | undefined {
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) return checker.getAliasedSymbol(symbol);
  return symbol;
}

export function deadExports(): DeadExport[] {
  const program = project();
  const checker = program.getTypeChecker();
  const files = program.getSourceFiles().filter((f) => f.fileName.startsWith(REPO) && !f.fileName.includes('/node_modules/'));
  const usedFrom = new Map<ts.Symbol, Set<string>>();
  const use = (symbol: ts.Symbol | undefined, file: string) => {
    if (!symbol) return;
    let users = usedFrom.get(symbol);
    if (!users) usedFrom.set(symbol, (users = new Set()));
    users.add(file);
  };
  for (const file of files) {
    const name = relativeName(file);
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node)) use(target(checker, checker.getSymbolAtLocation(node)), name);
      // `const { runStatus } = await import('./status')`: the binding names a property of the module.
      if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
        const property = (node.propertyName ?? node.name) as ts.Identifier;
        use(target(checker, checker.getTypeAtLocation(node.parent).getProperty(property.text)), name);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  const dead: DeadExport[] = [];
  for (const file of files) {
    const name = relativeName(file);
    if (!CHECKED.some((folder) => name.startsWith(folder)) || ENTRY_MODULES.includes(name)) continue;
    const moduleSymbol = checker.getSymbolAtLocation(file);
    if (!moduleSymbol) continue;
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = target(checker, exported) ?? exported;
      // Types name the parts of a signature (a rule's context, an option bag): exporting them is
      // documentation, and the compiler drops them. Only code and data can be dead weight.
      if (!(symbol.flags & VALUE_FLAGS)) continue;
      const users = [...(usedFrom.get(symbol) ?? []), ...(usedFrom.get(exported) ?? [])];
      if (users.some((user) => user !== name)) continue;
      const declaration = symbol.declarations?.[0];
      const line = declaration ? declaration.getSourceFile().getLineAndCharacterOfPosition(declaration.getStart()).line + 1 : 0;
      dead.push({ file: name, name: exported.name, line });
    }
  }
  return dead.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

if (process.argv[1]?.endsWith('dead-exports.ts')) {
  const dead = deadExports();
  for (const d of dead) console.log(`${d.file}:${d.line}: ${d.name}`);
  console.log(dead.length ? `${dead.length} dead export(s)` : 'no dead exports');
  process.exitCode = dead.length ? 1 : 0;
}
