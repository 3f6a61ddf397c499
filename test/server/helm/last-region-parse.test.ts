/**
 * A value typed in a template while values.yaml is open (issue 15): the block it is in is parsed
 * once for the template's own model and copied for the template with the values written in, and
 * the values findings are those of a fresh check; the copies are the re-parse's own to move.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isMap, isPair, isScalar, type Node } from 'yaml';
import { HelmValuesChecks } from '../../../server/src/helm/values-probes';
import { parseRegionOnce, regionParseCount } from '../../../server/src/helm/last-region-parse';
import { UNKNOWN_CHAR } from '../../../server/src/helm/template-mask';
import { unknownValuesAsAliases } from '../../../server/src/helm/unknown-values';
import { analyseManifest, type Manifest } from '../../../server/src/manifest/manifest';
import { parseYaml } from '../../../server/src/manifest/document';
import { shiftRanges } from '../../../server/src/manifest/shift-ranges';
import { RuleEngine } from '../../../server/src/rules/engine';
import { allRules } from '../../../server/src/rules/index';
import { openTemplateAndValues, valuesFindingLines } from '../../support/helm-open-files';
import { REPO } from '../../support/paths';
import { countingParses } from '../../support/yaml-parses';

const CHART = join(REPO, 'test/fixtures/helm/seeded-app');
const TEMPLATE = join(CHART, 'templates/deployment.yaml');
const VALUES = join(CHART, 'values.yaml');
const engine = new RuleEngine({ rules: allRules });

const seen = (checks: HelmValuesChecks, values: Manifest): string[] => valuesFindingLines(checks, VALUES, values);

test('a value typed in a template with values.yaml open: its block is parsed once per keystroke, the values findings as a fresh check', () => {
  const { store, templateUri, valuesUri, templateText, checks, values } = openTemplateAndValues(TEMPLATE, VALUES, engine);
  let text = templateText;
  seen(checks, values);
  // The bench's keystrokes: letters typed one after another after the startup probe's `port: http`.
  const at = text.indexOf('port: http\n            exec') + 'port: http'.length;
  const line = text.slice(0, at).split('\n').length - 1;
  const column = at - (text.lastIndexOf('\n', at - 1) + 1);
  for (const [n, letter] of [...'abc'].entries()) {
    const position = { line, character: column + n };
    text = text.slice(0, at + n) + letter + text.slice(at + n);
    const regions = regionParseCount.parses;
    const { result, texts } = countingParses(() => {
      store.change(templateUri, n + 2, [{ range: { start: position, end: position }, text: letter }]);
      assert.deepEqual(checks.edited(templateUri, () => store.get(templateUri)!.textDocument.getText(), store.uris()), [valuesUri]);
      store.get(templateUri)!.manifest;
      return seen(checks, values);
    });
    assert.equal(regionParseCount.parses - regions, 1, `keystroke ${n}: regions parsed`);
    assert.equal(texts.length, 1, `keystroke ${n}: yaml parses of ${texts.map((t) => JSON.stringify(t)).join(', ')}`);
    const fresh = new HelmValuesChecks({ engine, openText: (path) => (path === TEMPLATE ? text : undefined) });
    assert.deepEqual(result, seen(fresh, analyseManifest(readFileSync(VALUES, 'utf8'), undefined, { plain: true })), `keystroke ${n}`);
  }
});

test('a region parsed again is a copy of the first parse as it came, whatever was done to that one', () => {
  const region = '  tcpSocket:\n    port: http\n';
  const parse = () => {
    const doc = parseYaml(`${region}  next: 0\n`, true)!;
    const map = doc.contents;
    assert.ok(isMap(map));
    return { item: map.items[0], standIn: map.items[1]!.key as Node };
  };
  const key = `test ${region}`;
  const first = parseRegionOnce(key, parse)!;
  const parses = regionParseCount.parses;
  shiftRanges([first.item], 0, 100);
  const second = parseRegionOnce(key, parse)!;
  const third = parseRegionOnce(key, parse)!;
  assert.equal(regionParseCount.parses, parses, 'copied, not parsed');
  assert.notEqual(second.item, first.item);
  assert.notEqual(second.item, third.item);
  assert.ok(isPair(second.item) && isScalar(second.item.key) && isMap(second.item.value));
  assert.deepEqual(second.item.key.range, [2, 11, 11]);
  const port = second.item.value.items[0]!;
  assert.ok(isScalar(port.value) && port.value.value === 'http');
  assert.deepEqual(port.value.range, [23, 27, 28]);
  assert.equal(second.standIn, first.standIn);
  // Another region is parsed.
  parseRegionOnce(`test other ${region}`, parse);
  assert.equal(regionParseCount.parses, parses + 1);
});

/** Every node's class, own fields and range, children in order: what the rules and the re-parse read. */
function shape(node: unknown): unknown {
  if (isPair(node)) return { pair: [shape(node.key), shape(node.value)] };
  if (!node || typeof node !== 'object') return node;
  const fields = Object.fromEntries(Object.entries(node).filter(([k]) => k !== 'items' && k !== 'srcToken'));
  const items = (node as { items?: unknown[] }).items;
  return { class: node.constructor.name, ...fields, ...(items ? { items: items.map(shape) } : {}) };
}

test('a copied region reads as its parse: scalars of every style, comments, blank lines, unknown values, sequences', () => {
  const region = [
    '  startupProbe:',
    '    # why',
    '    exec:',
    '      command: ["cat", \'/tmp/x\']',
    '',
    '    httpGet:',
    `      port: ${UNKNOWN_CHAR.repeat(12)}  # masked output`,
    '      httpHeaders:',
    '        - name: a',
    '          value: |',
    '            text',
    '    periodSeconds: 10',
    '',
  ].join('\n');
  const parse = () => {
    const doc = parseYaml(`${region}  next: 0\n`, true)!;
    unknownValuesAsAliases(doc);
    const map = doc.contents;
    assert.ok(isMap(map));
    return { item: map.items[0], standIn: map.items[1]!.key as Node };
  };
  assert.match(JSON.stringify(shape(parse().item)), /"class":"Alias"/);
  const key = `test shapes ${region}`;
  const first = parseRegionOnce(key, parse)!;
  const expected = shape(parse().item);
  assert.deepEqual(shape(first.item), expected);
  const copy = parseRegionOnce(key, parse)!;
  assert.deepEqual(shape(copy.item), expected);
});
