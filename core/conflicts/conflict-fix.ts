/**
 * The fix a conflict offers: a lock resource named after the file, and the two ways to take it
 * (a task's LOCKS line, or `lock run` around a pane's command). Pure, so the notification,
 * `status --json` and the window all say the same.
 */
import { ResourceNameSchema } from "../../shared/task-file.js";

/** `outputs/report.md` → `outputs-report.md`: a valid resource name (SPEC §4) that says which file. */
export function resourceForPath(path: string): string {
  const name = path
    .replace(/[^A-Za-z0-9._]+/g, "-")
    .replace(/^[^A-Za-z0-9]+/, "")
    .replace(/-+$/, "")
    .slice(-80)
    .replace(/^[^A-Za-z0-9]+/, "");
  return ResourceNameSchema.safeParse(name).success ? name : "shared-file";
}

export function conflictFix(resource: string, agent = "<agent>"): { locksLine: string; lockRun: string } {
  return {
    locksLine: `LOCKS: ${resource}`,
    lockRun: `switchyard lock run ${resource} --as ${agent} --wait 60 -- <command>`,
  };
}
