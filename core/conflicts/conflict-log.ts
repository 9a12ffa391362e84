/**
 * Conflicts the radar raised (`.switchyard/conflicts.jsonl`), so `status` lists the recent ones
 * and the timeline marks them whether or not the host that saw them still runs.
 */
import { appendFile, readFile } from "node:fs/promises";
import { type Conflict, ConflictSchema } from "../../shared/sessions.js";
import { crewPaths } from "../crew-root.js";

export async function appendConflict(root: string, conflict: Conflict): Promise<void> {
  await appendFile(crewPaths(root).conflicts, `${JSON.stringify(conflict)}\n`);
}

/** Conflicts at or after `since`, oldest first. */
export async function readConflicts(root: string, since: Date): Promise<Conflict[]> {
  const text = await readFile(crewPaths(root).conflicts, "utf8").catch(() => "");
  const from = since.toISOString();
  return text.split("\n").flatMap((line) => {
    if (!line.trim()) return [];
    try {
      const parsed = ConflictSchema.safeParse(JSON.parse(line));
      return parsed.success && parsed.data.at >= from ? [parsed.data] : [];
    } catch {
      return []; // a line cut short by a crash
    }
  });
}
