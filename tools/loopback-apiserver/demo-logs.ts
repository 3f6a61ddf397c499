/**
 * calico-node container logs for the demo cluster, one story per pod role, so *Show calico-node Logs*
 * shows each pod what it would print: Felix's steady state on healthy pods; BIRD protocol state lines
 * on pods whose BGP peers are unreachable (Calico's bird.cfg.template sets `debug { states }`, so BIRD
 * logs each protocol state change, and a session blocked on TCP 179 falls back to `start`); BIRD's
 * "I/O loop cycle took … ms" warning on the CPU-starved one; and on the crash-looping pod a fresh start
 * whose Felix main loop stops reporting, which the health aggregator logs as "Reporter is not live:
 * timed out" and "Overall health status changed: live=false" (projectcalico/calico v3.26.5,
 * libcalico-go/lib/health/health.go, reporterState.liveness and the aggregator's summary).
 * Lines follow calico-node's logrus format: `2024-01-10 23:05:07.799 [INFO][68] felix/health.go 206: …`.
 */
import { calicoLog } from './seeds';

export type LogRole = 'ready' | 'recovered' | 'bgp-down' | 'bird-timeout' | 'crashloop';

const REFLECTORS = ['10.0.0.11', '10.0.0.12'];
const stamp = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const felix = (ms: number, level: string, text: string) => `${stamp(ms)} [${level}][${68 + (Math.floor(ms / 1000) % 5)}] felix/${text}`;
/** BIRD's own lines reach the container log through runit, as `bird: …`. */
const bird = (ms: number, text: string) => `${stamp(ms)} [INFO][${112 + (Math.floor(ms / 1000) % 3)}] bird: ${text}`;

/** The line a pod of this role adds at `ms`; `i` picks among its kinds of line. */
function lineOf(role: LogRole, node: string, ms: number, i: number): string {
  switch (role) {
    case 'bgp-down':
      if (i % 3 === 0) return bird(ms, `Node_${REFLECTORS[(i / 3) % 2]!.replace(/\./g, '_')}: State changed to start`);
      break;
    case 'bird-timeout':
      if (i % 3 === 0) return `${stamp(ms)} [WARNING][113] bird: I/O loop cycle took ${5000 + ((i * 977) % 4000)} ms for ${2 + (i % 5)} events`;
      break;
    case 'crashloop':
      return i % 2
        ? felix(ms, 'WARNING', 'health.go 286: Reporter is not live: timed out. name="InternalDataplaneMainLoop"')
        : felix(ms, 'INFO', 'health.go 336: Overall health status changed: live=false ready=false');
    default:
      break;
  }
  // Felix's steady state, cycling through its sample lines (the newest of k lines is stamped `ms`).
  return calicoLog(node, (i % 6) + 1, ms + 7_000).trimEnd().split('\n').at(-1)!;
}

/** The start of a calico-node container: what the crash-looping pod shows after each restart. */
function startup(node: string, ms: number): string[] {
  return [
    `${stamp(ms)} [INFO][9] startup/startup.go 425: Early log level set to info`,
    `${stamp(ms + 40)} [INFO][9] startup/startup.go 441: Using NODENAME environment for node name ${node}`,
    `${stamp(ms + 900)} [INFO][68] felix/daemon.go 397: Successfully loaded configuration.`,
    bird(ms + 1500, 'Started'),
    felix(ms + 2100, 'INFO', 'health.go 336: Overall health status changed: live=true ready=false'),
  ];
}

/** A pod's log as the demo seeds it: `lines` lines, 7 s apart, ending at `now`. */
export function demoLog(role: LogRole, node: string, lines: number, now = Date.now()): string {
  if (role === 'crashloop') {
    // The container started 20 s ago (its last restart): its log is that start and what followed.
    const started = now - 20_000;
    return [...startup(node, started), ...[0, 1, 2, 3].map((i) => lineOf(role, node, started + 8_000 + i * 3_000, i))].join('\n') + '\n';
  }
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(lineOf(role, node, now - (lines - i) * 7_000, i));
  return out.join('\n') + '\n';
}

/** One more line, for the demo's tick; `step` varies which. */
export function demoLogLine(role: LogRole, node: string, step: number, now = Date.now()): string {
  return `${lineOf(role, node, now, step)}\n`;
}

/** The log of a container that just restarted (the crash loop's new instance). */
export function restartedLog(node: string, now = Date.now()): string {
  // Its start-up took about 2 s and ends now.
  return startup(node, now - 2_100).join('\n') + '\n';
}
