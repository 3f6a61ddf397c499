import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { effectiveProbe } from '../../../core/src/probe/effective-probe';

describe('effectiveProbe', () => {
  it('applies API defaults and writes the kubectl describe line', () => {
    const probe = effectiveProbe('liveness', { httpGet: { port: 9099 } as never, timeoutSeconds: 0 });
    assert.deepEqual(
      [probe!.timeoutSeconds, probe!.periodSeconds, probe!.successThreshold, probe!.failureThreshold, probe!.initialDelaySeconds],
      [1, 10, 1, 3, 0],
    );
    assert.deepEqual(probe!.handler, { type: 'httpGet', scheme: 'HTTP', port: 9099, path: '/' });
    assert.equal(probe!.summary, 'http-get http://:9099/ delay=0s timeout=1s period=10s #success=1 #failure=3');
    const exec = effectiveProbe('readiness', { exec: { command: ['/bin/calico-node', '-bird-ready', '-felix-ready'] }, timeoutSeconds: 10, periodSeconds: 30 });
    assert.equal(exec!.summary, 'exec [/bin/calico-node -bird-ready -felix-ready] delay=0s timeout=10s period=30s #success=1 #failure=3');
    assert.equal(effectiveProbe('startup', undefined), undefined);
  });
});
