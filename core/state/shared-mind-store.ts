/**
 * Edits SHARED_MIND.md the only safe way: under the `shared-mind` lock, read, apply a pure
 * edit from `shared/shared-mind`, write atomically. Another agent's hand edit made between
 * two of our edits is never overwritten, because every edit starts from the file on disk.
 */
import { SHARED_MIND_LOCK } from "../../shared/lock-file.js";
import { SHARED_MIND_TEMPLATE } from "../../shared/shared-mind.js";
import { crewPaths } from "../crew-root.js";
import { writeAtomic } from "../fs/atomic-write.js";
import { readIfExists } from "../fs/read-if-exists.js";
import { LockStore } from "../locks/lock-store.js";

export async function readSharedMindText(root: string): Promise<string> {
  return (await readIfExists(crewPaths(root).sharedMind)) ?? SHARED_MIND_TEMPLATE;
}

type Edit = {
  agent: string;
  apply: (text: string) => string;
  resolve: (text: string) => void;
  reject: (error: Error) => void;
};

/**
 * One writer per crew root in this process. Edits that arrive while a write is under way are
 * applied together in the next locked read-modify-write, so a burst of finished tasks costs
 * one lock and one write instead of one each (and in-process writers never poll the lock).
 */
class SharedMindWriter {
  private queue: Edit[] = [];
  private writing = false;

  constructor(private readonly root: string) {}

  edit(
    agent: string,
    apply: (text: string) => string,
    staleAfterMinutes: number,
    gatherMs: number,
  ): Promise<string> {
    return new Promise((resolve, reject) => {
      this.queue.push({ agent, apply, resolve, reject });
      void this.flush(staleAfterMinutes, gatherMs);
    });
  }

  private async flush(staleAfterMinutes: number, gatherMs: number): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    if (gatherMs > 0) await new Promise((resolve) => setTimeout(resolve, gatherMs));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      try {
        const text = await this.writeBatch(batch, staleAfterMinutes);
        for (const edit of batch) edit.resolve(text);
      } catch (error) {
        for (const edit of batch) edit.reject(error as Error);
      }
    }
    this.writing = false;
  }

  private async writeBatch(batch: Edit[], staleAfterMinutes: number): Promise<string> {
    const locks = new LockStore(this.root, { staleAfterMinutes });
    const agents = [...new Set(batch.map((edit) => edit.agent))].join(", ");
    const lock = await locks.acquire({
      resource: SHARED_MIND_LOCK,
      holder: agents,
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
      const before = await readSharedMindText(this.root);
      const after = batch.reduce((text, edit) => edit.apply(text), before);
      if (after !== before) await writeAtomic(crewPaths(this.root).sharedMind, after);
      return after;
    } finally {
      await locks.release(lock.path);
    }
  }
}

const writers = new Map<string, SharedMindWriter>();

/**
 * Applies `edit` to SHARED_MIND.md under the `shared-mind` lock and returns the new text.
 * Every edit starts from the file on disk, so another agent's hand edit is never overwritten.
 * `gatherMs` waits that long for more edits to write together (for edits nobody waits on).
 */
export function editSharedMind(
  root: string,
  agent: string,
  edit: (text: string) => string,
  staleAfterMinutes = 30,
  gatherMs = 0,
): Promise<string> {
  let writer = writers.get(root);
  if (!writer) {
    writer = new SharedMindWriter(root);
    writers.set(root, writer);
  }
  return writer.edit(agent, edit, staleAfterMinutes, gatherMs);
}
