import assert from 'node:assert/strict';
import { test } from 'node:test';
import { valueTypeMismatch } from '../../../../server/src/rules/apiserver/value-type-mismatch';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [valueTypeMismatch];

test('wrong JSON types are decode errors, phrased like Go', () => {
  const findings = assertFixture(
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers:
      - name: c
        livenessProbe:
          httpGet:
            path: /healthz
            port: 8080
            httpHeaders:
            - name: X-Debug
              value: yes
#                    ^^^ error value-type-mismatch
          timeoutSeconds: "5"
#                         ^^^ error value-type-mismatch
          periodSeconds: 2.5
#                        ^^^ error value-type-mismatch
        readinessProbe:
#       ^^^^^^^^^^^^^^ error value-type-mismatch
        - tcpSocket: {port: 8080}
        startupProbe:
          exec:
            command: [sleep, 5]
#                            ^ error value-type-mismatch
          failureThreshold: 30
        lifecycle:
          preStop:
            exec: {command: "nginx -s quit"}
#                           ^^^^^^^^^^^^^^^ error value-type-mismatch
`,
    rules,
  );
  const messages = findings.map((f) => f.message);
  assert.equal(
    messages[0],
    'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal bool into Go struct field HTTPHeader.spec.template.spec.containers.livenessProbe.httpGet.httpHeaders.value of type string. Quote it (YAML 1.1 reads yes as a boolean).',
  );
  assert.equal(
    messages[1],
    'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field Probe.spec.template.spec.containers.livenessProbe.timeoutSeconds of type int32. Remove the quotes: the field is a number.',
  );
  assert.match(messages[2]!, /cannot unmarshal number 2\.5 into Go struct field Probe\.spec\.template\.spec\.containers\.livenessProbe\.periodSeconds of type int32/);
  assert.match(messages[3]!, /cannot unmarshal array into Go struct field Container\.spec\.template\.spec\.containers\.readinessProbe of type v1\.Probe/);
  assert.match(messages[4]!, /cannot unmarshal number into Go struct field ExecAction\.spec\.template\.spec\.containers\.startupProbe\.exec\.command of type string/);
  assert.match(messages[5]!, /cannot unmarshal string into Go struct field ExecAction\.spec\.template\.spec\.containers\.lifecycle\.preStop\.exec\.command of type \[\]string/);
});

test('IntOrString ports take numbers and strings; grpc string ports are left to their own rule', () => {
  assertFixture(
    `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe: {httpGet: {port: "http"}}
    readinessProbe: {tcpSocket: {port: true}}
#                                      ^^^^ error value-type-mismatch
    startupProbe: {grpc: {port: "9000"}}
`,
    rules,
  );
});

test('fix: unquote numbers, quote strings, split a command string (block and flow)', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    livenessProbe:
      exec:
        command: cat /tmp/healthy
      timeoutSeconds: '5'   # seconds
    readinessProbe: {exec: {command: [sleep, 5]}, periodSeconds: "10"}
`;
  let fixed = text;
  for (let i = 0; i < 4; i++) fixed = applyFix(fixed, lint(fixed, rules)[0]!);
  assert.equal(
    fixed,
    text
      .replace('command: cat /tmp/healthy', 'command: [cat, /tmp/healthy]')
      .replace("'5'   #", '5   #')
      .replace('[sleep, 5]', '[sleep, "5"]')
      .replace('"10"', '10'),
  );
  assert.equal(lint(fixed, rules).length, 0);
  const shell = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {containers: [{name: c, livenessProbe: {exec: {command: "pgrep nginx || exit 1"}}}]}
`;
  const [finding] = lint(shell, rules);
  assert.deepEqual(finding!.fixes!.map((f) => f.title), ['Run it with sh -c']);
  const wrapped = applyFix(shell, finding!);
  assert.match(wrapped, /command: \["sh", "-c", "pgrep nginx \|\| exit 1"\]/);
  assert.equal(lint(wrapped, rules).length, 0);
});
