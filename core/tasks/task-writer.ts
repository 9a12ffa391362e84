/**
 * Drops a new task file into an inbox the way any writer should: written under a dot-name
 * (which watchers ignore), then linked into place, so a reader never sees half a file and
 * an existing file is never overwritten. Each call writes its own temp file, and names are
 * chosen under the crew's task-id guard, free in every task folder: adds at once from the
 * window, the API, Telegram and the CLI each get their own file, with their own text, under
 * an id no other task has.
 */
import { link, mkdir, readdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { type NewTask, serializeTaskFile, taskIdFromFileName } from "../../shared/task-file.js";
import { crewPaths, inboxDirForAgent, listInboxes } from "../crew-root.js";
import { writeTemp } from "../fs/atomic-write.js";
import { withFileGuard } from "../fs/file-guard.js";

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

/** Every id in use in the crew's task folders (inboxes, in_progress/, completed/, failed/). */
async function idsInUse(root: string): Promise<Set<string>> {
  const { inProgress, completed, failed } = crewPaths(root);
  const folders = [...(await listInboxes(root)).map((inbox) => inbox.dir), inProgress, completed, failed];
  const ids = new Set<string>();
  for (const dir of folders)
    for (const name of await readdir(dir).catch(() => [] as string[])) ids.add(taskIdFromFileName(name));
  return ids;
}

export async function dropTask(
  root: string,
  agent: string,
  task: NewTask,
  now = new Date(),
): Promise<string> {
  const inbox = join(crewPaths(root).coordination, inboxDirForAgent(agent));
  await mkdir(inbox, { recursive: true });
  await mkdir(crewPaths(root).appData, { recursive: true });
  const stem = taskFileStem(task.task, now);
  const temp = await writeTemp(join(inbox, `${stem}.md`), serializeTaskFile(task));
  try {
    // One chooser at a time per crew: two adds of the same text in the same second, into two
    // inboxes, must not both take the same id.
    return await withFileGuard(join(crewPaths(root).appData, "task-ids"), async () => {
      const taken = await idsInUse(root);
      for (let suffix = 1; ; suffix++) {
        const id = `${stem}${suffix === 1 ? "" : `-${suffix}`}`;
        if (taken.has(id)) continue;
        const path = join(inbox, `${id}.md`);
        try {
          await link(temp, path);
          return path;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        }
      }
    });
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}
