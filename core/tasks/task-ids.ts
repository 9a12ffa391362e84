/**
 * Task ids as people type them: the whole id, or any prefix that names one task only, of the id
 * or of its name after the date stamp `task add` puts first (`summ` for
 * `20261126-231755-summarize-readme-md`). A miss says which ids there are, so the next try is a
 * copy, not a guess.
 */
import { taskIdFromFileName } from "../../shared/task-file.js";
import { crewPaths, listInboxes } from "../crew-root.js";
import { listTaskFiles } from "./task-store.js";

export type IdMatch = { ok: true; id: string } | { ok: false; reason: string };

const LISTED = 8;
/** `20261126-231755-`, as core/tasks/task-writer.ts names added tasks. */
const STAMP = /^\d{8}-\d{6}-/;

const listing = (ids: readonly string[]) =>
  ids.length > LISTED ? `${ids.slice(0, LISTED).join(", ")} and ${ids.length - LISTED} more` : ids.join(", ");

/** Pure: the id `given` names among `ids`, `what` saying which tasks they are ("waiting", "failed"). */
export function matchTaskId(given: string, ids: readonly string[], what: string): IdMatch {
  if (ids.includes(given)) return { ok: true, id: given };
  const matches = ids.filter((id) => id.startsWith(given) || id.replace(STAMP, "").startsWith(given));
  if (matches.length === 1 && matches[0]) return { ok: true, id: matches[0] };
  if (matches.length > 1)
    return { ok: false, reason: `"${given}" could be any of ${listing(matches)}: give more of the id` };
  return {
    ok: false,
    reason: ids.length
      ? `no ${what} task "${given}"; ${what}: ${listing(ids)}`
      : `no ${what} task "${given}": there are none`,
  };
}

/** Ids of the tasks waiting in every inbox, oldest file first. */
export async function waitingTaskIds(root: string): Promise<string[]> {
  const entries = (
    await Promise.all((await listInboxes(root)).map((inbox) => listTaskFiles(inbox.dir)))
  ).flat();
  return entries.sort((a, b) => a.mtimeMs - b.mtimeMs).map((entry) => taskIdFromFileName(entry.fileName));
}

/** Ids of the tasks in failed/, newest first. */
export async function failedTaskIds(root: string): Promise<string[]> {
  const entries = await listTaskFiles(crewPaths(root).failed);
  return entries.sort((a, b) => b.mtimeMs - a.mtimeMs).map((entry) => taskIdFromFileName(entry.fileName));
}
