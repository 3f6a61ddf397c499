import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { test } from 'node:test';

/**
 * manifest/yaml-readers.ts keeps the last parse's Lexer and Parser referenced so that V8 does not
 * collect their shapes at a full collection and throw away the lexer's compiled code with them
 * (issue 19). Watched through V8's own account of it: `--trace-deopt` prints each function whose
 * code is dropped because an object it was compiled against died ("reason: weak objects").
 * Without the kept readers the Lexer's methods are listed (checked by removing the assignment:
 * in each of four runs; with it, 150 of 151 runs passed, the one failure not reproduced).
 */
test("a full collection between parses does not drop the yaml Lexer's optimised code", () => {
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', '--trace-deopt', resolve(__dirname, 'yaml-readers-child.ts')], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(child.status, 0, child.stderr);
  const lines = child.stdout.trim().split('\n');
  // Its own line, wherever V8's trace puts it (the trace goes on after it: tsx's exit handlers).
  const named = lines.find((line) => line.startsWith('LEXER_METHODS '));
  assert.ok(named, 'the child names the Lexer methods');
  const lexerMethods = new Set(named.slice('LEXER_METHODS '.length).split(' '));
  assert.ok(lexerMethods.has('parseNext') && lexerMethods.has('charAt'), named);
  const droppedForWeakObjects = lines
    .filter((line) => line.includes('reason: weak objects'))
    .map((line) => /SharedFunctionInfo ([\w$]+)>/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
  // The control: the child keeps no parsed document, so the composer's node classes (Scalar, YAMLMap)
  // lose their shapes at each collection and their code is listed; without such lines the trace or
  // the collections did not happen, and an empty list below would prove nothing.
  assert.ok(droppedForWeakObjects.includes('composeScalar'), `V8 traced code dropped at the collections: ${droppedForWeakObjects.join(', ')}`);
  const dropped = droppedForWeakObjects.filter((name) => lexerMethods.has(name));
  assert.deepEqual(dropped, [], `Lexer code dropped at a full collection: ${[...new Set(dropped)].join(', ')}`);
});
