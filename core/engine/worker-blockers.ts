/**
 * Failures of the worker command itself rather than of a task: Claude Code not logged in, or
 * a command that is not installed. Every task on that command would fail the same way, so
 * after one has failed and said why, the others wait (their files untouched) instead of each
 * failing in turn. The hold lifts when the config changes or the operator retries or runs a
 * task, which is what the failure tells them to do once they have fixed it.
 */
import type { Config } from "../../shared/config.js";

/** Tiers whose workers start the same way (command and tier env) share a blocker. */
export const launchKey = (config: Config, tier: number): string => {
  const settings = config.tiers[String(tier) as "0"];
  return JSON.stringify([settings?.command ?? config.worker.command ?? "claude", settings?.env ?? {}]);
};

export class WorkerBlockers {
  private readonly byLaunch = new Map<string, { reason: string; taskId: string }>();

  report(key: string, reason: string, taskId: string): void {
    this.byLaunch.set(key, { reason, taskId });
  }

  /** Why a task on this launch must wait, if another task found it broken. */
  holdReason(key: string): string | undefined {
    const blocker = this.byLaunch.get(key);
    return blocker && `held: ${blocker.reason.split(":")[0]} (see failed task ${blocker.taskId})`;
  }

  clear(): void {
    this.byLaunch.clear();
  }
}
