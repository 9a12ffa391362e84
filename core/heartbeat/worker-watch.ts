import { clockWords } from "../../shared/time-words.js";
import { basename, join, relative } from "node:path";
import { parseTaskFile, type TaskFields } from "../../shared/task-file.js";
import { crewPaths } from "../crew-root.js";
import type { WorkerSnapshot } from "../engine/engine.js";
import { readRunRecord } from "../engine/run-record.js";
import type { Notifier } from "../notify/notifier.js";
import { formatHeld } from "../locks/lock-supervisor.js";
import { readIfExists } from "../fs/read-if-exists.js";

export interface WorkerFound {
  stuck: string[];
  overdue: string[];
}

interface Watched {
  fields?: TaskFields;
  /** Lock files the run holds (from its run record). */
  locks: string[];
  fingerprint: string;
  silentSinceMs: number;
  stuckReported: boolean;
  overdueReported: boolean;
}

const fingerprintOf = (worker: WorkerSnapshot): string =>
  `${worker.attempt}:${worker.progress.lines}:${worker.progress.turns}:${worker.progress.toolCalls}`;

async function readFields(path: string): Promise<TaskFields | undefined> {
  const text = await readIfExists(path);
  const parsed = text === undefined ? undefined : parseTaskFile(text);
  return parsed?.ok ? parsed.value.fields : undefined;
}

const pastDeadline = (fields: TaskFields | undefined, nowMs: number): number | undefined => {
  const at = fields?.deadlineAt ? Date.parse(fields.deadlineAt) : Number.NaN;
  return Number.isFinite(at) && at < nowMs ? nowMs - at : undefined;
};

export class WorkerWatch {
  private readonly running = new Map<string, Watched>();
  private readonly waiting = new Map<string, { fields?: TaskFields; reported: boolean }>();

  constructor(
    private readonly root: string,
    private readonly notifier: Pick<Notifier, "notify">,
    private readonly stuckAfterMinutes: () => number,
  ) {}

  /** Lock files held by runs still going: the lock supervisor never breaks these by age. */
  liveLockFiles(): Set<string> {
    return new Set(
      [...this.running.values()].flatMap((watched) => watched.locks.map((path) => basename(path))),
    );
  }

  /** Takes in the engine's running workers (reading each new one's task once). */
  async observe(workers: readonly WorkerSnapshot[], nowMs: number): Promise<void> {
    const ids = new Set(workers.map((worker) => worker.task));
    for (const id of this.running.keys()) if (!ids.has(id)) this.running.delete(id);
    for (const worker of workers) {
      const watched = this.running.get(worker.task);
      const fingerprint = fingerprintOf(worker);
      if (!watched) {
        const record = await readRunRecord(this.root, worker.task).catch(() => undefined);
        const fields = record
          ? await readFields(join(crewPaths(this.root).inProgress, record.fileName))
          : undefined;
        this.running.set(worker.task, {
          ...(fields ? { fields } : {}),
          locks: record?.locks ?? [],
          fingerprint,
          silentSinceMs: nowMs,
          stuckReported: false,
          overdueReported: false,
        });
      } else if (watched.fingerprint !== fingerprint || worker.waitingOnOperator) {
        watched.fingerprint = fingerprint;
        watched.silentSinceMs = nowMs;
        watched.stuckReported = false;
      }
    }
  }

  /** Reports workers silent too long or past their DEADLINE, and waiting tasks past theirs. */
  async check(
    workers: readonly WorkerSnapshot[],
    waiting: readonly { path: string; reason: string }[],
    nowMs: number,
  ): Promise<WorkerFound> {
    const found: WorkerFound = { stuck: [], overdue: [] };
    const stuckMs = this.stuckAfterMinutes() * 60_000;
    for (const worker of workers) {
      const watched = this.running.get(worker.task);
      if (!watched) continue;
      const what = watched.fields?.task.split("\n")[0]?.slice(0, 80) ?? worker.task;
      const where = relative(this.root, join(crewPaths(this.root).runs, worker.task));
      const cost = `$${worker.progress.costUsd.toFixed(2)} so far`;
      const silentMs = nowMs - watched.silentSinceMs;
      if (!watched.stuckReported && silentMs >= stuckMs) {
        watched.stuckReported = true;
        found.stuck.push(worker.task);
        await this.notifier.notify({
          kind: "worker",
          priority: "normal",
          title: `No output for ${formatHeld(Math.round(silentMs / 1000))}: ${what}`,
          body: `${worker.agent} (tier ${worker.tier}, ${worker.model}, attempt ${worker.attempt}, pid ${worker.pid ?? "?"}) has printed nothing since ${clockWords(watched.silentSinceMs)}; ${cost}. It is stopped and retried if it stays silent for worker.hangSeconds.`,
          taskId: worker.task,
          where,
        });
      }
      const late = pastDeadline(watched.fields, nowMs);
      if (!watched.overdueReported && late !== undefined) {
        watched.overdueReported = true;
        found.overdue.push(worker.task);
        await this.notifier.notify({
          kind: "worker",
          priority: "high",
          title: `Past its deadline and still running: ${what}`,
          body: `DEADLINE ${watched.fields?.deadline} passed ${formatHeld(Math.round(late / 1000))} ago; ${worker.agent}, tier ${worker.tier}, attempt ${worker.attempt}, ${cost}.`,
          taskId: worker.task,
          where,
        });
      }
    }
    await this.checkWaiting(waiting, nowMs, found);
    return found;
  }

  private async checkWaiting(
    waiting: readonly { path: string; reason: string }[],
    nowMs: number,
    found: WorkerFound,
  ): Promise<void> {
    const paths = new Set(waiting.map((entry) => entry.path));
    for (const path of this.waiting.keys()) if (!paths.has(path)) this.waiting.delete(path);
    for (const entry of waiting) {
      let watched = this.waiting.get(entry.path);
      if (!watched) {
        const fields = await readFields(entry.path);
        watched = { ...(fields ? { fields } : {}), reported: false };
        this.waiting.set(entry.path, watched);
      }
      const late = pastDeadline(watched.fields, nowMs);
      if (watched.reported || late === undefined) continue;
      watched.reported = true;
      const id = basename(entry.path).replace(/\.(md|txt|task)$/i, "");
      found.overdue.push(id);
      await this.notifier.notify({
        kind: "worker",
        priority: "high",
        title: `Past its deadline and not started: ${watched.fields?.task.split("\n")[0]?.slice(0, 80) ?? id}`,
        body: `DEADLINE ${watched.fields?.deadline} passed ${formatHeld(Math.round(late / 1000))} ago; it is ${entry.reason}.`,
        taskId: id,
        where: relative(this.root, entry.path),
      });
    }
  }
}
