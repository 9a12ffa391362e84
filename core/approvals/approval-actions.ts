/**
 * The operator's answers to an approval request — approve, queue for later, reject — and "run
 * now" for any task still in its inbox. They work with or without a running daemon: the decision is a
 * file the engine watches. A decision is bound to the task file and its content: approving
 * covers the text the request showed (or, approved ahead of the gate, the text as it is now).
 */
import { basename, relative } from "node:path";
import type { ActionResult } from "../../shared/bridge.js";
import { isTaskId, taskIdFromFileName } from "../../shared/task-file.js";
import { listInboxes } from "../crew-root.js";
import { rejectTaskFile } from "../engine/archive.js";
import { listTaskFiles, readTask } from "../tasks/task-store.js";
import { ApprovalStore, ApprovalsUnreadable, sha256Of } from "./approval-store.js";

/** The inbox file of a waiting task, by id (its file name without extension). */
export async function findInboxTask(
  root: string,
  id: string,
): Promise<{ path: string; agent: string } | undefined> {
  if (!isTaskId(id)) return undefined;
  for (const inbox of await listInboxes(root)) {
    const match = (await listTaskFiles(inbox.dir)).find((entry) => taskIdFromFileName(entry.fileName) === id);
    if (match) return { path: match.path, agent: inbox.agent };
  }
  return undefined;
}
import { clockWords } from "../../shared/time-words.js";

const nextUtcMidnight = (now: Date) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString();

export type Decision = "approve" | "queue" | "reject" | "run-now";

const DONE_WORDS: Record<Exclude<Decision, "reject">, (until?: string) => string> = {
  approve: () => "approved: it runs now",
  "run-now": () => "runs now, ahead of the queue, its holds and the concurrency limits",
  queue: (until) => `queued: it runs after ${until ? clockWords(until) : "the next budget reset"}`,
};

export async function decideApproval(
  root: string,
  id: string,
  decision: Decision,
  options: { reason?: string; now?: Date } = {},
): Promise<ActionResult> {
  try {
    return await decide(root, id, decision, options);
  } catch (error) {
    if (error instanceof ApprovalsUnreadable) return { ok: false, reason: error.message };
    throw error;
  }
}

async function decide(
  root: string,
  id: string,
  decision: Decision,
  options: { reason?: string; now?: Date },
): Promise<ActionResult> {
  const now = options.now ?? new Date();
  const task = await findInboxTask(root, id);
  const read =
    task && (await readTask({ fileName: basename(task.path), path: task.path, mtimeMs: 0, size: 0 }));
  if (!task || !read)
    return { ok: false, reason: `no waiting task "${id}" in any inbox (see \`switchyard status\`)` };
  const store = ApprovalStore.for(root);
  if (decision === "reject") {
    const why = `rejected by the operator${options.reason ? `: ${options.reason}` : ""}`;
    const movedTo = await rejectTaskFile(
      root,
      task.path,
      read.bytes ?? Buffer.alloc(0),
      why,
      read.ok || read.isText,
    );
    // After the move: an engine that asks again under the guard finds the file gone.
    await store.update((approvals) => {
      if (!approvals[id]) return false;
      delete approvals[id];
    });
    return { ok: true, detail: `moved to coordination/failed/${basename(movedTo)}` };
  }
  if (!read.ok) return { ok: false, reason: `"${id}" is not a valid task (${read.problem}); it cannot run` };
  const file = relative(root, task.path);
  const sha256 = sha256Of(read.bytes);
  const until = decision === "queue" ? nextUtcMidnight(now) : undefined;
  let changed = false;
  await store.update((approvals) => {
    const previous = approvals[id]?.file === file ? approvals[id] : undefined;
    // The request showed the operator a text; a different text now must be asked about anew.
    if (previous?.state === "awaiting" && previous.sha256 !== undefined && previous.sha256 !== sha256) {
      changed = true;
      return false;
    }
    approvals[id] = {
      state: decision === "queue" ? "queued" : "approved",
      reason: previous?.reason ?? "approved ahead of the gate",
      requestedAt: previous?.requestedAt ?? now.toISOString(),
      decidedAt: now.toISOString(),
      ...(previous?.estimatedCostUsd === undefined ? {} : { estimatedCostUsd: previous.estimatedCostUsd }),
      ...(previous?.route ? { route: previous.route } : {}),
      ...(until ? { until } : {}),
      ...(decision === "run-now" ? { runNow: true } : {}),
      file,
      sha256,
    };
  });
  if (changed)
    return {
      ok: false,
      reason: `"${id}" changed since its approval was asked; it asks again with the new text`,
    };
  return { ok: true, detail: DONE_WORDS[decision](until) };
}
