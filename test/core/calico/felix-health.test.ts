/**
 * Felix's health reporters read from calico-node's log and from its health endpoint's body. The
 * fixtures are written in the exact shapes the source prints (our own text, not copied logs):
 * projectcalico/calico v3.26.5 `libcalico-go/lib/health/health.go` (`Summary`: "Overall health status
 * changed: live=%v ready=%v\n%s" with the olekukonko/tablewriter table, "Reporter is not ready: %v."
 * and "Reporter is not live: %v." with the `name` field; `Report`: "Health of component changed" with
 * `name`, `newReport`, `oldReport`), v3.25.2 of the same file ("Report timed out", "Reporter is not
 * ready."), in calico's logrus format (`libcalico-go/lib/logutils/logutils.go`: fields sorted, string
 * values `%#v`-quoted). Reporter names are Felix v3.26.5's: FelixStartup (felix/daemon/daemon.go),
 * CalculationGraph (felix/calc/async_calc_graph.go), InternalDataplaneMainLoop (felix/dataplane/linux/int_dataplane.go).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { failingComponents, readFelixHealthLog, readFelixHealthTable, withFelixReasons } from '../../../core/src/calico/felix-health';
import { parseCause } from '../../../core/src/calico/parse-cause';

const TABLE_NOT_READY = [
  '+---------------------------+---------+----------------+---------------------+--------+',
  '|         COMPONENT         | TIMEOUT |    LIVENESS    |      READINESS      | DETAIL |',
  '+---------------------------+---------+----------------+---------------------+--------+',
  '| CalculationGraph          | 30s     | reporting live | reporting ready     |        |',
  '| FelixStartup              | -       | reporting live | reporting ready     |        |',
  '| InternalDataplaneMainLoop | 1m30s   | reporting live | reporting non-ready |        |',
  '+---------------------------+---------+----------------+---------------------+--------+',
];

/** A calico-node v3.26.5 whose dataplane never finished its first apply: readiness 503. */
const NOT_READY_LOG = [
  '2026-12-05 22:01:10.114 [INFO][68] felix/daemon.go 397: Successfully loaded configuration.',
  '2026-12-05 22:01:12.207 [INFO][68] felix/health.go 206: Health of component changed name="InternalDataplaneMainLoop" newReport="live,non-ready" oldReport="live,ready"',
  '2026-12-05 22:01:12.208 [INFO][68] felix/health.go 336: Overall health status changed: live=true ready=false',
  ...TABLE_NOT_READY,
  '2026-12-05 22:01:22.301 [WARNING][68] felix/health.go 292: Reporter is not ready: reporting non-ready. name="InternalDataplaneMainLoop"',
  '2026-12-05 22:01:24.517 [INFO][68] felix/int_dataplane.go 1819: Dataplane updates throttled',
  '',
].join('\n');

const READY_503 = parseCause('calico/node is not ready: felix is not ready: readiness probe reporting 503')!;
const LIVE_503 = parseCause('calico/node is not ready: Felix is not live: liveness probe reporting 503')!;

describe('reading Felix health from the calico-node log', () => {
  test('the table after "Overall health status changed" and the reporter lines after it: InternalDataplaneMainLoop is not ready', () => {
    const reading = readFelixHealthLog(NOT_READY_LOG)!;
    assert.equal(reading.at, '2026-12-05 22:01:22.301');
    assert.equal(reading.live, true);
    assert.equal(reading.ready, false);
    assert.deepEqual(
      reading.components.map((c) => [c.name, c.timeout, c.liveness, c.readiness]),
      [
        ['CalculationGraph', '30s', 'reporting live', 'reporting ready'],
        ['FelixStartup', undefined, 'reporting live', 'reporting ready'],
        ['InternalDataplaneMainLoop', '1m30s', 'reporting live', 'reporting non-ready'],
      ],
    );
    assert.deepEqual(failingComponents(reading, 'readiness').map((c) => c.name), ['InternalDataplaneMainLoop']);
    assert.deepEqual(failingComponents(reading, 'liveness'), []);
  });

  test('a later table replaces an earlier one: recovered Felix has no failing component', () => {
    const recovered = NOT_READY_LOG + ['2026-12-05 22:03:00.001 [INFO][68] felix/health.go 336: Overall health status changed: live=true ready=true', ...TABLE_NOT_READY.map((l) => l.replace('reporting non-ready', 'reporting ready    '))].join('\n');
    const reading = readFelixHealthLog(recovered)!;
    assert.equal(reading.ready, true);
    assert.deepEqual(failingComponents(reading, 'readiness'), []);
  });

  test('a reporter that stopped reporting (v3.26+): "Reporter is not live: timed out." fails liveness and readiness', () => {
    const log = [
      '2026-12-05 22:10:00.000 [INFO][70] felix/health.go 336: Overall health status changed: live=true ready=true',
      ...TABLE_NOT_READY.map((l) => l.replace('reporting non-ready', 'reporting ready    ')),
      '2026-12-05 22:12:31.442 [WARNING][70] felix/health.go 286: Reporter is not live: timed out. name="CalculationGraph"',
      '2026-12-05 22:12:31.442 [WARNING][70] felix/health.go 292: Reporter is not ready: timed out. name="CalculationGraph"',
    ].join('\n');
    const reading = readFelixHealthLog(log)!;
    assert.deepEqual(failingComponents(reading, 'liveness').map((c) => `${c.name} ${c.liveness}`), ['CalculationGraph timed out']);
    assert.deepEqual(failingComponents(reading, 'readiness').map((c) => `${c.name} ${c.readiness}`), ['CalculationGraph timed out']);
    assert.equal(reading.live, false, 'a reporter line after the table makes the overall state worse');
  });

  test('v3.25 and earlier: "Report timed out" and "Reporter is not ready." without a reason', () => {
    const log = [
      '2023-04-02 08:00:01.000 [WARNING][51] felix/health.go 85: Report timed out name="InternalDataplaneMainLoop"',
      '2023-04-02 08:00:01.000 [WARNING][51] felix/health.go 266: Reporter is not ready. name="FelixStartup"',
    ].join('\n');
    const reading = readFelixHealthLog(log)!;
    assert.deepEqual(failingComponents(reading, 'liveness').map((c) => `${c.name} ${c.liveness}`), ['InternalDataplaneMainLoop timed out']);
    assert.deepEqual(failingComponents(reading, 'readiness').map((c) => `${c.name} ${c.readiness}`), ['FelixStartup reporting non-ready', 'InternalDataplaneMainLoop timed out']);
  });

  test('a log without health lines (log level WARNING and a quiet Felix, or scrolled out): undefined', () => {
    assert.equal(readFelixHealthLog('2026-12-05 22:01:24.517 [INFO][68] felix/int_dataplane.go 1819: Dataplane updates throttled\n'), undefined);
    assert.equal(readFelixHealthLog(''), undefined);
  });

  test('the health endpoint body is the same table', () => {
    assert.deepEqual(readFelixHealthTable(TABLE_NOT_READY.join('\n')).map((c) => c.name), ['CalculationGraph', 'FelixStartup', 'InternalDataplaneMainLoop']);
  });
});

describe('a 503 cause made precise', () => {
  test('readiness 503 + the log: the title names the component and the advice says what it waits for', () => {
    const cause = withFelixReasons(READY_503, { reading: readFelixHealthLog(NOT_READY_LOG)!, from: 'the calico-node log (last 200 lines)' });
    assert.equal(cause.id, 'felix-not-ready');
    assert.equal(cause.title, 'InternalDataplaneMainLoop (Felix not ready: reporting non-ready)');
    assert.match(cause.advice, /^InternalDataplaneMainLoop: Felix has not programmed the dataplane once yet/);
    assert.match(cause.advice, /Read from the calico-node log \(last 200 lines\) at 2026-12-05 22:01:22\.301/);
    assert.deepEqual(cause.details, {
      reason: 'not-ready',
      statusCode: '503',
      felixComponents: 'InternalDataplaneMainLoop (reporting non-ready)',
      felixReadFrom: 'the calico-node log (last 200 lines) at 2026-12-05 22:01:22.301',
    });
  });

  test('liveness 503 with a timed-out reporter names it', () => {
    const reading = readFelixHealthLog('2026-12-05 22:12:31.442 [WARNING][70] felix/health.go 286: Reporter is not live: timed out. name="InternalDataplaneMainLoop"\n')!;
    const cause = withFelixReasons(LIVE_503, { reading, from: 'the calico-node log' });
    assert.equal(cause.title, 'InternalDataplaneMainLoop (Felix not live: timed out)');
  });

  test('nothing to read: the cause keeps its title and says why', () => {
    const cause = withFelixReasons(READY_503, { unreadable: 'reading the calico-node log failed: 403: pods "x" is forbidden' });
    assert.equal(cause.title, READY_503.title);
    assert.match(cause.advice, /Felix's components could not be read: reading the calico-node log failed: 403/);
    assert.equal(cause.details?.felixComponents, 'unreadable: reading the calico-node log failed: 403: pods "x" is forbidden');
  });

  test('every component fine in the log: said, title unchanged', () => {
    const reading = readFelixHealthLog(['2026-12-05 22:03:00.001 [INFO][68] felix/health.go 336: Overall health status changed: live=true ready=true', ...TABLE_NOT_READY.map((l) => l.replace('reporting non-ready', 'reporting ready    '))].join('\n'))!;
    const cause = withFelixReasons(READY_503, { reading, from: 'the calico-node log' });
    assert.equal(cause.title, READY_503.title);
    assert.match(cause.advice, /shows every Felix component ready at 2026-12-05 22:03:00\.001/);
  });

  test('other causes are left alone', () => {
    const bgp = parseCause('calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.12')!;
    assert.equal(withFelixReasons(bgp, { reading: readFelixHealthLog(NOT_READY_LOG)!, from: 'x' }), bgp);
  });
});
