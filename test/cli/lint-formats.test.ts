/** A finding's related places (the base a patch merges into, the template a values block feeds) in every output format. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeFindings, type FileResult, type Format } from '../../cli/src/lint-formats';
import { analyseManifest } from '../../server/src/manifest/manifest';

const document = analyseManifest('apiVersion: v1\nkind: Pod\n').documents[0]!;
const results: FileResult[] = [
  {
    name: 'overlays/prod/patch.yaml',
    findings: [
      {
        finding: { ruleId: 'probe-multiple-handlers', severity: 'error', message: 'two handlers after the merge', span: { start: 0, end: 1 }, document },
        line: 9,
        column: 7,
        endLine: 9,
        endColumn: 14,
        related: [{ name: 'base/deployment.yaml', line: 18, column: 9, endLine: 18, endColumn: 13, message: 'the base sets exec here' }],
      },
    ],
  },
];

function render(format: Format): string {
  let out = '';
  writeFindings(format, results, { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true } } as never);
  return out;
}

test('text: each related place is a note on its own file:line:col line under the finding', () => {
  assert.equal(
    render('text'),
    'overlays/prod/patch.yaml:9:7: error probe-multiple-handlers two handlers after the merge\n' +
      '  base/deployment.yaml:18:9: note: the base sets exec here\n',
  );
});

test('json: related places with file, positions and message', () => {
  const [entry] = JSON.parse(render('json')) as Array<{ related: unknown }>;
  assert.deepEqual(entry!.related, [{ file: 'base/deployment.yaml', line: 18, column: 9, endLine: 18, endColumn: 13, message: 'the base sets exec here' }]);
});

test('sarif: relatedLocations with their regions', () => {
  const sarif = JSON.parse(render('sarif')) as { runs: Array<{ results: Array<{ relatedLocations: unknown }> }> };
  assert.deepEqual(sarif.runs[0]!.results[0]!.relatedLocations, [
    { id: 0, message: { text: 'the base sets exec here' }, physicalLocation: { artifactLocation: { uri: 'base/deployment.yaml' }, region: { startLine: 18, startColumn: 9, endLine: 18, endColumn: 13 } } },
  ]);
});
