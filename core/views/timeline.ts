/**
 * The timeline's data: worker attempts from the run records (`.switchyard/runs/<id>/run.json`),
 * lock holds from `.switchyard/lock-history.jsonl` plus the locks held now, and conflicts from
 * `.switchyard/conflicts.jsonl`. Read from the files, like the status, so it shows what
 * happened even across daemon restarts.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { Timeline, TimelineBar } from "../../shared/timeline.js";
import { readConflicts } from "../conflicts/conflict-log.js";
import { crewPaths } from "../crew-root.js";
import { RunRecordSchema } from "../engine/run-record.js";
import { mapBounded } from "../fs/bounded.js";
import { LockStore } from "../locks/lock-store.js";
import { readIfExists } from "../fs/read-if-exists.js";

const LockHoldSchema = z.object({
  resource: z.string(),
  holder: z.string(),
  purpose: z.string().default(""),
  acquiredAt: z.string(),
  releasedAt: z.string(),
  how: z.string(),
});

export interface TimelineWindow {
  hours: number;
  now?: Date;
}

const overlaps = (bar: TimelineBar, from: string): boolean => (bar.end ?? "9999") >= from;

async function workerBars(root: string): Promise<TimelineBar[]> {
  const runs = crewPaths(root).runs;
  const ids = await readdir(runs).catch(() => [] as string[]);
  const records = await mapBounded(ids, async (id) => {
    try {
      return RunRecordSchema.parse(JSON.parse(await readFile(join(runs, id, "run.json"), "utf8")));
    } catch {
      return undefined; // being written, or not a run folder: the next read will see it
    }
  });
  return records.flatMap((record) =>
    record
      ? record.attempts.map((attempt) => ({
          lane: record.agent,
          label: `${record.id} #${attempt.attempt}`,
          start: attempt.startedAt,
          taskId: record.id,
          ...(attempt.endedAt ? { end: attempt.endedAt } : {}),
          ...(attempt.outcome ? { outcome: attempt.outcome } : {}),
        }))
      : [],
  );
}

async function lockHistoryBars(root: string): Promise<TimelineBar[]> {
  const text = (await readIfExists(join(crewPaths(root).appData, "lock-history.jsonl"))) ?? "";
  return text.split("\n").flatMap((line) => {
    if (!line.trim()) return [];
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return []; // a line cut short by a crash
    }
    const hold = LockHoldSchema.safeParse(json);
    if (!hold.success) return [];
    const { resource, holder, purpose, acquiredAt, releasedAt, how } = hold.data;
    return [
      {
        lane: resource,
        label: purpose ? `${holder}: ${purpose}` : holder,
        start: acquiredAt,
        end: releasedAt,
        outcome: how,
      },
    ];
  });
}

async function liveLockBars(root: string): Promise<TimelineBar[]> {
  // Staleness does not matter for drawing a bar, only when it started.
  const locks = await new LockStore(root, { staleAfterMinutes: Number.POSITIVE_INFINITY }).list();
  return locks.map((lock) => ({
    lane: lock.resource,
    label: lock.purpose ? `${lock.holder}: ${lock.purpose}` : lock.holder,
    start: lock.acquiredAt,
  }));
}

export async function readTimeline(root: string, window: TimelineWindow): Promise<Timeline> {
  const now = window.now ?? new Date();
  const from = new Date(now.getTime() - window.hours * 3_600_000).toISOString();
  const byStart = (a: TimelineBar, b: TimelineBar) => a.start.localeCompare(b.start);
  const [workers, history, live, conflicts] = await Promise.all([
    workerBars(root),
    lockHistoryBars(root),
    liveLockBars(root),
    readConflicts(root, new Date(from)),
  ]);
  return {
    from,
    to: now.toISOString(),
    workers: workers.filter((bar) => overlaps(bar, from)).sort(byStart),
    locks: [...history, ...live].filter((bar) => overlaps(bar, from)).sort(byStart),
    conflicts: conflicts.map((conflict) => ({
      at: conflict.at,
      path: conflict.path,
      writers: conflict.writers.map((writer) => writer.label),
      resource: conflict.resource,
    })),
  };
}
