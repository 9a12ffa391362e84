/**
 * Ending everything a worker started. The worker leads its own process group, so one signal
 * reaches the children that stayed in it; but a child may leave the group (`setsid`) and
 * outlive the worker, re-parented away from it. So every worker is started with a tag in its
 * environment (`SWITCHYARD_WORKER_TAG`), which every descendant inherits, and the sweep
 * finds them by that tag in /proc/<pid>/environ, plus any live descendant by parent pid. A
 * control group would contain them too, but is rarely available to a desktop user's process;
 * where /proc is missing (macOS), the group signal is what there is.
 */
import { readdir, readFile } from "node:fs/promises";

export const WORKER_TAG_VARIABLE = "SWITCHYARD_WORKER_TAG";

const hasProc = process.platform === "linux";

async function livePids(): Promise<number[]> {
  const names = await readdir("/proc").catch(() => [] as string[]);
  return names.filter((name) => /^\d+$/.test(name)).map(Number);
}

/** Processes whose environment carries `tag`, and every live descendant of `rootPid`. */
export async function processesOf(rootPid: number | undefined, tag: string | undefined): Promise<number[]> {
  if (!hasProc) return [];
  const needle = tag ? `${WORKER_TAG_VARIABLE}=${tag}\0` : undefined;
  const parents = new Map<number, number>();
  const found = new Set<number>();
  await Promise.all(
    (await livePids()).map(async (pid) => {
      if (pid === process.pid) return;
      const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
      // Field 4 (after the command in parentheses, which may itself hold spaces) is the parent.
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (Number.isInteger(parent)) parents.set(pid, parent);
      if (needle && (await readFile(`/proc/${pid}/environ`, "latin1").catch(() => "")).includes(needle))
        found.add(pid);
    }),
  );
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
): Promise<void> {
  if (pid) signal(-pid, name);
  if (pid) signal(pid, name);
  for (const other of await processesOf(pid, tag)) {
    signal(-other, name);
    signal(other, name);
  }
}
