/**
 * Serialising a read-modify-write of a shared file (approvals.json, schedules.json,
 * switchyard.json) across processes and within one: the discipline SHARED_MIND.md's lock
 * uses, without a visible lock file. A guard `.<name>.guard` is created exclusively (it holds
 * the writer's pid) for the few milliseconds of the read and the write; others wait for it.
 * A guard whose writer died, or that is far older than any critical section, is abandoned and
 * removed. Within a process, writers of one file queue behind each other and never poll.
 */
import { readFile, stat, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { isPidAlive } from "../process/pid.js";
import { createExclusive } from "./atomic-write.js";

/** A guard older than this was left by a process that died inside its critical section. */
export const GUARD_ABANDONED_MS = 10_000;
/** How long a writer waits for a busy guard before it gives up and says so. */
const WAIT_MS = 15_000;
const POLL_MS = 5;

export const guardPathFor = (path: string): string => join(dirname(path), `.${basename(path)}.guard`);

/** Takes the guard at `guard` once; false when another writer holds it. */
export const tryGuard = (guard: string): Promise<boolean> => createExclusive(guard, `${process.pid}\n`);

/** Removes a guard whose writer is gone (its pid is dead) or that is older than any writer needs. */
export async function clearAbandonedGuard(guard: string, nowMs = Date.now()): Promise<void> {
  try {
    const pid = Number((await readFile(guard, "utf8")).trim());
    const writerGone = Number.isInteger(pid) && pid > 0 && !isPidAlive(pid);
    if (writerGone || nowMs - (await stat(guard)).mtimeMs >= GUARD_ABANDONED_MS) await unlink(guard);
  } catch {
    // gone already (or still being written): the next try will see
  }
}

const queues = new Map<string, Promise<unknown>>();

/** Runs `work` while holding the guard of `path`: one writer at a time, in every process. */
export function withFileGuard<T>(path: string, work: () => Promise<T>): Promise<T> {
  const key = resolve(path);
  const run = (queues.get(key) ?? Promise.resolve()).then(() => guarded(key, work));
  const settled = run.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return run;
}

async function guarded<T>(path: string, work: () => Promise<T>): Promise<T> {
  const guard = guardPathFor(path);
  const deadline = Date.now() + WAIT_MS;
  while (!(await tryGuard(guard))) {
    await clearAbandonedGuard(guard);
    if (Date.now() > deadline)
      throw new Error(`${basename(path)} is being written by another process (${guard} stays); try again`);
    await new Promise((done) => setTimeout(done, POLL_MS + Math.random() * POLL_MS));
  }
  try {
    return await work();
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}
