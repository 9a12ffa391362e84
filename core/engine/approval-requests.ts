/**
 * The engine's side of approvals: asking once for a task the gate stops, and forgetting the
 * entries of tasks that are no longer waiting. Both are read-modify-writes under the store's
 * guard, so they never undo a decision another process has just written, and a task rejected
 * (moved out of its inbox) is never asked about again.
 */
import { lstat } from "node:fs/promises";
import { join } from "node:path";
import type { TaskFields } from "../../shared/task-file.js";
import { type DecidedTask, decisionFor } from "../approvals/approval-store.js";
import type { CrewContext } from "../crew-context.js";
import type { Route } from "../routing/router.js";

export interface ApprovalAsk extends DecidedTask {
  /** Absolute path of the task file in its inbox. */
  path: string;
  fields: TaskFields;
  route?: Route;
}

const exists = (path: string) =>
  lstat(path).then(
    () => true,
    () => false,
  );

/**
 * Records that `task` awaits approval and notifies, unless a decision on exactly this task
 * exists already (written meanwhile by another process) or the file has left its inbox.
 * Decisions are keyed by id: while another waiting file with the same id holds the entry,
 * this one waits its turn (answered "after <that file>") rather than take it over, so two
 * such files never ask in turns for ever.
 */
export async function askForApproval(
  crew: Pick<CrewContext, "root" | "approvals" | "notifier" | "now">,
  task: ApprovalAsk,
  reason: string,
  estimatedCostUsd: number,
): Promise<{ asked: boolean; after?: string }> {
  const requestedAt = crew.now().toISOString();
  let asked = false;
  let after: string | undefined;
  await crew.approvals.update(async (approvals) => {
    if (decisionFor(approvals, task) || !(await exists(task.path))) return false;
    const other = approvals[task.id]?.file;
    if (other && other !== task.file && (await exists(join(crew.root, other)))) {
      after = other;
      return false;
    }
    approvals[task.id] = {
      state: "awaiting",
      reason,
      estimatedCostUsd,
      requestedAt,
      ...(task.route ? { route: task.route } : {}),
      file: task.file,
      sha256: task.sha256,
    };
    asked = true;
  });
  if (!asked) return after ? { asked, after } : { asked };
  await crew.notifier.notify({
    kind: "approval",
    priority: "high",
    title: `Approve? ${task.fields.task.slice(0, 80)}`,
    body: `${reason} — tier ${task.route?.tier} (${task.route?.model}), estimated $${estimatedCostUsd.toFixed(2)}; approve, queue or reject: switchyard task approve|queue|reject ${task.id}`,
    taskId: task.id,
    where: task.file,
  });
  return { asked };
}

/**
 * Drops decisions for ids no inbox holds any more (removed by hand, claimed by another host),
 * if they are older than `listedAt`: a decision written after the inboxes were listed may be
 * for a task that arrived since.
 */
export async function forgetStaleApprovals(
  crew: Pick<CrewContext, "approvals">,
  waiting: ReadonlySet<string>,
  listedAt: Date,
): Promise<void> {
  const isStale = (id: string, at: string | undefined) =>
    !waiting.has(id) && Date.parse(at ?? "") < listedAt.getTime();
  const decisions = await crew.approvals.all();
  if (
    !Object.entries(decisions).some(([id, decision]) =>
      isStale(id, decision.decidedAt ?? decision.requestedAt),
    )
  )
    return;
  await crew.approvals.update((approvals) => {
    let changed = false;
    for (const [id, decision] of Object.entries(approvals))
      if (isStale(id, decision.decidedAt ?? decision.requestedAt)) {
        delete approvals[id];
        changed = true;
      }
    return changed;
  });
}
