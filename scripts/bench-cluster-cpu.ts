/**
 * Where the cluster bench's CPU goes, read from Linux's `/proc` (elsewhere: nothing, and the bench
 * says so). The client and the loopback API server share the machine's cores with each other and
 * with V8's helper threads, so the full tree cannot come sooner than their CPU time over the cores;
 * the figures show that bound beside the wall time, for the session and for the floor it is compared
 * with. `/proc` counts in clock ticks (USER_HZ, 100 a second on Linux): 10 ms a figure.
 */
import { readdirSync, readFileSync } from 'node:fs';

const MS_PER_TICK = 10;

/** CPU (user + system) of each thread of a process, ms, by thread id. */
function threadCpu(pid: number): Map<number, number> {
  const times = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return times;
  }
  for (const tid of tids) {
    const ms = statCpu(`/proc/${pid}/task/${tid}/stat`);
    if (ms !== undefined) times.set(Number(tid), ms);
  }
  return times;
}

/** CPU (user + system) of a whole process, ms; undefined when it cannot be read. */
function processCpu(pid: number): number | undefined {
  return statCpu(`/proc/${pid}/stat`);
}

/** Idle time summed over every core, ms (`/proc/stat`'s first line, its idle column). */
function idleCpu(): number | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'latin1').split('\n', 1)[0]!.trim().split(/\s+/);
    return fields[0] === 'cpu' ? Number(fields[4]) * MS_PER_TICK : undefined;
  } catch {
    return undefined;
  }
}

/** CPU (user + system) in a `/proc/…/stat` file, ms: a process's, a thread's, or `/proc/thread-self/stat` for the caller's. */
export function statCpu(file: string): number | undefined {
  try {
    const raw = readFileSync(file, 'latin1');
    // The command name, in parentheses, may hold spaces: the fields are counted after its `)`.
    const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
  } catch {
    return undefined;
  }
}

/** The session's CPU by where it ran, ms, from the session's start to the full tree. */
export interface SessionCpu {
  /** The client's own thread (the extension host's, in VS Code). */
  readonly mainMs: number;
  /** Threads the session started: the list worker. */
  readonly startedMs: number;
  /** The client's other threads, there before the session: V8's compiler and collector helpers (and libuv's). */
  readonly helpersMs: number;
  readonly serverMs: number;
  /** Cores idle meanwhile, summed. */
  readonly idleMs: number;
}

/** Readings at the session's start; `since` takes them at its end. */
interface CpuReadings {
  since(): SessionCpu | undefined;
}

export function readCpu(serverPid: number | undefined): CpuReadings {
  const pid = process.pid;
  const threads = threadCpu(pid);
  const server = serverPid === undefined ? undefined : processCpu(serverPid);
  const idle = idleCpu();
  return {
    since() {
      const now = threadCpu(pid);
      const serverNow = serverPid === undefined ? undefined : processCpu(serverPid);
      const idleNow = idleCpu();
      if (!threads.size || !now.size || server === undefined || serverNow === undefined || idle === undefined || idleNow === undefined) return undefined;
      let mainMs = 0;
      let startedMs = 0;
      let helpersMs = 0;
      for (const [tid, ms] of now) {
        const before = threads.get(tid);
        if (tid === pid) mainMs = ms - (before ?? 0);
        else if (before === undefined) startedMs += ms;
        else helpersMs += ms - before;
      }
      return { mainMs, startedMs, helpersMs, serverMs: serverNow - server, idleMs: idleNow - idle };
    },
  };
}
