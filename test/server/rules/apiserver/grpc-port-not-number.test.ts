import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grpcPortNotNumber } from '../../../../server/src/rules/apiserver/grpc-port-not-number';
import { applyFix, assertFixture, lint } from '../../../support/fixture';

const rules = [grpcPortNotNumber];

test('a string grpc port is a decode error, on every container kind', () => {
  const findings = assertFixture(
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      initContainers:
      - name: i
        livenessProbe: {grpc: {port: "2379"}}
#                                    ^^^^^^ error grpc-port-not-number
      containers:
      - name: etcd
        ports: [{name: grpc, containerPort: 2379}]
        livenessProbe:
          grpc:
            port: grpc
#                 ^^^^ error grpc-port-not-number
        readinessProbe:
          grpc: {port: 2379, service: etcd}
`,
    rules,
  );
  assert.equal(
    findings[1]!.message,
    'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field GRPCAction.spec.template.spec.containers.livenessProbe.grpc.port of type int32. gRPC probe ports must be numbers; port names work only for httpGet and tcpSocket.',
  );
});

test('fix: unquote the number, or use the declared port number for a name', () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: etcd
    ports:
    - name: grpc
      containerPort: 2379
    livenessProbe:
      grpc: {port: grpc}
    readinessProbe:
      grpc:
        port: "2379" # quoted
`;
  const [named, quoted] = lint(text, rules);
  assert.equal(named!.fixes![0]!.title, 'Use the number of port "grpc" (2379)');
  assert.ok(quoted!.fixes![0]!.safe);
  let fixed = applyFix(text, quoted!);
  fixed = applyFix(fixed, lint(fixed, rules)[0]!);
  assert.equal(fixed, text.replace('{port: grpc}', '{port: 2379}').replace('"2379" # quoted', '2379 # quoted'));
  assert.equal(lint(fixed, rules).length, 0);
});
