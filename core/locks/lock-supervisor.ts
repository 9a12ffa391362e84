/**
 * The lock supervisor (ARCHITECTURE.md, "Locks"): on each heartbeat, removes locks that are stale (older than
 * `locks.staleAfterMinutes`, or naming a process on this host that is gone), records who
 * held them for how long (LockStore.remove writes `.switchyard/lock-history.jsonl`), and
 * tells the operator, so a crashed agent's lock never blocks the crew for good.
 */
import type { LockInfo } from "../../shared/lock-file.js";
import type { Notifier } from "../notify/notifier.js";
import { LockStore } from "./lock-store.js";

export interface LockSupervisorOptions {
  root: string;
  staleAfterMinutes: () => number;
  notifier: Pick<Notifier, "notify">;
  now?: () => number;
  /**
   * True for a lock this process holds for a run that is still going: such a lock is released
   * when the run ends, and breaking it by age would let a second worker onto the resource.
   */
  heldByLiveRun?: (lock: LockInfo) => boolean;
}

/** "45 s", "40 min", "2 h 5 min": how long a lock was held, in words a person reads at a glance. */
export function formatHeld(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
}

/** "Removed stale lock devto: agent-a held it 40 min (updating articles)". */
export function staleLockTitle(lock: LockInfo): string {
  return `Removed stale lock ${lock.resource}: ${lock.holder} held it ${formatHeld(lock.ageSeconds)}${
    lock.purpose ? ` (${lock.purpose})` : ""
  }`;
}

/** "Lock devto held 40 min by agent-a (long deploy), still running": a live lock past the limit. */
export const longHeldLockTitle = (lock: LockInfo): string =>
  `Lock ${lock.resource} held ${formatHeld(lock.ageSeconds)} by ${lock.holder}${lock.purpose ? ` (${lock.purpose})` : ""}, still running`;

export class LockSupervisor {
  /** Live locks past the age limit already told to the operator (told once per lock file). */
  private readonly toldLongHeld = new Set<string>();

  constructor(private readonly options: LockSupervisorOptions) {}

  /**
   * Removes every stale lock and notifies once per lock; returns the locks it removed. A lock
   * past the age limit whose holder is still alive is kept (never stolen for age alone) and
   * told once, so a person can look at the process that holds it.
   */
  async sweep(): Promise<LockInfo[]> {
    const staleAfterMinutes = this.options.staleAfterMinutes();
    const store = new LockStore(this.options.root, {
      staleAfterMinutes,
      ...(this.options.now ? { now: this.options.now } : {}),
    });
    const removed: LockInfo[] = [];
    const locks = await store.list();
    for (const known of this.toldLongHeld)
      if (!locks.some((lock) => lock.file === known)) this.toldLongHeld.delete(known);
    for (const found of locks) {
      const lock = this.leakedByThisProcess(found, staleAfterMinutes) ?? found;
      if (!lock.stale && lock.pid !== undefined && lock.ageSeconds > staleAfterMinutes * 60)
        await this.tellLongHeld(lock);
      if (!lock.stale || this.options.heldByLiveRun?.(lock)) continue;
      // Another process (a waiting `lock acquire`) may break it first: then it is not ours to report.
      if (!(await store.remove(lock, "stale"))) continue;
      removed.push(lock);
      await this.options.notifier.notify({
        kind: "lock-stale",
        priority: "normal",
        title: staleLockTitle(lock),
        body: `Stale because ${lock.staleReason ?? "it was too old"}; acquired ${lock.acquiredAt}. Tasks waiting for ${lock.resource} can run now; the holder is recorded in .switchyard/lock-history.jsonl.`,
        where: ".switchyard/lock-history.jsonl",
      });
    }
    return removed;
  }

  /**
   * A lock naming this very process is not judged by its pid (alive, of course): it is one of
   * this host's runs' locks, live while a run holds it; one no run holds is a leak, stale by age.
   */
  private leakedByThisProcess(lock: LockInfo, staleAfterMinutes: number): LockInfo | undefined {
    if (lock.pid !== process.pid || !this.options.heldByLiveRun || this.options.heldByLiveRun(lock))
      return undefined;
    if (lock.ageSeconds <= staleAfterMinutes * 60) return undefined;
    return {
      ...lock,
      stale: true,
      staleReason: `older than ${staleAfterMinutes} min (${Math.round(lock.ageSeconds / 60)} min) and no run of this Switchyard holds it`,
    };
  }

  private async tellLongHeld(lock: LockInfo): Promise<void> {
    if (this.toldLongHeld.has(lock.file) || this.options.heldByLiveRun?.(lock)) return;
    this.toldLongHeld.add(lock.file);
    await this.options.notifier.notify({
      kind: "lock-stale",
      priority: "normal",
      title: longHeldLockTitle(lock),
      body: `It is older than locks.staleAfterMinutes, but its holder (process ${lock.pid}) is alive, so it is kept. If that process is stuck, end it or release the lock: switchyard lock release ${lock.resource}`,
      where: `coordination/in_progress/${lock.file}`,
    });
  }
}
