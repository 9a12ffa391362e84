/**
 * The heartbeat (ARCHITECTURE.md, "Heartbeat, schedules, notifications"): every `heartbeat.intervalSeconds` the always-on agent rescans the
 * inboxes (file events can be missed), removes stale locks, looks for stuck and overdue work,
 * budget windows, schedules due after a sleep and SHARED_MIND.md changes made by others, and
 * writes what it found to `.switchyard/heartbeat.json`. Each part costs work proportional to
 * what changed (a stat, a folder of live locks, the running workers), never to the history.
 */
import { EventEmitter } from "node:events";
import type { Config } from "../../shared/config.js";
import type { SpendView } from "../costs/spend-totals.js";
import { crewPaths } from "../crew-root.js";
import type { Engine } from "../engine/engine.js";
import { writeAtomic } from "../fs/atomic-write.js";
import { LockSupervisor } from "../locks/lock-supervisor.js";
import type { Notifier } from "../notify/notifier.js";
import type { Scheduler } from "../schedule/scheduler.js";
import { type Clock, systemClock, type TimerHandle } from "../time/clock.js";
import { BudgetWatch } from "./budget-watch.js";
import { findingsOf, NewFindings } from "./beat-findings.js";
import { CheckIn, type CheckInOutcome } from "./check-in.js";
import { type SharedMindFound, SharedMindWatch } from "./shared-mind-watch.js";
import { WorkerWatch } from "./worker-watch.js";

export interface HeartbeatOptions {
  root: string;
  config: () => Config;
  engine: Pick<Engine, "rescan" | "workers" | "waiting"> & Partial<Pick<Engine, "inboxDepths">>;
  notifier: Notifier;
  scheduler?: Pick<Scheduler, "tick">;
  /** The ledger (and interactive usage) the budgets are counted from. */
  spend?: () => Promise<SpendView>;
  clock?: Clock;
  checkIn?: CheckIn;
}

export interface BeatFound {
  staleLocks: { resource: string; holder: string; heldSeconds: number; reason: string }[];
  stuckWorkers: string[];
  overdue: string[];
  budgets: string[];
  sharedMind: SharedMindFound;
  schedulesRun: string[];
  /** Everything new this beat, in words (what HEARTBEAT.md items are triggered by). */
  findings: string[];
  checkIn: CheckInOutcome["outcome"];
  /** A part of the beat that failed, in words; the other parts still ran. */
  problems: string[];
}

/** What `.switchyard/heartbeat.json` holds; status reads `at` and `next`. */
export interface BeatReport {
  at: string;
  next: string;
  durationMs: number;
  found: BeatFound;
}

/** The timer wakes at least this often to look at the wall clock (sleep, a shorter interval). */
const MAX_WAIT_MS = 60_000;

export class Heartbeat extends EventEmitter<{ beat: [BeatReport] }> {
  private readonly clock: Clock;
  private readonly locks: LockSupervisor;
  private readonly workers: WorkerWatch;
  private readonly budgets: BudgetWatch;
  private readonly sharedMind: SharedMindWatch;
  private readonly checkIn: CheckIn;
  private readonly newFindings: NewFindings;
  private timer: TimerHandle | undefined;
  private beating: Promise<BeatReport> | undefined;
  private lastBeatMs: number | undefined;
  /** Problems already told to the operator; one that persists is not repeated every beat. */
  private reportedProblems = new Set<string>();
  private running = false;

  constructor(private readonly options: HeartbeatOptions) {
    super();
    this.clock = options.clock ?? systemClock;
    const staleAfterMinutes = () => options.config().locks.staleAfterMinutes;
    this.workers = new WorkerWatch(
      options.root,
      options.notifier,
      () => options.config().heartbeat.stuckAfterMinutes,
    );
    this.locks = new LockSupervisor({
      root: options.root,
      staleAfterMinutes,
      notifier: options.notifier,
      now: () => this.clock.now().getTime(),
      heldByLiveRun: (lock) => this.workers.liveLockFiles().has(lock.file),
    });
    this.budgets = new BudgetWatch(options.notifier);
    this.sharedMind = new SharedMindWatch(
      options.root,
      options.notifier,
      staleAfterMinutes,
      () => options.config().sharedMind.keepLearnings,
    );
    this.checkIn =
      options.checkIn ??
      new CheckIn(
        { root: options.root, config: options.config, now: () => this.clock.now() },
        options.notifier,
        options.spend,
      );
    this.newFindings = new NewFindings(options.root, options.notifier);
  }

  /** Beats at once (in the background), then every interval until stop(). */
  start(): void {
    this.running = true;
    this.arm(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
    await this.beating?.catch(() => undefined);
  }

  private get intervalMs(): number {
    return this.options.config().heartbeat.intervalSeconds * 1000;
  }

  private arm(delayMs: number): void {
    this.timer?.cancel();
    if (!this.running) return;
    this.timer = this.clock.setTimer(() => void this.wake(), Math.min(delayMs, MAX_WAIT_MS), { unref: true });
  }

  /** Beats when one is due by the wall clock; otherwise sleeps again (a capped wait ended early). */
  private async wake(): Promise<void> {
    const due = (this.lastBeatMs ?? Number.NEGATIVE_INFINITY) + this.intervalMs;
    const now = this.clock.now().getTime();
    if (now < due) {
      this.arm(due - now);
      return;
    }
    await this.beat().catch(() => undefined);
  }

  /** One beat now (a timer calls it; tests and hosts may too). Concurrent calls share one beat. */
  beat(): Promise<BeatReport> {
    this.beating ??= this.runBeat().finally(() => {
      this.beating = undefined;
      if (this.lastBeatMs !== undefined)
        this.arm(this.lastBeatMs + this.intervalMs - this.clock.now().getTime());
    });
    return this.beating;
  }

  private async runBeat(): Promise<BeatReport> {
    const startedAt = this.clock.now();
    const started = performance.now();
    this.lastBeatMs = startedAt.getTime();
    const config = this.options.config();
    const { engine, notifier } = this.options;
    const found: BeatFound = {
      staleLocks: [],
      stuckWorkers: [],
      overdue: [],
      budgets: [],
      sharedMind: { changed: false, newLearnings: 0, newStateLines: 0, newNeededNext: 0, restored: 0 },
      schedulesRun: [],
      findings: [],
      checkIn: "off",
      problems: [],
    };
    const part = async (name: string, work: () => Promise<void>) => {
      try {
        await work();
      } catch (error) {
        found.problems.push(`${name}: ${(error as Error).message}`);
      }
    };
    const nowMs = () => this.clock.now().getTime();
    // Workers first: the lock supervisor must know which locks belong to runs still going.
    await part("workers", () => this.workers.observe(engine.workers(), nowMs()));
    await part("locks", async () => {
      found.staleLocks = (await this.locks.sweep()).map((lock) => ({
        resource: lock.resource,
        holder: lock.holder,
        heldSeconds: lock.ageSeconds,
        reason: lock.staleReason ?? "",
      }));
    });
    // After the sweep, so a task that waited on a stale lock starts in this same beat.
    await part("rescan", () => engine.rescan());
    await part("workers", async () => {
      const result = await this.workers.check(engine.workers(), engine.waiting(), nowMs());
      found.stuckWorkers = result.stuck;
      found.overdue = result.overdue;
    });
    const spend = this.options.spend;
    if (spend)
      await part("budgets", async () => {
        found.budgets = await this.budgets.check(await spend(), config, this.clock.now());
      });
    await part("shared mind", async () => {
      found.sharedMind = await this.sharedMind.check();
    });
    const scheduler = this.options.scheduler;
    if (scheduler)
      await part("schedules", async () => {
        found.schedulesRun = (await scheduler.tick()).map((run) => run.name);
      });
    const findings = findingsOf(found);
    await part("findings", async () => {
      findings.push(
        ...(await this.newFindings.collect({
          waiting: engine.waiting(),
          inboxDepths: engine.inboxDepths?.() ?? new Map(),
          inboxLimit: config.heartbeat.inboxDepth,
        })),
      );
    });
    found.findings = findings.map((finding) => `${finding.trigger}: ${finding.line}`);
    // Last among the checks: the model is consulted only about what they found.
    await part("check-in", async () => {
      const result = await this.checkIn.run(findings, () => this.crewNow(found));
      found.checkIn = result.outcome;
      found.problems.push(...this.checkIn.problems);
      if (result.outcome === "error") found.problems.push(`check-in: ${result.reason}`);
    });
    await part("problems", () => this.reportProblems(found.problems));
    await part("notifications", () => notifier.tick());
    const report: BeatReport = {
      at: startedAt.toISOString(),
      next: new Date(startedAt.getTime() + this.intervalMs).toISOString(),
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      found,
    };
    await part("heartbeat.json", () =>
      writeAtomic(crewPaths(this.options.root).heartbeat, `${JSON.stringify(report, null, 2)}\n`, {
        durable: false,
      }),
    );
    this.emit("beat", report);
    return report;
  }

  private async reportProblems(problems: string[]): Promise<void> {
    for (const problem of problems)
      if (!this.reportedProblems.has(problem))
        await this.options.notifier.notify({
          kind: "info",
          priority: "normal",
          title: `Heartbeat: ${problem.slice(0, 160)}`,
          body: "This part of the heartbeat failed; the rest ran. It is reported again only after it recovers and fails anew.",
          where: ".switchyard/heartbeat.json",
        });
    this.reportedProblems = new Set(problems);
  }

  /** What the check-in model is told about the crew: cheap facts the beat already has. */
  private crewNow(found: BeatFound): string {
    const now = this.clock.now();
    const workers = this.options.engine.workers();
    const waiting = this.options.engine.waiting();
    const lines = [`time: ${now.toISOString()}`, `running workers: ${workers.length}`];
    for (const worker of workers)
      lines.push(
        `- ${worker.task} (${worker.agent}, tier ${worker.tier}, attempt ${worker.attempt}, since ${worker.startedAt}, $${worker.progress.costUsd.toFixed(2)})`,
      );
    lines.push(`tasks waiting: ${waiting.length}`);
    for (const entry of waiting.slice(0, 20))
      lines.push(`- ${entry.path.split("/").at(-1)}: ${entry.reason}`);
    if (found.staleLocks.length)
      lines.push(`stale locks removed: ${found.staleLocks.map((l) => l.resource).join(", ")}`);
    if (found.stuckWorkers.length) lines.push(`silent workers: ${found.stuckWorkers.join(", ")}`);
    if (found.overdue.length) lines.push(`past deadline: ${found.overdue.join(", ")}`);
    if (found.budgets.length) lines.push(...found.budgets.map((notice) => `budget: ${notice}`));
    return lines.join("\n");
  }
}
