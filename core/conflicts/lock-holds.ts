/**
 * Who held which lock when, from `.switchyard/lock-history.jsonl` (holds that ended) and the
 * lock files held now: what the conflict radar asks to tell coordinated writes (both writers
 * held one resource) from a conflict.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { crewPaths } from "../crew-root.js";
import { LockStore } from "../locks/lock-store.js";

export interface LockHold {
  resource: string;
  holder: string;
  fromMs: number;
  /** Infinity while still held. */
  toMs: number;
}

async function history(root: string): Promise<LockHold[]> {
  const text = await readFile(join(crewPaths(root).appData, "lock-history.jsonl"), "utf8").catch(() => "");
  return text.split("\n").flatMap((line) => {
    try {
      const hold = JSON.parse(line) as {
        resource?: unknown;
        holder?: unknown;
        acquiredAt?: unknown;
        releasedAt?: unknown;
      };
      if (typeof hold.resource !== "string" || typeof hold.holder !== "string") return [];
      const fromMs = Date.parse(String(hold.acquiredAt));
      const toMs = Date.parse(String(hold.releasedAt));
      return Number.isFinite(fromMs) && Number.isFinite(toMs)
        ? [{ resource: hold.resource, holder: hold.holder, fromMs, toMs }]
        : [];
    } catch {
      return []; // a blank line, or one cut short
    }
  });
}

export async function readLockHolds(root: string): Promise<LockHold[]> {
  const live = await new LockStore(root, { staleAfterMinutes: Number.POSITIVE_INFINITY }).list();
  return [
    ...(await history(root)),
    ...live.map((lock) => ({
      resource: lock.resource,
      holder: lock.holder,
      fromMs: Date.parse(lock.acquiredAt),
      toMs: Number.POSITIVE_INFINITY,
    })),
  ];
}

/** Resources `holder` held at `atMs` (a second's slack: a lock file's time is in whole seconds). */
export function heldAt(holds: readonly LockHold[], holder: string, atMs: number): Set<string> {
  return new Set(
    holds
      .filter((hold) => hold.holder === holder && hold.fromMs - 1_000 <= atMs && atMs <= hold.toMs + 1_000)
      .map((hold) => hold.resource),
  );
}
