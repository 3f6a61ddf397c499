/**
 * With the "latest" target the rules agree with Kubernetes' own validation tests: the probe and
 * lifecycle cases of kubernetes `pkg/apis/core/validation/validation_test.go`, translated into our own
 * manifests (one container per case), each cited by its test function and case name. A success case
 * gets no error; an error case gets at least one, at the field the test names where it names one.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { stringify } from 'yaml';
import { lint } from '../../support/fixture';

interface Case {
  readonly source: string;
  readonly container: Record<string, unknown>;
  readonly pod?: Record<string, unknown>;
  /** Undefined: accepted. A path: rejected, with an error at that field (relative to the container). */
  readonly error?: string;
}

const exec = { exec: { command: ['echo'] } };

const CASES: readonly Case[] = [
  // TestValidateProbe: each of the positive fields set to 10 passes, set to -10 fails; no handler fails.
  ...['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'].flatMap((field): Case[] => [
    { source: `TestValidateProbe success: ${field} 10`, container: { readinessProbe: { ...exec, [field]: 10 } } },
    { source: `TestValidateProbe error: ${field} -10`, container: { readinessProbe: { ...exec, [field]: -10 } }, error: `readinessProbe.${field}` },
  ]),
  { source: 'TestValidateProbe error: {TimeoutSeconds: 10, InitialDelaySeconds: 10} (no handler)', container: { readinessProbe: { timeoutSeconds: 10, initialDelaySeconds: 10 } }, error: 'readinessProbe' },
  // Test_validateProbe: probe-level terminationGracePeriodSeconds must be > 0.
  { source: 'Test_validateProbe: terminationGracePeriodSeconds 0', container: { livenessProbe: { ...exec, terminationGracePeriodSeconds: 0 } }, error: 'livenessProbe.terminationGracePeriodSeconds' },
  { source: 'Test_validateProbe: terminationGracePeriodSeconds -1', container: { livenessProbe: { ...exec, terminationGracePeriodSeconds: -1 } }, error: 'livenessProbe.terminationGracePeriodSeconds' },
  { source: 'Test_validateProbe: terminationGracePeriodSeconds 1', container: { livenessProbe: { ...exec, terminationGracePeriodSeconds: 1 } } },
  // TestValidateHandler.
  { source: 'TestValidateHandler success: exec echo', container: { lifecycle: { postStart: exec } } },
  { source: 'TestValidateHandler success: httpGet port 1', container: { lifecycle: { postStart: { httpGet: { path: '/', port: 1 } } } } },
  { source: 'TestValidateHandler success: httpGet port 65535, host', container: { lifecycle: { postStart: { httpGet: { path: '/foo', port: 65535, host: 'host' } } } } },
  { source: 'TestValidateHandler success: httpGet named port', container: { ports: [{ name: 'port', containerPort: 8080 }], lifecycle: { postStart: { httpGet: { path: '/', port: 'port' } } } } },
  { source: 'TestValidateHandler error: {}', container: { lifecycle: { postStart: {} } }, error: 'lifecycle.postStart' },
  { source: 'TestValidateHandler error: exec with no command', container: { lifecycle: { postStart: { exec: { command: [] } } } }, error: 'lifecycle.postStart.exec.command' },
  { source: 'TestValidateHandler error: httpGet port 0', container: { lifecycle: { postStart: { httpGet: { path: '', port: 0 } } } }, error: 'lifecycle.postStart.httpGet.port' },
  { source: 'TestValidateHandler error: httpGet port 65536', container: { lifecycle: { postStart: { httpGet: { path: '/foo', port: 65536, host: 'host' } } } }, error: 'lifecycle.postStart.httpGet.port' },
  { source: 'TestValidateHandler error: httpGet port ""', container: { lifecycle: { postStart: { httpGet: { path: '', port: '' } } } }, error: 'lifecycle.postStart.httpGet.port' },
  // TestValidateContainers error cases.
  { source: 'TestValidateContainers: "invalid lifecycle, no exec command."', container: { lifecycle: { preStop: { exec: {} } } }, error: 'lifecycle.preStop.exec.command' },
  { source: 'TestValidateContainers: "invalid lifecycle, no tcp socket port."', container: { lifecycle: { preStop: { tcpSocket: {} } } }, error: 'lifecycle.preStop.tcpSocket.port' },
  { source: 'TestValidateContainers: "invalid lifecycle, zero tcp socket port."', container: { lifecycle: { preStop: { tcpSocket: { port: 0 } } } }, error: 'lifecycle.preStop.tcpSocket.port' },
  { source: 'TestValidateContainers: "invalid lifecycle, no action."', container: { lifecycle: { preStop: {} } }, error: 'lifecycle.preStop' },
  { source: 'TestValidateContainers: "invalid liveness probe, no tcp socket port."', container: { livenessProbe: { tcpSocket: {} } }, error: 'livenessProbe.tcpSocket.port' },
  { source: 'TestValidateContainers: "invalid liveness probe, no action."', container: { livenessProbe: { periodSeconds: 10 } }, error: 'livenessProbe' },
  { source: 'TestValidateContainers: liveness successThreshold must be 1', container: { livenessProbe: { ...exec, successThreshold: 2 } }, error: 'livenessProbe.successThreshold' },
  { source: 'TestValidateContainers: startup successThreshold must be 1', container: { startupProbe: { ...exec, successThreshold: 2 } }, error: 'startupProbe.successThreshold' },
  { source: 'TestValidateContainers: readiness terminationGracePeriodSeconds', container: { readinessProbe: { ...exec, terminationGracePeriodSeconds: 10 } }, error: 'readinessProbe.terminationGracePeriodSeconds' },
  { source: 'TestValidateContainers: two handlers', container: { readinessProbe: { ...exec, tcpSocket: { port: 80 } } }, error: 'readinessProbe.tcpSocket' },
  { source: 'TestValidateContainers success: grpc probe', container: { livenessProbe: { grpc: { port: 9000 } } } },
  // TestValidateSleepAction (with PodLifecycleSleepActionAllowZero GA: 0 is valid).
  { source: 'TestValidateSleepAction: "valid setting"', container: { lifecycle: { preStop: { sleep: { seconds: 5 } } } } },
  { source: 'TestValidateSleepAction: "negative seconds"', container: { lifecycle: { preStop: { sleep: { seconds: -1 } } } }, error: 'lifecycle.preStop.sleep' },
  { source: 'TestValidateSleepAction: "longer than gracePeriod"', container: { lifecycle: { preStop: { sleep: { seconds: 5 } } } }, pod: { terminationGracePeriodSeconds: 3 }, error: 'lifecycle.preStop.sleep' },
  { source: 'TestValidateSleepAction: zero seconds (AllowZero on)', container: { lifecycle: { preStop: { sleep: { seconds: 0 } } } } },
];

/** Init-container cases (TestValidateInitContainers): the case's container is an init container. */
const INIT_CASES: readonly Case[] = [
  { source: 'TestValidateInitContainers success: restartable init container with probes', container: { restartPolicy: 'Always', livenessProbe: exec, readinessProbe: exec, startupProbe: exec } },
  { source: 'TestValidateInitContainers error: init container with a liveness probe', container: { livenessProbe: exec }, error: 'livenessProbe' },
  { source: 'TestValidateInitContainers error: init container with lifecycle', container: { lifecycle: { preStop: exec } }, error: 'lifecycle' },
  { source: 'TestValidateInitContainers error: restartable init container, liveness successThreshold 2', container: { restartPolicy: 'Always', livenessProbe: { ...exec, successThreshold: 2 } }, error: 'livenessProbe.successThreshold' },
];

function podText(c: Case, list: 'containers' | 'initContainers'): string {
  const container = { name: 'ctr', image: 'image', ...c.container };
  const spec = list === 'containers' ? { containers: [container], ...c.pod } : { initContainers: [container], containers: [{ name: 'app', image: 'image' }], ...c.pod };
  return stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec });
}

function check(c: Case, list: 'containers' | 'initContainers'): void {
  const text = podText(c, list);
  for (const options of [{}, { kubernetesVersion: { minor: 35 } }]) {
    const errors = lint(text, undefined, options).filter((f) => f.severity === 'error');
    const said = errors.map((f) => `${f.ruleId}: ${f.message}`).join('\n');
    if (c.error === undefined) {
      assert.deepEqual(said, '', `${c.source}: accepted by Kubernetes\n${text}`);
    } else {
      const path = `spec.${list}[0].${c.error}`;
      assert.ok(errors.some((f) => f.message.startsWith(`${path}:`)), `${c.source}: an error at ${path}\n${said || '(none)'}\n${text}`);
    }
  }
}

describe('validation_test.go probe and lifecycle cases, "latest" target', () => {
  for (const c of CASES) test(c.source, () => check(c, 'containers'));
  for (const c of INIT_CASES) test(c.source, () => check(c, 'initContainers'));
});
