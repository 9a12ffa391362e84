/**
 * The operator's answers to an approval request — approve, queue for later, reject — for a
 * task still in its inbox. They work with or without a running daemon: the decision is a
 * file the engine watches.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { ActionResult } from "../../shared/bridge.js";
import { taskIdFromFileName } from "../../shared/task-file.js";
import { listInboxes } from "../crew-root.js";
import { rejectTaskFile } from "../engine/archive.js";
import { listTaskFiles } from "../tasks/task-store.js";
import { ApprovalStore } from "./approval-store.js";

/** The inbox file of a waiting task, by id (its file name without extension). */
export async function findInboxTask(
  root: string,
  id: string,
): Promise<{ path: string; agent: string } | undefined> {
  for (const inbox of await listInboxes(root)) {
    const match = (await listTaskFiles(inbox.dir)).find((entry) => taskIdFromFileName(entry.fileName) === id);
    if (match) return { path: match.path, agent: inbox.agent };
  }
  return undefined;
}

const nextUtcMidnight = (now: Date) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString();

export async function decideApproval(
  root: string,
  id: string,
  decision: "approve" | "queue" | "reject",
  options: { reason?: string; now?: Date } = {},
): Promise<ActionResult> {
  const now = options.now ?? new Date();
  const task = await findInboxTask(root, id);
  if (!task) return { ok: false, reason: `no waiting task "${id}" in any inbox (see \`switchyard status\`)` };
  const store = ApprovalStore.for(root);
  const previous = await store.get(id);
  const reason = previous?.reason ?? "approved ahead of the gate";
  if (decision === "reject") {
    const why = `rejected by the operator${options.reason ? `: ${options.reason}` : ""}`;
    const movedTo = await rejectTaskFile(root, task.path, await readFile(task.path), why, true);
    await store.update((approvals) => {
      delete approvals[id];
    });
    return { ok: true, detail: `moved to coordination/failed/${basename(movedTo)}` };
  }
  const until = decision === "queue" ? nextUtcMidnight(now) : undefined;
  await store.update((approvals) => {
    approvals[id] = {
      state: decision === "approve" ? "approved" : "queued",
      reason,
      requestedAt: previous?.requestedAt ?? now.toISOString(),
      decidedAt: now.toISOString(),
      ...(previous?.estimatedCostUsd === undefined ? {} : { estimatedCostUsd: previous.estimatedCostUsd }),
      ...(until ? { until } : {}),
    };
  });
  return {
    ok: true,
    detail: decision === "approve" ? "approved: it runs now" : `queued: it runs after ${until}`,
  };
}
