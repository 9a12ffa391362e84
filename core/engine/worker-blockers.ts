/**
 * Failures of the worker command itself rather than of a task: Claude Code not logged in, or
 * a command that is not installed. Every task on that command would fail the same way, so the
 * first task on a command runs alone until its worker shows it can work (a first message, or
 * any output from a worker that is not the CLI); if it fails for the command's sake, it says why
 * once and the others wait, their files untouched, instead of each failing in turn. The hold
 * lifts when the config changes or the operator retries or runs a task, which is what the
 * failure tells them to do once they have fixed it.
 */
import type { Config } from "../../shared/config.js";
import type { WorkerProgress } from "../../shared/worker-stream.js";

/** Tiers whose workers start the same way (command and tier env) share a blocker. */
export const launchKey = (config: Config, tier: number): string => {
  const settings = config.tiers[String(tier) as "0"];
  return JSON.stringify([settings?.command ?? config.worker.command ?? "claude", settings?.env ?? {}]);
};

/** Whether a worker's output shows its command works (not the CLI's own "not logged in" message). */
export const showsItWorks = (progress: WorkerProgress): boolean =>
  !progress.apiError && (progress.structured ? progress.turns > 0 : progress.lines > 0);

export class WorkerBlockers {
  private readonly blocked = new Map<string, { reason: string; taskId: string }>();
  private readonly working = new Set<string>();
  private readonly probing = new Set<string>();

  /** A run starts on this launch: the first one is its probe. */
  started(key: string): void {
    if (!this.working.has(key)) this.probing.add(key);
  }

  /** The launch works; true when that lets waiting tasks start. */
  works(key: string): boolean {
    this.working.add(key);
    return this.probing.delete(key);
  }

  report(key: string, reason: string, taskId: string): void {
    this.blocked.set(key, { reason, taskId });
    this.probing.delete(key);
  }

  /** Why a task on this launch must wait, if it must. */
  holdReason(key: string): string | undefined {
    const blocker = this.blocked.get(key);
    if (blocker) return `held: ${blocker.reason.split(":")[0]} (see failed task ${blocker.taskId})`;
    if (this.probing.has(key)) return "waits for the first worker on its command to show it can start";
    return undefined;
  }

  clear(): void {
    this.blocked.clear();
  }
}
