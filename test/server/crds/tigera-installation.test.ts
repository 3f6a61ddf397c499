/**
 * The tigera operator's Installation as the core's table models it, checked against the operator
 * CRDs in the shared corpus (Calico v3.28/v3.29 embed them in tigera-operator.yaml), and the
 * command line's findings on it (the same rules the editor runs).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { OPERATOR_COMPONENTS, PROBE_OVERRIDE_FIELDS } from '../../../core/src/calico/tigera-installation';
import { workloadKind } from '../../../core/src/kubernetes/workload-kinds';
import { lintJson } from '../../support/lint-json';
import { CORPUS, yamlFiles } from '../../support/paths';

type Schema = { properties?: Record<string, Schema>; items?: Schema; enum?: string[] };

function installationSchema(file: string): Schema {
  for (const doc of parseAllDocuments(readFileSync(resolve(CORPUS, file), 'utf8'))) {
    const crd = doc.toJS({ maxAliasCount: -1 });
    if (crd?.kind === 'CustomResourceDefinition' && crd.spec.names.kind === 'Installation') return crd.spec.versions[0].schema.openAPIV3Schema;
  }
  throw new Error(`no Installation CRD in ${file}`);
}

function containerItems(schema: Schema, field: string): Schema | undefined {
  return schema.properties?.spec?.properties?.[field]?.properties?.spec?.properties?.template?.properties?.spec?.properties?.containers?.items;
}

test("the released operators' Installation CRDs: every component and container name we model, and no probe fields before v1.43", () => {
  for (const file of ['calico/v3.28.5/tigera-operator.yaml', 'calico/v3.29.7/tigera-operator.yaml']) {
    const schema = installationSchema(file);
    for (const component of OPERATOR_COMPONENTS) {
      const items = containerItems(schema, component.field);
      assert.ok(items, `${file}: ${component.field}`);
      const released = items.properties!.name!.enum!;
      const modelled = component.containers.map((c) => c.name);
      assert.deepEqual(released.filter((n) => !modelled.includes(n)), [], `${file}: ${component.field} names`);
      assert.deepEqual(Object.keys(items.properties!).sort(), ['name', 'resources'], `${file}: ${component.field} has no probe overrides yet`);
    }
  }
});

test('an Installation is the tigera operator\'s kind, at each component\'s pod spec override', () => {
  const entry = workloadKind('operator.tigera.io/v1', 'Installation');
  assert.equal(entry?.validation, 'tigera-operator');
  assert.ok(entry?.podSpecPaths.includes('spec.calicoNodeDaemonSet.spec.template.spec'));
  assert.deepEqual([...PROBE_OVERRIDE_FIELDS], ['periodSeconds', 'timeoutSeconds', 'failureThreshold', 'initialDelaySeconds']);
});

test('probe-scope lint: the Installations of the corpus are clean; an override with a handler gets the CRD\'s error', () => {
  const installs = yamlFiles(resolve(CORPUS, 'calico')).filter((f) => /custom-resources/.test(f));
  assert.ok(installs.length >= 9);
  assert.deepEqual(lintJson(installs).findings, []);
  const { code, findings } = lintJson(
    ['-'],
    `apiVersion: operator.tigera.io/v1
kind: Installation
metadata: {name: default}
spec:
  typhaDeployment:
    spec:
      template:
        spec:
          containers:
            - name: calico-typha
              readinessProbe: {periodSeconds: 5, timeoutSeconds: 3, tcpSocket: {port: 5473}}
`,
  );
  assert.equal(code, 1);
  assert.deepEqual(
    findings.map((f) => [f.line, f.column, f.ruleId, f.fixes]),
    [[11, 69, 'installation-probe-override-field', ['Remove tcpSocket']]],
  );
});
