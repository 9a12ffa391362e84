/**
 * SHARED_MIND.archive.md: learnings moved out of SHARED_MIND.md once it holds more than
 * `sharedMind.keepLearnings`, oldest first, so the file agents and the window read stays a
 * readable size. Nothing is deleted: a line is appended here (and synced) before it leaves
 * SHARED_MIND.md, and the heartbeat, which puts back any learning someone removed, does not
 * put back one that is here.
 */
import { appendFileSync, closeSync, fsyncSync, openSync } from "node:fs";
import { oldLearningLines, parseLearningLine, removeLearningLines } from "../../shared/shared-mind.js";
import { crewPaths } from "../crew-root.js";
import { readIfExists } from "../fs/read-if-exists.js";
import { editSharedMind, readSharedMindText } from "./shared-mind-store.js";

const ARCHIVE_HEADER =
  "# SHARED_MIND.archive.md\nLearnings moved out of SHARED_MIND.md, oldest first (see sharedMind.keepLearnings).\n";

/** Every learning line in the archive (trimmed), to tell a moved learning from a deleted one. */
export async function archivedLearnings(root: string): Promise<Set<string>> {
  const text = (await readIfExists(crewPaths(root).learningsArchive)) ?? "";
  return new Set(text.split("\n").flatMap((line) => parseLearningLine(line)?.line.trim() ?? []));
}

/** Moves the learnings beyond the newest `keep` to the archive; returns how many moved. */
export async function archiveOldLearnings(
  root: string,
  keep: number,
  staleAfterMinutes: number,
): Promise<number> {
  const old = oldLearningLines(await readSharedMindText(root), keep);
  if (old.length === 0) return 0;
  const path = crewPaths(root).learningsArchive;
  const already = await archivedLearnings(root);
  const fresh = old.filter((line) => !already.has(line.trim()));
  if (fresh.length) {
    const header = (await readIfExists(path)) === undefined ? ARCHIVE_HEADER : "";
    appendFileSync(path, `${header}${fresh.join("\n")}\n`);
    const fd = openSync(path, "r");
    try {
      fsyncSync(fd); // in the archive for good before it leaves SHARED_MIND.md
    } finally {
      closeSync(fd);
    }
  }
  // Under the lock, from the file as it is then: only lines that are now safely archived go.
  await editSharedMind(root, "switchyard", (text) => removeLearningLines(text, old), staleAfterMinutes);
  return old.length;
}
