/** What the Felix checks' failures mean, held against Felix's health code and Go's dialer. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CALICO_FAILURES, failuresPrintedBy } from '../../../../core/src/calico/failures/table';
import { parseCause } from '../../../../core/src/calico/parse-cause';

const NR = 'calico/node is not ready: ';

test(
  'readiness 503 also means "honestly not ready yet": projectcalico/calico v3.32.0 felix/calc/async_calc_graph.go reportHealth ' +
    '(Ready only once in sync), felix/dataplane/linux/int_dataplane.go reportHealth (Ready only after the first apply), felix/daemon/daemon.go (FelixStartup)',
  () => {
    const cause = parseCause(`${NR}felix is not ready: readiness probe reporting 503`)!;
    assert.equal(cause.id, 'felix-not-ready');
    assert.equal(cause.details?.reason, 'not-ready');
    assert.match(cause.advice, /after calico-node starts or Felix resyncs/);
    assert.match(cause.advice, /Reporter is not ready: reporting non-ready\./);
    const [printed] = failuresPrintedBy('felix-ready');
    assert.match(printed!.failure.causes, /not in sync with the datastore/);
    assert.match(printed!.failure.causes, /dataplane has not been programmed once/);
  },
);

test(
  'already right: liveness 503 is a missed deadline. Every Felix reporter reports Live: true when it reports, so only ' +
    'libcalico-go lib/health/health.go reporterState TimedOut fails liveness (projectcalico/calico v3.32.0)',
  () => {
    const cause = parseCause(`${NR}Felix is not live: liveness probe reporting 503`)!;
    assert.equal(cause.details?.reason, 'reporter-timed-out');
    assert.match(CALICO_FAILURES.find((f) => f.id === 'felix-not-live' && f.advice === cause.advice)!.causes, /missed its reporting deadline/);
  },
);

test(
  '"Report timed out" is dated: libcalico-go lib/health/health.go logs it from v3.9 (projectcalico/libcalico-go release-v3.9 ' +
    'HasLivenessProblem) to v3.25 (projectcalico/calico v3.25.0); v3.26.0 Summary logs "Reporter is not live: timed out." instead',
  () => {
    for (const text of [`${NR}Felix is not live: liveness probe reporting 503`, `${NR}felix is not ready: readiness probe reporting 503`]) {
      const advice = parseCause(text)!.advice;
      assert.match(advice, /"Report timed out"\)? up to v3\.25/, text);
    }
    const [live] = failuresPrintedBy('felix-live');
    assert.match(live!.failure.causes, /"Report timed out" \(v3\.9–v3\.25\) or "Reporter is not live: timed out\." \(v3\.26\+\)/);
    assert.match(parseCause(`${NR}Felix is not live: liveness probe reporting 503`)!.advice, /"Reporter is not live: timed out\." from v3\.26/);
  },
);

test(
  '[::1] refused means nothing listened at all: Go net/dial.go DialContext puts the first resolved address\'s family first ' +
    '(addrList.partition) and dialParallel returns the primary error only after the fallback (127.0.0.1) failed too; ' +
    'Felix binds one address (net.Listen takes addrs.first(isIPv4)), so the fallback would have reached it',
  () => {
    const text = `${NR}Felix is not live: Get "http://localhost:9099/liveness": dial tcp [::1]:9099: connect: connection refused`;
    const cause = parseCause(text)!;
    assert.equal(cause.details?.reason, 'not-listening');
    assert.equal(cause.title, 'Felix is not live (nothing listens on the health port)');
    assert.doesNotMatch(cause.advice, /resolves to IPv6|listens on 127\.0\.0\.1/);
    assert.doesNotMatch(cause.advice, /set FELIX_HEALTHHOST/);
    const ipv6 = failuresPrintedBy('felix-live').find((p) => p.message.text.includes('[::1]:9099'))!;
    assert.match(ipv6.message.causes!, /reports the first one \(\[::1\]\), so 127\.0\.0\.1 refused too/);
    assert.doesNotMatch(ipv6.failure.causes, /resolves to IPv6/);
  },
);

test(
  'the check reads only the env vars while Felix also reads FelixConfiguration: projectcalico/calico v3.32.0 node/pkg/health/health.go init ' +
    '(FELIX_HEALTHHOST, FELIX_HEALTHPORT) and felix/config/config_params.go HealthHost/HealthPort',
  () => {
    const cause = parseCause(`${NR}felix is not ready: Get "http://localhost:9099/readiness": dial tcp 127.0.0.1:9099: connect: connection refused`)!;
    assert.match(cause.advice, /FelixConfiguration's healthHost\/healthPort match FELIX_HEALTHHOST\/FELIX_HEALTHPORT/);
    assert.match(cause.advice, /FELIX_HEALTHENABLED is "true"/);
  },
);

test('a failed lookup of localhost is not a refused health port, though the DNS answer may say "connection refused" (projectcalico/node#1360)', () => {
  const text = `${NR}Felix is not live: Get "http://localhost:9099/liveness": dial tcp: lookup localhost on [::1]:53: read udp [::1]:54397->[::1]:53: read: connection refused`;
  const cause = parseCause(text)!;
  assert.equal(cause.details?.reason, 'lookup-failed');
  assert.match(cause.advice, /FELIX_HEALTHHOST to 127\.0\.0\.1/);
  assert.equal(parseCause(`${NR}felix is not ready: Get "http://localhost:9099/readiness": dial tcp: lookup localhost: no such host`)?.details?.reason, 'lookup-failed');
});

test(
  '"context deadline exceeded" comes from -threshold-time, which bounds the Felix request from v3.14 ' +
    '(projectcalico/node v3.14.0 pkg/health/health.go Run: context.WithTimeout, checkFelixHealth req.WithContext)',
  () => {
    const deadline = failuresPrintedBy('felix-live').find((p) => p.message.text.endsWith('context deadline exceeded'))!;
    assert.match(deadline.message.versions!, /^v3\.14\+, only when -threshold-time \(30 s by default\) is shorter than timeoutSeconds/);
  },
);
