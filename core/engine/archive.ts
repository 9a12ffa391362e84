/**
 * Moving tasks out of play: finished ones to `completed/` or `failed/` with their footer, and
 * files that are not valid tasks to `failed/` with the reason. The original bytes always
 * come first and unchanged; the new file is complete before the old one is removed. Small
 * steps are synchronous calls; the archive's fsyncs are not (ARCHITECTURE.md, "File access").
 */
import { existsSync, unlinkSync } from "node:fs";
import { rename, unlink } from "node:fs/promises";
import { basename, join } from "node:path";
import { appendResultFooter, type ResultFooter, serializeResultFooter } from "../../shared/task-file.js";
import { crewPaths } from "../crew-root.js";
import { writeAtomic } from "../fs/atomic-write.js";
import { readRegularFileSync } from "../fs/regular-file.js";

/** A task file the worker grew past this is archived as it is, with its footer beside it. */
const MAX_ARCHIVE_BYTES = 16 * 1024 * 1024;

/** A name in `dir` that does not clash with an existing file (a suffix only when needed). */
export function freeNameIn(dir: string, fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
  const extension = dot > 0 ? fileName.slice(dot) : "";
  for (let suffix = 1; ; suffix++) {
    const candidate = `${stem}${suffix === 1 ? "" : `-${suffix}`}${extension}`;
    if (!existsSync(join(dir, candidate)) && !existsSync(join(dir, `${candidate}.reason`))) return candidate;
  }
}

/** Writes `completed/<name>` or `failed/<name>` (original text + footer), then removes the in-progress file. */
export async function archiveTask(
  root: string,
  inProgressFile: string,
  footer: ResultFooter,
  archiveName: string,
): Promise<string> {
  const paths = crewPaths(root);
  const target = join(footer.status === "done" ? paths.completed : paths.failed, archiveName);
  const read = readRegularFileSync(inProgressFile, { maxBytes: MAX_ARCHIVE_BYTES, followSymlinks: false });
  if (read.ok) {
    await writeAtomic(target, appendResultFooter(read.bytes.toString("utf8"), footer));
    try {
      unlinkSync(inProgressFile);
    } catch {
      // removed meanwhile: the archive is what counts
    }
  } else if (read.why !== "missing") {
    // Not a file the footer can be appended to (replaced by something else, or huge): kept as it is.
    await writeAtomic(`${target}.reason`, serializeResultFooter(footer));
    await rename(inProgressFile, target);
  }
  return target;
}

/**
 * A file in an inbox that is not a valid task goes to `failed/` under its own name, bytes
 * unchanged: a text file gains a footer with the reason, anything else gets `<name>.reason`.
 */
export async function rejectTaskFile(
  root: string,
  sourcePath: string,
  bytes: Buffer,
  reason: string,
  isText: boolean,
  /** The name to file it under (a parked file's own name is not the task's). */
  fileName = basename(sourcePath),
): Promise<string> {
  const { failed } = crewPaths(root);
  const name = freeNameIn(failed, fileName);
  const target = join(failed, name);
  const footer: ResultFooter = { status: "failed", finished: new Date().toISOString(), reason };
  if (isText) {
    await writeAtomic(target, appendResultFooter(bytes.toString("utf8"), footer));
    await unlink(sourcePath).catch(() => undefined);
  } else {
    await writeAtomic(`${target}.reason`, `${reason}\n`);
    await rename(sourcePath, target);
  }
  return target;
}
