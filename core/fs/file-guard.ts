/**
 * Serialising a read-modify-write of a shared file (approvals.json, schedules.json,
 * switchyard.json) across processes and within one: the discipline SHARED_MIND.md's lock
 * uses, without a visible lock file. A guard `.<name>.guard` is created exclusively (it holds
 * the writer's pid and a token of its own) for the few milliseconds of the read and the write;
 * others wait for it. A guard whose writer died is abandoned and removed; a live writer is
 * waited for however slow its disk, never robbed (two writers at once would lose an update).
 * Within a process, writers of one file queue behind each other and never poll.
 */
import { randomBytes } from "node:crypto";
import { readFile, stat, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { isPidAlive } from "../process/pid.js";
import { createExclusive } from "./atomic-write.js";

/** A guard that names no process (torn by hand) is abandoned once this old. */
export const GUARD_ABANDONED_MS = 10_000;
/** How long a writer waits for a busy guard before it gives up and says so. */
const WAIT_MS = 15_000;
const POLL_MS = 5;

export const guardPathFor = (path: string): string => join(dirname(path), `.${basename(path)}.guard`);

/**
 * Takes the guard at `guard` once: the token to release it with, or undefined when another
 * writer holds it.
 */
export async function tryGuard(guard: string): Promise<string | undefined> {
  const token = `${process.pid} ${randomBytes(6).toString("hex")}\n`;
  return (await createExclusive(guard, token)) ? token : undefined;
}

/** Gives the guard back, if it is still the one taken with `token`. */
export async function releaseGuard(guard: string, token: string): Promise<void> {
  if ((await readFile(guard, "utf8").catch(() => "")) === token) await unlink(guard).catch(() => undefined);
}

/** Removes a guard whose writer is gone (its pid is dead), or one that names no writer and is old. */
export async function clearAbandonedGuard(guard: string, nowMs = Date.now()): Promise<void> {
  try {
    const pid = Number.parseInt(await readFile(guard, "utf8"), 10);
    const abandoned =
      Number.isInteger(pid) && pid > 0
        ? !isPidAlive(pid)
        : nowMs - (await stat(guard)).mtimeMs >= GUARD_ABANDONED_MS;
    if (abandoned) await unlink(guard);
  } catch {
    // gone already: the next try will see
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
  let token = await tryGuard(guard);
  while (!token) {
    await clearAbandonedGuard(guard);
    if (Date.now() > deadline)
      throw new Error(`${basename(path)} is being written by another process (${guard} stays); try again`);
    await new Promise((done) => setTimeout(done, POLL_MS + Math.random() * POLL_MS));
    token = await tryGuard(guard);
  }
  try {
    return await work();
  } finally {
    await releaseGuard(guard, token);
  }
}
