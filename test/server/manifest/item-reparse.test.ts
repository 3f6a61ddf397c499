import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { analyseManifest, updateManifest, type Manifest } from '../../../server/src/manifest/manifest';
import { CORPUS, yamlFiles } from '../../support/paths';
import { modelDifference } from '../../support/model-equality';
import { podList } from '../../support/pod-list';
import { createRng, type Rng } from '../hardening/fuzz/rng';

/** One edit in offsets of the text before it. */
interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const apply = (text: string, e: Edit) => text.slice(0, e.start) + e.text + text.slice(e.end);

/** Applies the edit incrementally and checks the model against a whole analysis of the new text. */
function checkEdit(text: string, model: Manifest, edit: Edit, what: string): Manifest {
  const next = apply(text, edit);
  const incremental = updateManifest(model, edit, next);
  const difference = modelDifference(incremental, analyseManifest(next));
  assert.equal(difference, undefined, `${what}: ${JSON.stringify(edit).slice(0, 200)}`);
  return incremental;
}

const lineStartAt = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
const lineEndAt = (text: string, offset: number) => {
  const end = text.indexOf('\n', offset);
  return end < 0 ? text.length : end;
};

/** Line starts of block sequence items (`<indent>- x`), the places item-wise edits aim at. */
function itemLines(text: string): number[] {
  const out: number[] = [];
  const re = /^( *)- +\S/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m.index);
  return out;
}

/** The edit kinds of the brief (type, delete, split an item, join two, re-indent, paste an item, `---`) and a comment. */
const EDITS: ReadonlyArray<readonly [string, (text: string, items: number[], rng: Rng) => Edit | undefined]> = [
  ['type', (text, items, rng) => {
    const line = lineEndAt(text, rng.pick(items)) + 1;
    const at = lineEndAt(text, Math.min(text.length, line));
    return { start: at, end: at, text: rng.pick(['x', '1', ' ', 'abc', '\n']) };
  }],
  ['delete', (text, items, rng) => {
    const at = Math.min(text.length, lineEndAt(text, rng.pick(items)) + 1 + rng.int(40));
    return { start: at, end: Math.min(text.length, at + rng.between(1, 3)), text: '' };
  }],
  ['split an item in two', (text, items, rng) => {
    const item = rng.pick(items);
    const next = lineEndAt(text, item) + 1;
    if (next >= text.length) return undefined;
    const indent = /^ */.exec(text.slice(item))![0].length;
    const keyIndent = /^ */.exec(text.slice(next))![0].length;
    if (keyIndent <= indent) return undefined;
    return { start: next, end: next + keyIndent, text: `${' '.repeat(indent)}- ` };
  }],
  ['join two items', (text, items, rng) => {
    const i = rng.int(items.length - 1);
    const next = items[i + 1]!;
    const indent = /^ */.exec(text.slice(next))![0].length;
    return { start: next - 1, end: next + indent + 2, text: `\n${' '.repeat(indent + 2)}` };
  }],
  ['re-indent', (text, items, rng) => {
    const line = rng.chance(0.5) ? rng.pick(items) : lineEndAt(text, rng.pick(items)) + 1;
    if (line >= text.length) return undefined;
    return rng.chance(0.5) ? { start: line, end: line, text: ' ' } : text[line] === ' ' ? { start: line, end: line + 1, text: '' } : undefined;
  }],
  ['paste an item', (text, items, rng) => {
    const i = rng.int(items.length - 1);
    const [from, to] = [items[i]!, items[i + 1]!];
    if (lineStartAt(text, to) !== to) return undefined;
    const at = rng.chance(0.5) ? to : from;
    return { start: at, end: at, text: text.slice(from, to) };
  }],
  ['comment', (text, items, rng) => {
    const line = lineEndAt(text, rng.pick(items)) + 1;
    if (line >= text.length) return undefined;
    const at = line + /^ */.exec(text.slice(line))![0].length;
    return { start: at, end: at, text: rng.pick(['# ', '#', ' # note']) };
  }],
  ['---', (text, items, rng) => {
    const at = lineEndAt(text, rng.pick(items)) + 1;
    return at > text.length ? undefined : { start: at, end: at, text: '---\n' };
  }],
];

for (const [what, edit] of [
  ['a keystroke', (at: number) => ({ start: at, end: at, text: 'x' })],
  ['a comment', (at: number) => ({ start: at, end: at, text: ' # the node' })],
] as const) test(`${what} inside one item of a big List re-parses only that item, and the model equals a whole parse`, () => {
  const text = podList(6);
  const model = analyseManifest(text);
  const at = text.indexOf('\n', text.indexOf('nodeName: worker-3'));
  const next = checkEdit(text, model, edit(at), `${what} in pod 3`);
  // The same tree, with pod 3's item replaced: the other items were not parsed again.
  assert.equal(next.documents[0]!.yaml, model.documents[0]!.yaml);
  assert.notEqual(next.documents[0], model.documents[0], 'a new document, so the engine checks it again');
  assert.equal(next.documents[0]!.podSpecs.length, 6);
  assert.ok(next.documents[0]!.podSpecs.every((p) => p.document === next.documents[0]));
  // Only pod 3's spec is searched for and built again; the others are the same objects, moved.
  next.documents[0]!.podSpecs.forEach((spec, i) => (i === 3 ? assert.notEqual : assert.equal)(spec, model.documents[0]!.podSpecs[i], `pod spec ${i}`));
});

test("an edit in a container of a Deployment builds the pod spec again (its containers changed)", () => {
  const text = 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          image: x\n        - name: b\n          image: y\n';
  const model = analyseManifest(text);
  const at = text.indexOf('image: x') + 8;
  const next = checkEdit(text, model, { start: at, end: at, text: 'z' }, 'a container');
  assert.equal(next.documents[0]!.yaml, model.documents[0]!.yaml, 'the container re-parsed alone');
  assert.notEqual(next.documents[0]!.podSpecs[0], model.documents[0]!.podSpecs[0]);
  assert.equal(next.documents[0]!.podSpecs[0]!.containers[0]!.image, 'xz');
});

test('edits in turn in two sequences of one pod move the later one through its kept ranges, and never through a stale list', () => {
  // An edit in an init container moves `containers` whole (its range list is kept); an edit in a
  // container then replaces an item in that list's tree, so the next init container edit must not
  // move the container through the list kept before (its replaced item's ranges would stay behind).
  let text = 'apiVersion: v1\nkind: Pod\nspec:\n  initContainers:\n    - name: init\n      image: i\n  containers:\n    - name: a\n      image: x\n      livenessProbe:\n        exec:\n          command: [true]\n    - name: b\n      image: y\n';
  let model = analyseManifest(text);
  const tree = model.documents[0]!.yaml;
  for (const [round, [anchor, typed]] of [['image: i', 'n'], ['image: x', 'z'], ['image: i', 'n'], ['image: y', 'w'], ['image: i', 'n'], ['image: xz', '1']].entries()) {
    const at = text.indexOf(anchor) + anchor.length;
    const edit = { start: at, end: at, text: typed };
    model = checkEdit(text, model, edit, `round ${round}: ${typed} after ${anchor}`);
    text = apply(text, edit);
  }
  assert.equal(model.documents[0]!.yaml, tree, 'every edit was taken item-wise');
});

test('an edit in a container of a pod in a List re-parses that container alone, inside the kept pod', () => {
  const text = podList(4);
  const model = analyseManifest(text);
  const at = text.indexOf('\n', text.indexOf('livenessProbe:', text.indexOf('nodeName: worker-1')));
  const items = () => (model.documents[0]!.yaml!.contents as { items: Array<{ value: { items: unknown[] } }> }).items.find((p) => String((p as unknown as { key: { value: string } }).key.value) === 'items')!.value.items;
  const pod = items()[2];
  const next = checkEdit(text, model, { start: at, end: at, text: ' ' }, 'a key line in a container');
  assert.equal(next.documents[0]!.yaml, model.documents[0]!.yaml);
  assert.equal(items()[2], pod, 'the pod item is the same node: only its container was parsed again');
  // The pod's spec is found again (its container changed); the other pods' are kept.
  next.documents[0]!.podSpecs.forEach((spec, i) => (i === 2 ? assert.notEqual : assert.equal)(spec, model.documents[0]!.podSpecs[i], `pod spec ${i}`));
});

test('an edit in an item inside another item, under comment lines, re-parses what is around that item', () => {
  // Inside an item, the parser folds comment lines above a deeper item differently from the item
  // parsed alone (fuzz case 72811): the env entry is declined. An edit on its first line is in no pair
  // after the first, so its container's pairs from `env` on are parsed, inside the kept container.
  const text = 'apiVersion: v1\nkind: List\nitems:\n  - kind: Pod\n    spec:\n      containers:\n        - name: a\n          env:\n            - name: A\n              value: x\n            # the second\n            - name: B\n              value: y\n          image: i\n';
  const model = analyseManifest(text);
  const yaml = model.documents[0]!.yaml!;
  const [pod, container, env] = [['items', 0], ['items', 0, 'spec', 'containers', 0], ['items', 0, 'spec', 'containers', 0, 'env', 1]].map((path) => yaml.getIn(path, true));
  const at = text.indexOf('name: B') + 7;
  checkEdit(text, model, { start: at, end: at, text: 'z' }, 'the commented env entry');
  assert.equal(yaml.getIn(['items', 0], true), pod, 'the pod was not parsed again');
  assert.equal(yaml.getIn(['items', 0, 'spec', 'containers', 0], true), container, 'its container is the same node');
  assert.notEqual(yaml.getIn(['items', 0, 'spec', 'containers', 0, 'env', 1], true), env, 'the env entry was parsed again');
  assert.equal(yaml.getIn(['items', 0, 'spec', 'containers', 0, 'env', 1, 'name']), 'Bz');
  // An edit in the entry's later pairs is theirs alone (no comment line above them), inside the kept entry.
  const value = text.indexOf('value: y') + 8;
  const fresh = analyseManifest(text);
  const entry = fresh.documents[0]!.yaml!.getIn(['items', 0, 'spec', 'containers', 0, 'env', 1], true);
  checkEdit(text, fresh, { start: value, end: value, text: 'z' }, 'a later pair of the commented env entry');
  assert.equal(fresh.documents[0]!.yaml!.getIn(['items', 0, 'spec', 'containers', 0, 'env', 1], true), entry);
});

test("an edit in an item with comment lines above it (Calico's calico-node container) re-parses that item alone", () => {
  const text = readFileSync(`${CORPUS}/calico/v3.32.1/calico.yaml`, 'utf8');
  const model = analyseManifest(text);
  const at = text.indexOf('\n', text.indexOf('livenessProbe:', text.indexOf('# Runs calico-node container on each Kubernetes node.')));
  const next = checkEdit(text, model, { start: at, end: at, text: ' ' }, 'a key line under a commented container');
  const index = next.documents.findIndex((d) => d.span.start <= at && at < d.span.end);
  assert.equal(next.documents[index]!.yaml, model.documents[index]!.yaml, 'the container was re-parsed alone');
  // An item after the first, with its own comment lines above it.
  const list = 'apiVersion: v1\nkind: List\nitems:\n  - kind: Pod\n    spec:\n      containers:\n        - name: a\n  # the second pod\n  - kind: Pod\n    spec:\n      containers:\n        - name: b\n          image: x\n';
  const listModel = analyseManifest(list);
  const edit = list.indexOf('image: x') + 8;
  const listNext = checkEdit(list, listModel, { start: edit, end: edit, text: 'y' }, 'an item with its own comment');
  assert.equal(listNext.documents[0]!.yaml, listModel.documents[0]!.yaml);
});

// Fuzz case 81787's cause: `privileged: #true` leaves an empty value whose range (yaml's composeEmptyNode)
// ends past its comment, its newline and the next line's indentation, outside the item's lines.
test('an item whose last line becomes a key with only a comment after it is read by a whole parse', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  initContainers:\n    - name: a\n      image: a\n      securityContext:\n        privileged: true\n  containers:\n    - name: b\n      image: b\n';
  const model = analyseManifest(text);
  const at = text.indexOf('true');
  const next = checkEdit(text, model, { start: at, end: at, text: '#' }, 'a comment after the last key of an item');
  assert.notEqual(next.documents[0]!.yaml, model.documents[0]!.yaml);
});

// Issue 19: a space typed before a field or two lines joined in calico-node's probe left a syntax error,
// and the 12 KB DaemonSet was parsed whole on the edit and again on its undo.
test('an edit leaving a syntax error the composer reports inside one item re-parses that item alone, and so does its undo', () => {
  const text = readFileSync(`${CORPUS}/calico/v3.26.5/calico.yaml`, 'utf8');
  const probe = text.indexOf('livenessProbe:', text.indexOf('# Runs calico-node container on each Kubernetes node.'));
  const lastField = text.lastIndexOf('\n', text.indexOf('timeoutSeconds:', probe)) + 1;
  const fieldAt = lastField + /^ */.exec(text.slice(lastField))![0].length;
  const fieldLineEnd = text.indexOf('\n', fieldAt);
  const execLineEnd = text.indexOf('\n', text.indexOf('exec:', probe));
  const cases: Array<[string, Edit, string]> = [
    ['a space before a field', { start: fieldAt, end: fieldAt, text: ' ' }, 'Nested mappings are not allowed in compact mappings'],
    ['two lines joined', { start: execLineEnd, end: execLineEnd + 1, text: '' }, 'Nested mappings are not allowed in compact mappings'],
    ['a half-typed key', { start: fieldLineEnd, end: fieldLineEnd, text: `\n${' '.repeat(fieldAt - lastField)}succ` }, 'Implicit map keys need to be followed by map values'],
  ];
  for (const [what, edit, message] of cases) {
    const model = analyseManifest(text);
    const index = model.documents.findIndex((d) => d.span.start <= edit.start && edit.start < d.span.end);
    const broken = checkEdit(text, model, edit, what);
    const doc = broken.documents[index]!;
    assert.equal(doc.yaml, model.documents[index]!.yaml, `${what}: the container was re-parsed alone`);
    assert.ok(doc.parseErrors.some((e) => e.message === message), `${what}: ${JSON.stringify(doc.parseErrors)}`);
    const undo = { start: edit.start, end: edit.start + edit.text.length, text: text.slice(edit.start, edit.end) };
    const restored = checkEdit(apply(text, edit), broken, undo, `${what}, undone`);
    assert.equal(restored.documents[index]!.yaml, model.documents[index]!.yaml, `${what}, undone: re-parsed alone`);
    assert.deepEqual(restored.documents[index]!.parseErrors, []);
  }
});

test('an unclosed quote or bracket is read by a whole parse (it reads on past the item)', () => {
  const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      image: a\n      args: ["x"]\n    - name: b\n      image: b\n';
  for (const edit of [
    { start: text.indexOf('image: a') + 7, end: text.indexOf('image: a') + 7, text: '"' }, // a quote that reads on
    { start: text.indexOf('["x"]') + 4, end: text.indexOf('["x"]') + 5, text: '' }, // a bracket left open
  ]) {
    const model = analyseManifest(text);
    const next = checkEdit(text, model, edit, 'an error that can read on');
    assert.notEqual(next.documents[0]!.yaml, model.documents[0]!.yaml, JSON.stringify(edit));
  }
  // A key with no colon yet as an item's last line: the same model either way.
  const end = text.indexOf('["x"]') + 5;
  checkEdit(text, analyseManifest(text), { start: end, end, text: '\n      x' }, "a half-typed key on an item's last line");
});

test('an edit on the structure around the items is read by a whole parse', () => {
  const text = podList(3);
  for (const edit of [
    { start: text.indexOf('items:') + 1, end: text.indexOf('items:') + 1, text: 'x' }, // the key line
    { start: text.indexOf('  - apiVersion', 100), end: text.indexOf('  - apiVersion', 100) + 1, text: '' }, // an item's dash indentation
    { start: text.indexOf('nodeName: worker-1'), end: text.indexOf('nodeName: worker-2'), text: '' }, // across two items
    { start: text.indexOf('nodeName: worker-1'), end: text.indexOf('nodeName: worker-1'), text: '&a ' }, // an anchor
    { start: text.indexOf('  - apiVersion', 100), end: text.indexOf('  - apiVersion', 100), text: '    # about the next pod\n' }, // a comment above an item
    { start: text.indexOf('nodeName: worker-1') + 9, end: text.indexOf('nodeName: worker-1') + 9, text: ' [' }, // a syntax error
  ]) {
    const model = analyseManifest(text);
    const next = checkEdit(text, model, edit, 'structural edit');
    assert.notEqual(next.documents[0]!.yaml, model.documents[0]!.yaml, JSON.stringify(edit));
  }
});

test('generated edits in big Lists (type, delete, split, join, re-indent, paste, ---) give the model of a whole parse', () => {
  const rng = createRng(20261206);
  let text = podList(4);
  let model = analyseManifest(text);
  for (let round = 0; round < 40; round++) {
    const [name, make] = EDITS[round % EDITS.length]!;
    const edit = make(text, itemLines(text), rng);
    if (!edit) continue;
    model = checkEdit(text, model, edit, `round ${round} (${name})`);
    text = apply(text, edit);
  }
});

test('every corpus file, edited item by item, gives the model of a whole parse', () => {
  const rng = createRng(21);
  yamlFiles(CORPUS).forEach((file, fileIndex) => {
    const original = readFileSync(file, 'utf8');
    // Items of the documents the model parses (a CRD's schema is never parsed, so never re-parsed).
    const parsed = analyseManifest(original).documents.filter((d) => d.yaml);
    const items = itemLines(original).filter((at) => parsed.some((d) => d.span.start <= at && at < d.span.end));
    if (items.length < 2) return;
    // Three kinds per file, in turn: every kind meets every sort of document across the corpus.
    for (const [name, make] of EDITS.filter((_, k) => (k + fileIndex) % EDITS.length < 3)) {
      const edit = make(original, items, rng);
      // A fresh model each time: an item-wise edit changes the one it starts from.
      if (edit) checkEdit(original, analyseManifest(original), edit, `${file} (${name})`);
    }
  });
});

/** Key lines of pairs whose value is a block below them (`livenessProbe:`), inside sequence items (indented). */
function blockKeyLines(text: string): number[] {
  const out: number[] = [];
  const re = /^( +)[A-Za-z][\w.-]*:[ ]*$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const next = lineEndAt(text, m.index) + 1;
    if (next < text.length && /^ */.exec(text.slice(next))![0].length > m[1]!.length) out.push(m.index);
  }
  return out;
}

/** Edits in and around a pair's lines: on its key line, in its value, at the end of its block. */
const PAIR_EDITS: ReadonlyArray<readonly [string, (text: string, keys: number[], rng: Rng) => Edit | undefined]> = [
  ['after the key', (text, keys, rng) => {
    const at = lineEndAt(text, rng.pick(keys));
    return { start: at, end: at, text: rng.pick([' ', 'x', ' # about it', ' {}', ' |', '\n']) };
  }],
  ['in the value', (text, keys, rng) => {
    const line = lineEndAt(text, rng.pick(keys)) + 1;
    const at = lineEndAt(text, Math.min(text.length, line));
    return { start: at, end: at, text: rng.pick(['1', 'x', ' ', ':', '\n', '\n\n', ': y']) };
  }],
  ['a character deleted in the value', (text, keys, rng) => {
    const line = lineEndAt(text, rng.pick(keys)) + 1;
    const end = lineEndAt(text, line);
    if (end - line < 2) return undefined;
    const at = line + rng.int(end - line);
    return { start: at, end: at + 1, text: '' };
  }],
  ['a field added at the block end', (text, keys, rng) => {
    const key = rng.pick(keys);
    const indent = /^ */.exec(text.slice(key))![0].length;
    let at = lineEndAt(text, key) + 1;
    while (at < text.length && (/^ */.exec(text.slice(at))![0].length > indent || text[at] === '\n')) at = lineEndAt(text, at) + 1;
    const inner = ' '.repeat(indent + 2);
    return { start: at, end: at, text: rng.pick([`${inner}added: 1\n`, `${inner}# a note\n`, '\n', `${inner}added:\n`]) };
  }],
  ['the key line re-indented', (_text, keys, rng) => {
    const key = rng.pick(keys);
    return rng.chance(0.5) ? { start: key, end: key, text: ' ' } : { start: key, end: key + 1, text: '' };
  }],
];

/** A fresh model of Calico's manifest, the calico-node document's index and tree, and its container's path. */
function calicoNodeModel(text: string, probe: number) {
  const model = analyseManifest(text);
  const index = model.documents.findIndex((d) => d.span.start <= probe && probe < d.span.end);
  return { model, index, yaml: model.documents[index]!.yaml!, path: ['spec', 'template', 'spec', 'containers', 0] };
}

test('a keystroke in a probe of calico-node re-parses the probe alone, inside the kept container', () => {
  const text = readFileSync(`${CORPUS}/calico/v3.32.1/calico.yaml`, 'utf8');
  const probe = text.indexOf('livenessProbe:', text.indexOf('# Runs calico-node container on each Kubernetes node.'));
  const period = text.indexOf('periodSeconds: 10', probe) + 'periodSeconds: 10'.length;
  for (const [what, edit] of [
    ['a trailing space on the key line', { start: text.indexOf('\n', probe), end: text.indexOf('\n', probe), text: ' ' }],
    ['a digit in a value', { start: period, end: period, text: '1' }],
  ] as const) {
    const { model, index, yaml, path: containerPath } = calicoNodeModel(text, probe);
    const container = yaml.getIn(containerPath, true);
    const before = yaml.getIn([...containerPath, 'livenessProbe'], true);
    const next = checkEdit(text, model, edit, what);
    assert.equal(next.documents[index]!.yaml, yaml, `${what}: the document's tree is kept`);
    assert.equal(yaml.getIn(containerPath, true), container, `${what}: the container is the same node`);
    assert.notEqual(yaml.getIn([...containerPath, 'livenessProbe'], true), before, `${what}: the probe was parsed again`);
    const undo = { start: edit.start, end: edit.start + edit.text.length, text: '' };
    const restored = checkEdit(apply(text, edit), next, undo, `${what}, undone`);
    assert.equal(restored.documents[index]!.yaml, yaml, `${what}, undone: the tree is kept`);
  }
});

test("Enter at the end of a probe re-parses the probe alone: the blank line is the next key's, and its undo too", () => {
  const text = readFileSync(`${CORPUS}/calico/v3.32.1/calico.yaml`, 'utf8');
  const probe = text.indexOf('livenessProbe:', text.indexOf('# Runs calico-node container on each Kubernetes node.'));
  const at = text.lastIndexOf('\n', text.indexOf('readinessProbe:', probe));
  const model = analyseManifest(text);
  const index = model.documents.findIndex((d) => d.span.start <= probe && probe < d.span.end);
  const yaml = model.documents[index]!.yaml!;
  const container = yaml.getIn(['spec', 'template', 'spec', 'containers', 0], true);
  const edit = { start: at, end: at, text: '\n' };
  const next = checkEdit(text, model, edit, 'a blank line after the probe');
  assert.equal(next.documents[index]!.yaml, yaml, 'the tree is kept');
  assert.equal(yaml.getIn(['spec', 'template', 'spec', 'containers', 0], true), container, 'the container is the same node');
  checkEdit(apply(text, edit), next, { start: at, end: at + 1, text: '' }, 'the blank line removed');
  assert.equal(yaml.getIn(['spec', 'template', 'spec', 'containers', 0], true), container, 'undone: the container is the same node');
});

test("edits a probe's pair cannot take alone in calico-node re-parse the container's pairs from the probe on, inside the kept container", () => {
  const text = readFileSync(`${CORPUS}/calico/v3.32.1/calico.yaml`, 'utf8');
  const probe = text.indexOf('livenessProbe:', text.indexOf('# Runs calico-node container on each Kubernetes node.'));
  const keyLine = text.lastIndexOf('\n', probe) + 1;
  const lastField = text.lastIndexOf('\n', text.indexOf('readinessProbe:', probe) - 1 - 12) + 1;
  const fieldAt = lastField + /^ */.exec(text.slice(lastField))![0].length;
  const probeEnd = text.lastIndexOf('\n', text.indexOf('readinessProbe:', probe)) + 1;
  const pasted = text.slice(keyLine, probeEnd).replace('livenessProbe:', 'startupProbe:');
  const execLineEnd = text.indexOf('\n', text.indexOf('exec:', probe));
  for (const [what, edit] of [
    ['a space before a field (a syntax error)', { start: fieldAt, end: fieldAt, text: ' ' }],
    ['two lines joined (a syntax error)', { start: execLineEnd, end: execLineEnd + 1, text: '' }],
    ["a comment as the probe's last line", { start: fieldAt, end: fieldAt, text: '#' }],
    ['a probe pasted above the key', { start: keyLine, end: keyLine, text: pasted }],
  ] as const) {
    const { model, index, yaml, path } = calicoNodeModel(text, probe);
    const container = yaml.getIn(path, true);
    const image = yaml.getIn([...path, 'image'], true);
    const next = checkEdit(text, model, edit, what);
    assert.equal(next.documents[index]!.yaml, yaml, `${what}: the tree is kept`);
    assert.equal(yaml.getIn(path, true), container, `${what}: the container is the same node`);
    assert.equal(yaml.getIn([...path, 'image'], true), image, `${what}: its pairs above the probe were not parsed again`);
    const undo = { start: edit.start, end: edit.start + edit.text.length, text: text.slice(edit.start, edit.end) };
    checkEdit(apply(text, edit), next, undo, `${what}, undone`);
    assert.equal(yaml.getIn(path, true), container, `${what}, undone: the container is the same node`);
  }
});

test('a pair whose siblings a syntax error or a comment line above could change is read by the item around it', () => {
  const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      # its probe\n      livenessProbe:\n        exec:\n          command: [x]\n        periodSeconds: 1\n      image: i\n';
  const container = (model: Manifest) => model.documents[0]!.yaml!.getIn(['spec', 'containers', 0], true);
  const at = text.indexOf('periodSeconds: 1') + 'periodSeconds: 1'.length;
  const model = analyseManifest(text);
  const kept = container(model);
  checkEdit(text, model, { start: at, end: at, text: '2' }, 'a probe under a comment line');
  assert.notEqual(container(model), kept, 'the container was parsed again, not the probe alone');
});

test('generated edits on the pairs of every corpus file (key lines, values, block ends) give the model of a whole parse', () => {
  const rng = createRng(19);
  let checked = 0;
  yamlFiles(CORPUS).forEach((file) => {
    const original = readFileSync(file, 'utf8');
    const parsed = analyseManifest(original).documents.filter((d) => d.yaml);
    const keys = blockKeyLines(original).filter((at) => parsed.some((d) => d.span.start <= at && at < d.span.end));
    if (keys.length === 0) return;
    for (const [name, make] of PAIR_EDITS) {
      const edit = make(original, keys, rng);
      if (!edit) continue;
      checkEdit(original, analyseManifest(original), edit, `${file} (${name})`);
      checked += 1;
    }
  });
  assert.ok(checked > 500, `${checked} edits`);
});
