/**
 * Moving tasks out of play: finished ones to `completed/` or `failed/` with their footer, and
 * files that are not valid tasks to `failed/` with the reason. The original bytes always
 * come first and unchanged; the new file is complete before the old one is removed.
 */
import { readFile, rename, unlink } from "node:fs/promises";
import { basename, join } from "node:path";
import { appendResultFooter, type ResultFooter } from "../../shared/task-file.js";
import { crewPaths, pathExists } from "../crew-root.js";
import { writeAtomic } from "../fs/atomic-write.js";

/** A name in `dir` that does not clash with an existing file (a suffix only when needed). */
export async function freeNameIn(dir: string, fileName: string): Promise<string> {
  const dot = fileName.lastIndexOf(".");
  const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
  const extension = dot > 0 ? fileName.slice(dot) : "";
  for (let suffix = 1; ; suffix++) {
    const candidate = `${stem}${suffix === 1 ? "" : `-${suffix}`}${extension}`;
    if (!(await pathExists(join(dir, candidate))) && !(await pathExists(join(dir, `${candidate}.reason`))))
      return candidate;
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
  if (await pathExists(inProgressFile)) {
    const original = await readFile(inProgressFile, "utf8");
    await writeAtomic(target, appendResultFooter(original, footer));
    await unlink(inProgressFile).catch(() => undefined);
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
): Promise<string> {
  const { failed } = crewPaths(root);
  const name = await freeNameIn(failed, basename(sourcePath));
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
