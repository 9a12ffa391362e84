/**
 * Retry: a failed task goes back to its agent's inbox as it was written (without its footer),
 * under a name no other task has, and the failed copy is removed only once the new one exists.
 */
import { mkdir, unlink } from "node:fs/promises";
import { basename, join } from "node:path";
import type { ActionResult } from "../../shared/bridge.js";
import type { Config } from "../../shared/config.js";
import { parseTaskFile, splitFooter, taskIdFromFileName } from "../../shared/task-file.js";
import { crewPaths, inboxDirForAgent } from "../crew-root.js";
import { freeNameIn } from "../engine/archive.js";
import { writeAtomic } from "../fs/atomic-write.js";
import { findTaskFile } from "./task-store.js";

/** Retry's answer names the task's id in its inbox: the same, unless that name was taken there. */
export type RetryResult = Extract<ActionResult, { ok: false }> | { ok: true; id: string; detail?: string };

export async function retryFailedTask(
  crew: { root: string; config: () => Config },
  id: string,
): Promise<RetryResult> {
  const paths = crewPaths(crew.root);
  const failed = await findTaskFile(paths.failed, id);
  if (!failed) return { ok: false, reason: `no failed task "${id}"` };
  const parsed = parseTaskFile(failed.text);
  if (!parsed.ok)
    return {
      ok: false,
      reason: "this file never parsed as a task: fix it by hand and drop it in an inbox",
    };
  const agent = parsed.value.footer?.agent ?? Object.keys(crew.config().agents)[0] ?? "agent-a";
  const inbox = join(paths.coordination, inboxDirForAgent(agent));
  await mkdir(inbox, { recursive: true });
  const target = join(inbox, freeNameIn(inbox, basename(failed.path)));
  await writeAtomic(target, splitFooter(failed.text).main);
  await unlink(failed.path);
  return { ok: true, id: taskIdFromFileName(basename(target)) };
}
