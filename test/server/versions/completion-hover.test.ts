/** Completion offers only what the target version accepts; hover says when a field came and what the target does. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getCompletions } from '../../../server/src/features/completion';
import { getHover } from '../../../server/src/features/hover';
import { analyseManifest } from '../../../server/src/manifest/manifest';

function at(src: string): { text: string; offset: number } {
  const offset = src.indexOf('|');
  return { text: src.slice(0, offset) + src.slice(offset + 1), offset };
}

const pod = (container: string) => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    image: app
${container}`;

const labels = (src: string, minor?: number) => {
  const { text, offset } = at(src);
  return getCompletions(analyseManifest(text), offset, minor ? { target: { minor } } : {}).map((e) => e.label);
};

test('probe handlers and fields: grpc from 1.24, terminationGracePeriodSeconds from 1.25', () => {
  const inProbe = pod('    livenessProbe:\n      |\n');
  assert.ok(labels(inProbe).includes('grpc'));
  assert.ok(labels(inProbe).includes('terminationGracePeriodSeconds'));
  assert.ok(!labels(inProbe, 23).includes('grpc'), 'alpha and off in 1.23');
  assert.ok(labels(inProbe, 24).includes('grpc'));
  assert.ok(!labels(inProbe, 24).includes('terminationGracePeriodSeconds'));
  assert.ok(labels(inProbe, 25).includes('terminationGracePeriodSeconds'));
  assert.ok(labels(inProbe, 20).includes('exec'));
});

test('hooks: no sleep handler before 1.30, and the preStop skeleton sleeps with exec instead', () => {
  const inHook = pod('    lifecycle:\n      preStop:\n        |\n');
  assert.ok(labels(inHook).includes('sleep'));
  assert.ok(!labels(inHook, 29).includes('sleep'));
  const { text, offset } = at(pod('    lifecycle:\n      |\n'));
  const preStop = (minor?: number) => getCompletions(analyseManifest(text), offset, minor ? { target: { minor } } : {}).find((e) => e.label === 'preStop')!;
  assert.match(preStop().insertText, /sleep:\n\s+seconds: \$\{1:5\}/);
  assert.match(preStop(29).insertText, /exec:\n\s+command: \[\/bin\/sh, -c, "sleep \$\{1:5\}"\]/);
});

test('hover on a versioned field says since/GA, and what the target does with it', () => {
  const { text, offset } = at(pod('    lifecycle:\n      preStop:\n        sl|eep: {seconds: 5}\n'));
  const hover = (minor?: number) => getHover(analyseManifest(text), offset, minor ? { target: { minor } } : {})!.markdown;
  assert.match(hover(), /since Kubernetes 1\.30, GA 1\.34 \(alpha 1\.29\)/);
  assert.match(hover(34), /Kubernetes since 1\.30, GA 1\.34 \(alpha 1\.29\)\. Accepted by the target, 1\.34\./);
  assert.match(hover(29), /⚠ PodLifecycleSleepAction is alpha in 1\.29, off by default: the apiserver drops this field\./);
  assert.match(hover(27), /⚠ Not in the target, 1\.27: its apiserver rejects it as an unknown field\./);
});
