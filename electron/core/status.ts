/**
 * The status snapshot (SPEC §9), read from the files alone so `status` works whether or not
 * a daemon runs. Parts not built yet report zeros or empty lists, never a missing key.
 */
import { readFile } from "node:fs/promises";
import type { Config } from "../../shared/config.js";
import type { Status, TaskSummary } from "../../shared/status.js";
import { crewPaths, listInboxes } from "./crew-root.js";
import { LockStore } from "./locks/lock-store.js";
import { listArchived, listTaskFiles, readTask, summarizeTask } from "./tasks/task-store.js";

const TIERS = ["0", "1", "2", "3"] as const;

async function readHeartbeat(path: string): Promise<Status["heartbeat"]> {
  try {
    const beat = JSON.parse(await readFile(path, "utf8")) as { at?: string; next?: string };
    return { last: beat.at ?? null, next: beat.next ?? null };
  } catch {
    return { last: null, next: null };
  }
}

export async function readStatus(root: string, config: Config, now = new Date()): Promise<Status> {
  const paths = crewPaths(root);
  const problems: string[] = [];
  const pending: Record<string, TaskSummary[]> = {};
  for (const inbox of await listInboxes(root)) {
    const summaries: TaskSummary[] = [];
    for (const entry of await listTaskFiles(inbox.dir)) {
      const read = await readTask(entry);
      if (!read) continue;
      if (read.ok) summaries.push(summarizeTask(root, inbox.agent, entry, read.task));
      else problems.push(`coordination/${inbox.dir.split("/").at(-1)}/${entry.fileName}: ${read.problem}`);
    }
    pending[inbox.agent] = summaries.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
  const inProgress: TaskSummary[] = [];
  for (const entry of await listTaskFiles(paths.inProgress)) {
    const read = await readTask(entry);
    if (read?.ok) inProgress.push(summarizeTask(root, "", entry, read.task));
  }
  const locks = await new LockStore(root, {
    staleAfterMinutes: config.locks.staleAfterMinutes,
    now: () => now.getTime(),
  }).list();
  return {
    root,
    generatedAt: now.toISOString(),
    pending,
    awaitingApproval: [],
    inProgress,
    completed: await listArchived(root, paths.completed),
    failed: await listArchived(root, paths.failed),
    locks,
    workers: [],
    costs: Object.fromEntries(
      TIERS.map((tier) => [tier, { today: 0, month: 0, budget: { daily: null, monthly: null } }]),
    ) as Status["costs"],
    heartbeat: await readHeartbeat(paths.heartbeat),
    problems,
  };
}
