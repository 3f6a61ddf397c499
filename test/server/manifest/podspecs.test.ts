import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseManifest } from '../../../server/src/manifest/manifest';
import { lint } from '../../support/fixture';

/** calico-node with a half-typed list line `marker` under readinessProbe's command. */
function halfTyped(marker: string): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: calico-node}
spec:
  template:
    spec:
      containers:
      - name: calico-node
        image: calico/node:v3.32.1
        env: [{name: FELIX_HEALTHENABLED, value: "true"}]
        livenessProbe:
          exec: {command: [/bin/calico-node, -felix-live]}
          timeoutSeconds: 5
        readinessProbe:
          exec:
            command:
            - /bin/calico-node
${marker}
          timeoutSeconds: 5
`;
}

test('a probe is read whole unless a syntax error lies between its key and the text after its value', () => {
  for (const [marker, readiness] of [
    ['            - -felix-ready', true],
    ['          - -', false],
    ['        - -', false],
  ] as const) {
    const document = analyseManifest(halfTyped(marker)).documents[0]!;
    assert.equal(document.parseErrors.length > 0, !readiness, marker);
    const probes = document.podSpecs[0]!.containers[0]!.probes;
    assert.deepEqual(
      probes.map((p) => [p.kind, p.readWhole]),
      [
        ['livenessProbe', true],
        ['readinessProbe', readiness],
      ],
      marker,
    );
  }
});

test('while a list line is half typed, no rule reports a field missing from the half-read probe', () => {
  for (const marker of ['          - -', '        - -']) {
    const reported = lint(halfTyped(marker)).map((f) => `${f.ruleId}: ${f.message}`);
    assert.deepEqual(
      reported.filter((m) => /no timeoutSeconds|without a check flag|must specify a handler type|the default\)/.test(m)),
      [],
      marker,
    );
  }
});
