/**
 * Failures of the worker command itself rather than of a task: Claude Code not logged in, or
 * a command that is not installed. Every task on that command would fail the same way, so a
 * failure for the command's sake is said once and the other tasks wait, their files untouched,
 * instead of each failing in turn. Since the Claude Code CLI only finds out it is not logged in
 * when it first asks, the first task on it runs alone until its first message shows it can work
 * (or a few seconds pass). The hold lifts when the config changes or the operator retries or
 * runs a task, which is what the failure tells them to do once they have fixed it.
 */
import type { Config } from "../../shared/config.js";
import type { WorkerProgress } from "../../shared/worker-stream.js";

/** Tiers whose workers start the same way (command and tier env) share a blocker. */
export const launchKey = (config: Config, tier: number): string => {
  const settings = config.tiers[String(tier) as "0"];
  return JSON.stringify([settings?.command ?? config.worker.command ?? "claude", settings?.env ?? {}]);
};

/** Whether a tier's workers are the Claude Code CLI (the default command, or one named `claude`). */
export const isClaudeLaunch = (config: Config, tier: number): boolean => {
  const command = config.tiers[String(tier) as "0"]?.command ?? config.worker.command;
  return command === undefined || /(^|[\\/])claude(\.cmd|\.exe)?$/i.test(command);
};

/** Whether a worker's output shows its command works (not the CLI's own "not logged in" message). */
export const showsItWorks = (progress: WorkerProgress): boolean =>
  !progress.apiError && (progress.structured ? progress.turns > 0 : progress.lines > 0);

/** A first run that neither failed nor answered by then is taken to work (a slow first answer). */
const PROBE_MS = 15_000;

export class WorkerBlockers {
  private readonly blocked = new Map<string, { reason: string; taskId: string }>();
  private readonly working = new Set<string>();
  private readonly probing = new Set<string>();

  /** A run starts on a Claude Code launch: the first one is its probe; `onSettled` when it times out. */
  probe(key: string, onSettled: () => void): void {
    if (this.working.has(key) || this.probing.has(key)) return;
    this.probing.add(key);
    setTimeout(() => this.works(key) && onSettled(), PROBE_MS).unref();
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

  /** Changes whenever a hold starts or ends (the gate re-gates everything then). */
  key(): string {
    return JSON.stringify([[...this.blocked.keys()], [...this.probing]]);
  }

  clear(): void {
    this.blocked.clear();
  }
}
