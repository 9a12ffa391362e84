/**
 * Cancelling a waiting task (or rejecting one at the approval gate): it goes to `failed/` with
 * its bytes unchanged and the operator's reason in its footer, so it can be read, fixed and
 * dropped again; its approval entry goes too.
 */
import { basename, relative } from "node:path";
import type { ActionResult } from "../../shared/bridge.js";
import { ApprovalStore } from "../approvals/approval-store.js";
import { rejectTaskFile } from "../engine/archive.js";
import { takeWaitingTask } from "./waiting-task.js";

export async function cancelWaitingTask(
  root: string,
  id: string,
  /** The footer's REASON: "cancelled by the operator: …" or "rejected by the operator: …". */
  reason: string,
): Promise<ActionResult> {
  const taken = await takeWaitingTask(root, id);
  if (!taken.ok) return taken;
  const { task } = taken;
  let movedTo: string;
  try {
    movedTo = await rejectTaskFile(root, task.parked, task.bytes, reason, true, basename(task.path));
  } catch (error) {
    await task.putBack();
    throw error;
  }
  await ApprovalStore.for(root).update((approvals) => {
    delete approvals[id];
  });
  return { ok: true, detail: `moved to ${relative(root, movedTo)}` };
}

/** The footer reason for the operator's cancel or reject, with their words when they gave some. */
export const operatorReason = (verb: "cancelled" | "rejected", words?: string): string =>
  `${verb} by the operator${words?.trim() ? `: ${words.trim()}` : ""}`;
