/**
 * Cron schedules (ARCHITECTURE.md, "Heartbeat, schedules, notifications"): each due schedule drops a task file into its agent's inbox. The
 * last run of every schedule is kept in `.switchyard/schedules.json`, so runs missed while
 * the machine slept or Switchyard was down are caught up ONCE on wake or start, not N times.
 * Croner reads the expressions (five fields, or six with seconds first); the timers are ours,
 * through the injected clock, and re-read the wall clock at least once a minute, because a
 * timer does not count the time a laptop spends asleep.
 */
import { clockWords } from "../../shared/time-words.js";
import { join } from "node:path";
import { Cron } from "croner";
import { z } from "zod";
import type { ScheduleConfig } from "../../shared/config.js";
import type { Status } from "../../shared/status.js";
import type { NewTask } from "../../shared/task-file.js";
import { crewPaths, isInsideRoot } from "../crew-root.js";
import { writeAtomic } from "../fs/atomic-write.js";
import { withFileGuard } from "../fs/file-guard.js";
import type { Notifier } from "../notify/notifier.js";
import { dropTask } from "../tasks/task-writer.js";
import { type Clock, systemClock, type TimerHandle } from "../time/clock.js";
import { scheduledTask } from "./scheduled-task.js";
import { readIfExists } from "../fs/read-if-exists.js";

const ScheduleStateSchema = z.object({
  schedules: z.record(z.string(), z.object({ cron: z.string(), lastRun: z.string() })),
});
type ScheduleState = z.infer<typeof ScheduleStateSchema>;

/** Timers wake at least this often to compare with the wall clock (sleep, clock changes). */
const MAX_WAIT_MS = 60_000;
/** A run this late counts as missed (and says so); a timer that fires on time is never that late. */
const MISSED_AFTER_MS = 60_000;
/** Counting missed runs of a per-second schedule over a week's downtime stops here. */
const MISSED_COUNT_CAP = 1_000;

export interface SchedulerOptions {
  root: string;
  schedules: () => ScheduleConfig[];
  notifier: Pick<Notifier, "notify">;
  clock?: Clock;
  /** How a task is dropped; the default writes it into the agent's inbox. */
  drop?: (agent: string, task: NewTask, now: Date) => Promise<string>;
}

export interface ScheduleRun {
  name: string;
  path: string;
  /** Fire times that passed without a run (1 for an ordinary on-time run). */
  missed: number;
}

const cronOf = (schedule: ScheduleConfig): Cron =>
  new Cron(schedule.cron, { paused: true, ...(schedule.timezone ? { timezone: schedule.timezone } : {}) });

/** When a schedule next runs after `now`; null when disabled or the expression has no future. */
export function nextRunOf(schedule: ScheduleConfig, now: Date): Date | null {
  if (!schedule.enabled) return null;
  return cronOf(schedule).nextRun(now);
}

/** What the status shows: every schedule with its next run time. */
export function scheduleStatus(schedules: readonly ScheduleConfig[], now: Date): Status["schedules"] {
  return schedules.map((schedule) => ({
    name: schedule.name,
    cron: schedule.cron,
    next: nextRunOf(schedule, now)?.toISOString() ?? null,
  }));
}

export class Scheduler {
  private readonly clock: Clock;
  private state: ScheduleState = { schedules: {} };
  private timer: TimerHandle | undefined;
  private ticking: Promise<ScheduleRun[]> | undefined;
  private running = false;

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Loads the last runs, runs what was missed while down (once each), and arms the timer. */
  async start(): Promise<ScheduleRun[]> {
    this.running = true;
    this.state = await this.load();
    return this.tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
    await this.ticking;
  }

  /** The config changed: new schedules start counting from now; the timer is re-armed. */
  async reschedule(): Promise<void> {
    if (this.running) await this.tick();
  }

  snapshot(): Status["schedules"] {
    return scheduleStatus(this.options.schedules(), this.clock.now());
  }

  /**
   * Runs every schedule that has a fire time since its last run, once, then re-arms. The
   * heartbeat calls it too, so a wake from sleep is noticed within a beat at the latest.
   */
  tick(): Promise<ScheduleRun[]> {
    if (this.ticking) return this.ticking;
    this.ticking = this.runDue().finally(() => {
      this.ticking = undefined;
      this.arm();
    });
    return this.ticking;
  }

  private async runDue(): Promise<ScheduleRun[]> {
    const now = this.clock.now();
    const runs: ScheduleRun[] = [];
    let changed = false;
    const schedules = this.options.schedules();
    for (const name of Object.keys(this.state.schedules))
      if (!schedules.some((schedule) => schedule.name === name)) {
        // Removed from the config: forget it, so adding it back later owes nothing from before.
        delete this.state.schedules[name];
        changed = true;
      }
    for (const schedule of schedules) {
      const seen = this.state.schedules[schedule.name];
      if (!seen || seen.cron !== schedule.cron) {
        // A new (or changed) schedule starts from now: it owes no runs from before it existed.
        this.state.schedules[schedule.name] = { cron: schedule.cron, lastRun: now.toISOString() };
        changed = true;
        continue;
      }
      if (!schedule.enabled) continue;
      const cron = cronOf(schedule);
      const first = cron.nextRun(new Date(seen.lastRun));
      if (!first || first.getTime() > now.getTime()) continue;
      const missed = countRuns(cron, first, now);
      seen.lastRun = now.toISOString();
      changed = true;
      const run = await this.run(schedule, now, missed, first);
      if (run) runs.push(run);
    }
    if (changed) await this.save();
    return runs;
  }

  private async run(
    schedule: ScheduleConfig,
    now: Date,
    missed: number,
    firstMissed: Date,
  ): Promise<ScheduleRun | undefined> {
    const template = await this.readTemplate(schedule).catch((error: Error) => error);
    const built =
      template instanceof Error
        ? {
            ok: false as const,
            reason: `the template ${schedule.template} cannot be read (${template.message})`,
          }
        : scheduledTask(schedule, now, template);
    if (!built.ok) {
      await this.options.notifier.notify({
        kind: "schedule",
        priority: "high",
        title: `Schedule ${schedule.name} could not run`,
        body: `${built.reason}; fix it in switchyard.json or the template. It tries again at its next time.`,
        ...(schedule.template ? { where: schedule.template } : { where: "switchyard.json" }),
      });
      return undefined;
    }
    const drop = this.options.drop ?? ((agent, task, at) => dropTask(this.options.root, agent, task, at));
    const path = await drop(schedule.agent, built.task, now);
    const late = now.getTime() - firstMissed.getTime() >= MISSED_AFTER_MS;
    if (late)
      await this.options.notifier.notify({
        kind: "schedule",
        priority: "low",
        title: `Ran missed schedule ${schedule.name} once`,
        body: `${missed >= MISSED_COUNT_CAP ? `${MISSED_COUNT_CAP}+` : missed} run(s) since ${clockWords(firstMissed)} were missed while Switchyard was asleep or stopped; one task was dropped for ${schedule.agent}.`,
        where: path.slice(this.options.root.length + 1),
      });
    return { name: schedule.name, path, missed };
  }

  private async readTemplate(schedule: ScheduleConfig): Promise<string | undefined> {
    if (!schedule.template || !isInsideRoot(this.options.root, schedule.template)) return undefined;
    return readIfExists(join(this.options.root, schedule.template));
  }

  /** Sleeps until the earliest next run (at most a minute, then looks at the wall clock again). */
  private arm(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (!this.running) return;
    const now = this.clock.now();
    const next = this.options.schedules().reduce<number>((earliest, schedule) => {
      const at = nextRunOf(schedule, now)?.getTime();
      return at === undefined ? earliest : Math.min(earliest, at);
    }, now.getTime() + MAX_WAIT_MS);
    this.timer = this.clock.setTimer(() => void this.tick(), Math.max(0, next - now.getTime()), {
      unref: true,
    });
  }

  private async load(): Promise<ScheduleState> {
    try {
      const text = await readIfExists(crewPaths(this.options.root).schedules);
      const parsed = ScheduleStateSchema.safeParse(JSON.parse(text ?? "{}"));
      return parsed.success ? parsed.data : { schedules: {} };
    } catch {
      return { schedules: {} }; // none yet (or unreadable): every schedule starts from now
    }
  }

  /**
   * Read-modify-write under the file's guard: a run recorded meanwhile by another writer (a
   * host that just stopped) is kept when it is later than ours, so no run happens twice.
   */
  private async save(): Promise<void> {
    const path = crewPaths(this.options.root).schedules;
    await withFileGuard(path, async () => {
      const onDisk = await this.load();
      for (const [name, seen] of Object.entries(this.state.schedules)) {
        const other = onDisk.schedules[name];
        if (other && other.cron === seen.cron && other.lastRun > seen.lastRun) seen.lastRun = other.lastRun;
      }
      await writeAtomic(path, `${JSON.stringify(this.state, null, 2)}\n`, { durable: false });
    });
  }
}

/** Fire times from `first` up to `now`, counted up to a cap. */
function countRuns(cron: Cron, first: Date, now: Date): number {
  let count = 1;
  let at: Date | null = first;
  while (count < MISSED_COUNT_CAP) {
    at = cron.nextRun(at);
    if (!at || at.getTime() > now.getTime()) break;
    count++;
  }
  return count;
}
