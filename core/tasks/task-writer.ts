/**
 * Drops a new task file into an inbox the way any writer should: written under a dot-name
 * (which watchers ignore), then linked into place, so a reader never sees half a file and
 * an existing file is never overwritten.
 */
import { link, mkdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { type NewTask, serializeTaskFile } from "../../shared/task-file.js";
import { crewPaths, inboxDirForAgent } from "../crew-root.js";
import { writeAtomic } from "../fs/atomic-write.js";

/** `20261125-181502-update-all-clawmart-listings`: sorts by time, readable in `ls`. */
export function taskFileStem(text: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  const slug = text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return `${stamp}-${slug || "task"}`;
}

export async function dropTask(
  root: string,
  agent: string,
  task: NewTask,
  now = new Date(),
): Promise<string> {
  const inbox = join(crewPaths(root).coordination, inboxDirForAgent(agent));
  await mkdir(inbox, { recursive: true });
  const stem = taskFileStem(task.task, now);
  const temp = join(inbox, `.${stem}.${process.pid}.tmp`);
  await writeAtomic(temp, serializeTaskFile(task));
  try {
    for (let suffix = 1; ; suffix++) {
      const path = join(inbox, `${stem}${suffix === 1 ? "" : `-${suffix}`}.md`);
      try {
        await link(temp, path);
        return path;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}
