/**
 * Edits SHARED_MIND.md the only safe way: under the `shared-mind` lock, read, apply a pure
 * edit from `shared/shared-mind`, write atomically. Another agent's hand edit made between
 * two of our edits is never overwritten, because every edit starts from the file on disk.
 */
import { readFile } from "node:fs/promises";
import { SHARED_MIND_TEMPLATE } from "../../../shared/shared-mind.js";
import { crewPaths } from "../crew-root.js";
import { writeAtomic } from "../fs/atomic-write.js";
import { LockStore } from "../locks/lock-store.js";

export const SHARED_MIND_LOCK = "shared-mind";

export async function readSharedMindText(root: string): Promise<string> {
  try {
    return await readFile(crewPaths(root).sharedMind, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return SHARED_MIND_TEMPLATE;
    throw error;
  }
}

export async function editSharedMind(
  root: string,
  agent: string,
  edit: (text: string) => string,
  staleAfterMinutes = 30,
): Promise<string> {
  const locks = new LockStore(root, { staleAfterMinutes });
  const lock = await locks.acquire({
    resource: SHARED_MIND_LOCK,
    holder: agent,
    purpose: "editing SHARED_MIND.md",
    pid: process.pid,
    waitSeconds: 30,
  });
  if (!lock.ok) {
    const holder = lock.busy
      ? lock.heldBy.map((held) => `${held.holder} (${held.purpose})`).join(", ")
      : lock.reason;
    throw new Error(`SHARED_MIND.md is locked by ${holder || "another writer"}; try again shortly`);
  }
  try {
    const before = await readSharedMindText(root);
    const after = edit(before);
    if (after !== before) await writeAtomic(crewPaths(root).sharedMind, after);
    return after;
  } finally {
    await locks.release(lock.path);
  }
}
