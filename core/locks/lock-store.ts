/**
 * Lock files on disk (ARCHITECTURE.md, "Locks"). Acquisition is mutually exclusive between processes: a
 * short-lived guard file made with O_EXCL serialises "look for a lock, then write one", and
 * the look is the same `<resource>-*.lock` match the seed's shell check uses, so a lock made
 * by hand blocks the app and the app's locks block the shell.
 */
import { appendFile, readdir, rename, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, join } from "node:path";
import {
  formatLockContent,
  isLockOn,
  type LockInfo,
  lockFileName,
  parseLockContent,
  parseLockFileName,
  staleReason,
} from "../../shared/lock-file.js";
import { ResourceNameSchema } from "../../shared/task-file.js";
import { crewPaths } from "../crew-root.js";
import { createExclusive } from "../fs/atomic-write.js";
import { clearAbandonedGuard, releaseGuard, tryGuard } from "../fs/file-guard.js";
import { readRegularFile } from "../fs/regular-file.js";
import { isPidAlive } from "../process/pid.js";

const POLL_MS = 20;
/** A lock file is one line and a pid; anything larger is not one of ours to parse. */
const MAX_LOCK_BYTES = 64 * 1024;

export interface LockOptions {
  /** A number, or a getter that follows the crew's `locks.staleAfterMinutes` as it changes. */
  staleAfterMinutes: number | (() => number);
  now?: () => number;
}

export interface AcquireRequest {
  resource: string;
  holder: string;
  purpose: string;
  /** Process whose death makes the lock stale; omit for a lock that outlives its writer. */
  pid?: number;
  /** Seconds to keep trying while the resource is busy (0: one try). */
  waitSeconds: number;
}

export type AcquireResult =
  | { ok: true; path: string; brokeStale: LockInfo[] }
  | { ok: false; busy: true; heldBy: LockInfo[] }
  | { ok: false; busy: false; reason: string };

const guardPath = (dir: string, resource: string) => join(dir, `.${resource}.guard`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class LockStore {
  private readonly dir: string;
  private readonly history: string;
  private readonly now: () => number;
  private readonly host = hostname();

  constructor(
    readonly root: string,
    private readonly options: LockOptions,
  ) {
    this.dir = crewPaths(root).inProgress;
    this.history = join(crewPaths(root).appData, "lock-history.jsonl");
    this.now = options.now ?? Date.now;
  }

  private staleAfterMinutes(): number {
    const { staleAfterMinutes } = this.options;
    return typeof staleAfterMinutes === "function" ? staleAfterMinutes() : staleAfterMinutes;
  }

  /** Every lock file in `in_progress/`, with age and staleness. */
  async list(): Promise<LockInfo[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const locks = await Promise.all(
      names.filter((name) => parseLockFileName(name)).map((name) => this.read(name)),
    );
    return locks
      .filter((lock): lock is LockInfo => lock !== undefined)
      .sort((a, b) => a.acquiredAt.localeCompare(b.acquiredAt));
  }

  async read(fileName: string): Promise<LockInfo | undefined> {
    const parsedName = parseLockFileName(fileName);
    if (!parsedName) return undefined;
    // A FIFO named like a lock must not block the reader: only a plain file is read.
    const read = await readRegularFile(join(this.dir, fileName), {
      maxBytes: MAX_LOCK_BYTES,
      truncate: true,
      followSymlinks: false,
    });
    if (!read.ok && read.why === "missing") return undefined; // released meanwhile
    const content = parseLockContent(
      read.ok ? read.bytes.toString("utf8") : "unknown: not a plain lock file",
    );
    const acquiredMs = parsedName.unixSeconds * 1000;
    const ageSeconds = Math.max(0, Math.floor((this.now() - acquiredMs) / 1000));
    const reason = staleReason({
      ageSeconds,
      staleAfterMinutes: this.staleAfterMinutes(),
      thisHost: this.host,
      isPidAlive,
      ...(content.pid === undefined ? {} : { pid: content.pid }),
      ...(content.host ? { host: content.host } : {}),
    });
    return {
      resource: parsedName.resource,
      file: fileName,
      holder: content.holder,
      purpose: content.purpose,
      acquiredAt: new Date(acquiredMs).toISOString(),
      ageSeconds,
      ...(content.pid === undefined ? {} : { pid: content.pid }),
      ...(content.host ? { host: content.host } : {}),
      stale: reason !== undefined,
      ...(reason ? { staleReason: reason } : {}),
    };
  }

  async acquire(request: AcquireRequest): Promise<AcquireResult> {
    const name = ResourceNameSchema.safeParse(request.resource);
    if (!name.success)
      return {
        ok: false,
        busy: false,
        reason: `"${request.resource}" is not a resource name: ${name.error.issues[0]?.message}`,
      };
    const deadline = this.now() + request.waitSeconds * 1000;
    for (;;) {
      const attempt = await this.tryAcquire(request);
      if (attempt.ok || !attempt.busy || this.now() >= deadline) return attempt;
      await sleep(POLL_MS + Math.random() * POLL_MS);
    }
  }

  /**
   * Takes every lock in `resources` at once for this process, or none: on a busy one, gives
   * back what it took and says what it waits for (a task's LOCKS).
   */
  async acquireAll(
    resources: readonly string[],
    holder: string,
    purpose: string,
  ): Promise<{ ok: true; held: string[] } | { ok: false; waitingFor: string }> {
    const held: string[] = [];
    for (const resource of [...resources].sort()) {
      const lock = await this.acquire({ resource, holder, purpose, pid: process.pid, waitSeconds: 0 });
      if (!lock.ok) {
        for (const path of held) await this.release(path);
        const by = lock.busy
          ? lock.heldBy.map((other) => `${other.holder} (${other.purpose || "no purpose given"})`).join(", ")
          : lock.reason;
        return { ok: false, waitingFor: `waiting for lock ${resource}${by ? ` held by ${by}` : ""}` };
      }
      held.push(lock.path);
    }
    return { ok: true, held };
  }

  private async tryAcquire(request: AcquireRequest): Promise<AcquireResult> {
    const guard = guardPath(this.dir, request.resource);
    const token = await tryGuard(guard);
    if (!token) {
      await clearAbandonedGuard(guard, this.now());
      return { ok: false, busy: true, heldBy: [] };
    }
    try {
      const held = (await this.list()).filter((lock) => lock.resource === request.resource);
      const brokeStale: LockInfo[] = [];
      for (const lock of held.filter((candidate) => candidate.stale)) {
        if (await this.remove(lock, "stale")) brokeStale.push(lock);
      }
      const live = held.filter((lock) => !lock.stale);
      if (live.length > 0) return { ok: false, busy: true, heldBy: live };
      const content = formatLockContent({
        holder: request.holder,
        purpose: request.purpose,
        ...(request.pid === undefined ? {} : { pid: request.pid, host: this.host }),
      });
      const path = join(this.dir, lockFileName(request.resource, this.now() / 1000));
      if (!(await createExclusive(path, content))) return { ok: false, busy: true, heldBy: [] };
      return { ok: true, path, brokeStale };
    } finally {
      await releaseGuard(guard, token);
    }
  }

  /** Releases locks on `target` (a resource name or a lock file path) held by `holder` if given. */
  async release(target: string, holder?: string): Promise<{ released: LockInfo[]; notYours: LockInfo[] }> {
    const fileName = target.endsWith(".lock") ? basename(target) : undefined;
    const locks = (await this.list()).filter((lock) =>
      fileName ? lock.file === fileName : isLockOn(lock.file, target),
    );
    const released: LockInfo[] = [];
    const notYours: LockInfo[] = [];
    for (const lock of locks) {
      if (holder && lock.holder !== holder) notYours.push(lock);
      else if (await this.remove(lock, "released")) released.push(lock);
    }
    return { released, notYours };
  }

  /**
   * Removes a lock and records who held it for how long. The file is renamed aside first so
   * a lock that was re-acquired under the same name in the meantime is never removed twice.
   */
  async remove(lock: LockInfo, how: "released" | "stale"): Promise<boolean> {
    const path = join(this.dir, lock.file);
    const aside = join(this.dir, `.${lock.file}.${process.pid}.removing`);
    try {
      await rename(path, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw error;
    }
    await unlink(aside);
    const record = {
      resource: lock.resource,
      holder: lock.holder,
      purpose: lock.purpose,
      acquiredAt: lock.acquiredAt,
      releasedAt: new Date(this.now()).toISOString(),
      heldSeconds: lock.ageSeconds,
      how,
      ...(lock.staleReason ? { staleReason: lock.staleReason } : {}),
    };
    await appendFile(this.history, `${JSON.stringify(record)}\n`).catch(() => undefined);
    return true;
  }
}
