/**
 * Ending everything a worker started. The worker leads its own process group, so one signal
 * reaches the children that stayed in it; but a child may leave the group (`setsid`) and
 * outlive the worker, re-parented away from it. So every worker is started with a tag in its
 * environment (`SWITCHYARD_WORKER_TAG`), which every descendant inherits, and the sweep
 * finds them by that tag in /proc/<pid>/environ, plus any live descendant by parent pid. A
 * control group would contain them too, but is rarely available to a desktop user's process;
 * where /proc is missing (macOS), the group signal is what there is.
 */
import { readdirSync, readFileSync } from "node:fs";

export const WORKER_TAG_VARIABLE = "SWITCHYARD_WORKER_TAG";

const hasProc = process.platform === "linux";

/**
 * /proc is in memory, so its files are read synchronously: one call each instead of four
 * thread-pool round trips (open, fstat, read, close), which made a sweep after every worker
 * cost more than spawning it.
 */
const readProc = (path: string): string => {
  try {
    return readFileSync(path, "latin1");
  } catch {
    return ""; // gone, or not ours to read
  }
};

/** The fields of /proc/<pid>/stat after the command (in parentheses, which may hold spaces). */
const statFields = (pid: number): string[] => {
  const stat = readProc(`/proc/${pid}/stat`);
  return stat ? stat.slice(stat.lastIndexOf(")") + 2).split(" ") : [];
};

/**
 * When a process started, in clock ticks since boot (field 22 of its stat), or undefined
 * without /proc. Its descendants all started at or after it, so a sweep need not look at the
 * environment of anything older.
 */
export function processStartTicks(pid: number | undefined): number | undefined {
  if (!hasProc || !pid) return undefined;
  const ticks = Number(statFields(pid)[19]);
  return Number.isFinite(ticks) ? ticks : undefined;
}

/**
 * Processes whose environment carries `tag`, and every live descendant of `rootPid`; with
 * `startedAtTicks` (the worker's start), only processes as young or younger are read for the tag.
 */
export async function processesOf(
  rootPid: number | undefined,
  tag: string | undefined,
  startedAtTicks?: number,
): Promise<number[]> {
  if (!hasProc) return [];
  const needle = tag ? `${WORKER_TAG_VARIABLE}=${tag}\0` : undefined;
  const parents = new Map<number, number>();
  const found = new Set<number>();
  let names: string[];
  try {
    names = readdirSync("/proc");
  } catch {
    return [];
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    const fields = statFields(pid);
    // Field 4 is the parent.
    const parent = Number(fields[1]);
    if (Number.isInteger(parent)) parents.set(pid, parent);
    const young = startedAtTicks === undefined || !(Number(fields[19]) < startedAtTicks);
    if (needle && young && readProc(`/proc/${pid}/environ`).includes(needle)) found.add(pid);
  }
  if (rootPid) {
    let grew = true;
    const tree = new Set([rootPid, ...found]);
    while (grew) {
      grew = false;
      for (const [pid, parent] of parents)
        if (tree.has(parent) && !tree.has(pid)) {
          tree.add(pid);
          found.add(pid);
          grew = true;
        }
    }
  }
  found.delete(process.pid);
  return [...found];
}

const signal = (pid: number, name: NodeJS.Signals) => {
  try {
    process.kill(pid, name);
  } catch {
    // gone already
  }
};

/** Signals the worker's group, then every tagged process and descendant (and their groups). */
export async function signalWorkerTree(
  pid: number | undefined,
  tag: string | undefined,
  name: NodeJS.Signals,
  startedAtTicks?: number,
): Promise<void> {
  if (pid) signal(-pid, name);
  if (pid) signal(pid, name);
  for (const other of await processesOf(pid, tag, startedAtTicks)) {
    signal(-other, name);
    signal(other, name);
  }
}
