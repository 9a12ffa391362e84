/**
 * The status's view of what waits in the inboxes, from the engine's queue instead of the
 * files: the same shape `readStatus` builds by reading every task file (ARCHITECTURE.md,
 * "Hosts, the CLI and status"), at the cost of a walk over objects already in memory. Each
 * task's summary is kept until something it shows changes, so two snapshots share their
 * unchanged rows and a feed can tell what changed by identity.
 */
import { basename } from "node:path";
import { byCreation, type TaskSummary } from "../../shared/status.js";
import { summarizeTask } from "../tasks/task-store.js";
import type { PendingTask } from "./task-queue.js";

export interface QueueStatus {
  pending: Record<string, TaskSummary[]>;
  awaitingApproval: TaskSummary[];
}

export function queueStatus(
  root: string,
  agents: readonly string[],
  tasks: Iterable<PendingTask>,
): QueueStatus {
  const pending: Record<string, TaskSummary[]> = Object.fromEntries(agents.map((agent) => [agent, []]));
  const awaitingApproval: TaskSummary[] = [];
  for (const task of tasks) {
    const summary = viewOf(root, task);
    if (task.verdict?.action === "ask") awaitingApproval.push(summary);
    else {
      pending[task.agent] ??= [];
      pending[task.agent]?.push(summary);
    }
  }
  for (const list of Object.values(pending)) list.sort(byCreation);
  return { pending, awaitingApproval: awaitingApproval.sort(byCreation) };
}

function viewOf(root: string, task: PendingTask): TaskSummary {
  const { route, decision, verdict, waitingFor } = task;
  const key = [route?.tier, route?.model, route?.reason, verdict?.action, verdict?.cause, waitingFor].join(
    "|",
  );
  if (task.view?.key === key && task.view.decision === decision) return task.view.summary;
  const base = summarizeTask(
    root,
    task.agent,
    { fileName: basename(task.path), path: task.path, mtimeMs: task.mtimeMs, size: task.size },
    task.fields,
  );
  const summary: TaskSummary = {
    ...base,
    ...(route ? { route } : {}),
    ...(verdict?.action === "ask"
      ? {
          approval: decision ?? {
            state: "awaiting",
            reason: verdict.reason ?? "",
            ...(verdict.estimatedCostUsd === undefined ? {} : { estimatedCostUsd: verdict.estimatedCostUsd }),
            requestedAt: base.createdAt,
          },
        }
      : {
          ...(decision ? { approval: decision } : {}),
          ...(waitingFor ? { waitingFor } : {}),
          ...(verdict?.cause === "budget" || verdict?.cause === "window" ? { heldBy: verdict.cause } : {}),
        }),
  };
  task.view = { key, decision, summary };
  return summary;
}
