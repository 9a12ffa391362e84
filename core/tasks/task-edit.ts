/**
 * Editing a waiting task (its tier, priority, wording, expected output): the file is taken out
 * of play, rewritten through the pure `editTaskHeader`, checked as the engine would read it,
 * and put back under its name, so its id and approval stay. The version before the edit is
 * kept in `.switchyard/edits/`, since nothing a person wrote is lost.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { ActionResult } from "../../shared/bridge.js";
import { editTaskHeader, type TaskEdit } from "../../shared/task-edit.js";
import { describeProblem, parseTaskFile } from "../../shared/task-file.js";
import { ApprovalStore } from "../approvals/approval-store.js";
import { crewPaths } from "../crew-root.js";
import { writeAtomic } from "../fs/atomic-write.js";
import { takeWaitingTask } from "./waiting-task.js";

const stamp = (now: Date) =>
  now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");

export async function editWaitingTask(
  root: string,
  id: string,
  edit: TaskEdit,
  now = new Date(),
): Promise<ActionResult> {
  const taken = await takeWaitingTask(root, id);
  if (!taken.ok) return taken;
  const { task } = taken;
  try {
    const edited = editTaskHeader(task.text, edit);
    const parsed = parseTaskFile(edited);
    if (!parsed.ok) {
      await task.putBack();
      return { ok: false, reason: `not saved: ${parsed.problems.map(describeProblem).join("; ")}` };
    }
    if (edited === task.text) {
      await task.putBack();
      return { ok: true, detail: "nothing changed" };
    }
    const edits = join(crewPaths(root).appData, "edits");
    await mkdir(edits, { recursive: true });
    await writeAtomic(join(edits, `${id}.${stamp(now)}.md`), task.text);
    await task.replaceWith(edited);
    // A decision covered the old text only (approval-store.ts): the gate asks about the new one.
    await ApprovalStore.for(root).update((approvals) => {
      if (!approvals[id]) return false;
      delete approvals[id];
    });
    return { ok: true, detail: "saved; the version before is in .switchyard/edits/" };
  } catch (error) {
    await task.putBack().catch(() => undefined);
    throw error;
  }
}

/** Change tier is an edit of TIER; null lets the router pick again. */
export const changeTaskTier = (root: string, id: string, tier: number | null): Promise<ActionResult> =>
  editWaitingTask(root, id, { tier });
