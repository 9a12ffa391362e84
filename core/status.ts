/**
 * The status snapshot (ARCHITECTURE.md, "Hosts, the CLI and status"), read from the files so
 * `status` works whether or not a daemon runs. A running host passes what it keeps in memory
 * instead (the engine's queue, the archive index, its sessions), so a snapshot of 10,000
 * waiting and 10,000 finished tasks reads no task file; it then overlays its live view.
 */
import { readFile } from "node:fs/promises";
import type { Config } from "../shared/config.js";
import { byCreation, type Status, type TaskSummary, type WorkerSummary } from "../shared/status.js";
import { taskIdFromFileName } from "../shared/task-file.js";
import { dismissedKeys } from "./alerts/dismissals.js";
import { ApprovalStore, ApprovalsUnreadable, decisionFor, sha256Of } from "./approvals/approval-store.js";
import { previewGate } from "./approvals/gate-preview.js";
import { agentUsageToday } from "./costs/agent-usage.js";
import { type TierOutlook, tierOutlooks } from "./costs/budget.js";
import { costMeters } from "./costs/ledger.js";
import { Spend } from "./costs/spend.js";
import { crewPaths, listInboxes } from "./crew-root.js";
import { readRunRecord } from "./engine/run-record.js";
import { pausedReason } from "./engine/task-gate.js";
import { LockStore } from "./locks/lock-store.js";
import { isPidAlive } from "./process/pid.js";
import { readConflicts } from "./conflicts/conflict-log.js";
import { readPendingRequests } from "./permissions/request-file.js";
import { readSessions } from "./sessions/session-snapshot.js";
import type { QueueStatus } from "./engine/queue-status.js";
import { mapBounded } from "./fs/bounded.js";
import { ArchiveIndex } from "./tasks/archive-index.js";
import { listTaskFiles, readTask, summarizeTask } from "./tasks/task-store.js";

async function readHeartbeat(path: string): Promise<Status["heartbeat"]> {
  try {
    const beat = JSON.parse(await readFile(path, "utf8")) as { at?: string; next?: string };
    return { last: beat.at ?? null, next: beat.next ?? null };
  } catch {
    return { last: null, next: null };
  }
}

export interface StatusOptions {
  now?: Date;
  /** A host reuses its Spend so interactive usage is not re-imported on every call. */
  spend?: Spend;
  schedules?: Status["schedules"];
  /** A host's live view; without one they are read from the session log and request files. */
  sessions?: Status["sessions"];
  permissionRequests?: Status["permissionRequests"];
  /** What waits in the inboxes, gated (a running engine's queue); read from the files without it. */
  queue?: (agents: string[]) => QueueStatus;
  /** The host's archive index; without it the archive folders are listed once. */
  archive?: ArchiveIndex;
}

/** Conflicts `status` lists: the last day's, newest first. */
const CONFLICTS_SHOWN_MS = 24 * 3_600_000;
const CONFLICTS_SHOWN = 20;

export async function readStatus(root: string, config: Config, options: StatusOptions = {}): Promise<Status> {
  const now = options.now ?? new Date();
  const paths = crewPaths(root);
  const problems: string[] = [];
  const spend = await (options.spend ?? new Spend(root, () => config)).totals();
  const inboxes = await listInboxes(root);
  const waiting = options.queue
    ? await fromQueue(root, options.queue(inboxes.map((inbox) => inbox.agent)), problems)
    : await readWaiting(root, inboxes, config, now, tierOutlooks(spend, config, now), problems);
  const { inProgress, workers } = await readInProgress(root, problems);
  const locks = await new LockStore(root, {
    staleAfterMinutes: config.locks.staleAfterMinutes,
    now: () => now.getTime(),
  }).list();
  const archived = await (options.archive ?? new ArchiveIndex(root)).snapshot();
  return {
    root,
    generatedAt: now.toISOString(),
    agents: [...new Set([...Object.keys(waiting.pending), ...Object.keys(config.agents)])]
      .sort()
      .map((name) => ({
        name,
        tier: config.agents[name]?.tier ?? 2,
        concurrency: config.agents[name]?.concurrency ?? 1,
      })),
    pending: waiting.pending,
    awaitingApproval: waiting.awaitingApproval,
    inProgress,
    completed: archived.completed.tasks,
    failed: archived.failed.tasks,
    archivedCounts: { completed: archived.completed.count, failed: archived.failed.count },
    locks,
    workers,
    costs: costMeters(spend, config, now),
    alwaysOn: {
      triage: agentUsageToday(spend, "triage", now),
      heartbeat: {
        ...agentUsageToday(spend, "heartbeat", now),
        tokenCap: config.heartbeat.checkIn.dailyTokens,
      },
    },
    heartbeat: await readHeartbeat(paths.heartbeat),
    schedules: options.schedules ?? [],
    problems,
    sessions: options.sessions ?? (await readSessions(root, config, now)),
    permissionRequests: options.permissionRequests ?? (await readPendingRequests(root, now)),
    conflicts: (await readConflicts(root, new Date(now.getTime() - CONFLICTS_SHOWN_MS)))
      .reverse()
      .slice(0, CONFLICTS_SHOWN),
    dismissed: await dismissedKeys(root),
  };
}

/** The engine's queue as it is; an approvals.json it cannot read is a problem here too. */
async function fromQueue(root: string, queue: QueueStatus, problems: string[]): Promise<QueueStatus> {
  await ApprovalStore.for(root)
    .read()
    .catch((error: unknown) => {
      if (!(error instanceof ApprovalsUnreadable)) throw error;
      problems.push(error.message);
    });
  return queue;
}

/** Every inbox's tasks read from the files and gated as the engine would gate them. */
async function readWaiting(
  root: string,
  inboxes: { agent: string; dir: string }[],
  config: Config,
  now: Date,
  outlook: (tier: number) => TierOutlook,
  problems: string[],
): Promise<QueueStatus> {
  const decisions = await ApprovalStore.for(root)
    .all()
    .catch((error: unknown) => {
      if (!(error instanceof ApprovalsUnreadable)) throw error;
      problems.push(error.message);
      return {};
    });
  const pending: Record<string, TaskSummary[]> = {};
  const awaitingApproval: TaskSummary[] = [];
  for (const inbox of inboxes) {
    const summaries: TaskSummary[] = [];
    for (const read of await mapBounded(await listTaskFiles(inbox.dir), readTask)) {
      if (!read) continue;
      const { entry } = read;
      if (!read.ok) {
        problems.push(`coordination/${inbox.dir.split("/").at(-1)}/${entry.fileName}: ${read.problem}`);
        continue;
      }
      const summary = summarizeTask(root, inbox.agent, entry, read.task.fields);
      // As the engine judges: a decision counts for this file with these bytes only.
      const decision = decisionFor(decisions, {
        id: summary.id,
        file: summary.file,
        sha256: sha256Of(read.bytes),
      });
      const paused = decision?.runNow ? undefined : pausedReason(config, inbox.agent);
      if (paused) {
        summaries.push({ ...summary, waitingFor: paused, ...(decision ? { approval: decision } : {}) });
        continue;
      }
      const { route, verdict, estimatedCostUsd } = previewGate({
        fields: read.task.fields,
        agent: inbox.agent,
        config,
        outlook,
        now,
        ...(decision ? { decision } : {}),
      });
      const withRoute: TaskSummary = { ...summary, route, ...(decision ? { approval: decision } : {}) };
      if (verdict.action === "ask")
        awaitingApproval.push({
          ...withRoute,
          approval: decision ?? {
            state: "awaiting",
            reason: verdict.reason,
            estimatedCostUsd,
            requestedAt: summary.createdAt,
          },
        });
      else if (verdict.action === "hold")
        summaries.push({
          ...withRoute,
          waitingFor: verdict.reason,
          ...(verdict.cause === "budget" || verdict.cause === "window" ? { heldBy: verdict.cause } : {}),
        });
      else summaries.push(withRoute);
    }
    pending[inbox.agent] = summaries.sort(byCreation);
  }
  return { pending, awaitingApproval: awaitingApproval.sort(byCreation) };
}

/** Claimed tasks, and the workers running them according to their run records. */
async function readInProgress(
  root: string,
  problems: string[],
): Promise<{ inProgress: TaskSummary[]; workers: WorkerSummary[] }> {
  const inProgress: TaskSummary[] = [];
  const workers: WorkerSummary[] = [];
  for (const entry of await listTaskFiles(crewPaths(root).inProgress)) {
    const read = await readTask(entry);
    if (!read?.ok) continue;
    const record = await readRunRecord(root, taskIdFromFileName(entry.fileName)).catch((error: Error) => {
      problems.push(`coordination/in_progress/${entry.fileName}: ${error.message}`);
      return undefined;
    });
    const summary = summarizeTask(root, record?.agent ?? "", entry, read.task.fields);
    inProgress.push(record ? { ...summary, route: record.route } : summary);
    const attempt = record?.attempts.at(-1);
    if (record && attempt && !attempt.endedAt && attempt.pid && isPidAlive(attempt.pid))
      workers.push({
        task: record.id,
        agent: record.agent,
        tier: record.route.tier,
        model: record.route.model,
        routeReason: record.route.reason,
        pid: attempt.pid,
        startedAt: attempt.startedAt,
        attempt: attempt.attempt,
      });
  }
  return { inProgress: inProgress.sort(byCreation), workers };
}
