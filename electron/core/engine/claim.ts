/**
 * Claiming moves a task from its inbox into `in_progress/` so that exactly one claimer wins,
 * even across Switchyard processes: the run folder is reserved with an exclusive mkdir, the
 * file is hard-linked under its new name (never overwriting), and only the claimer whose
 * unlink of the inbox file succeeds keeps the task; the loser undoes its link.
 */
import { link, unlink } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { taskIdFromFileName } from "../../../shared/task-file.js";
import { crewPaths, pathExists } from "../crew-root.js";
import { releaseRunDir, reserveRunDir, type RunRecord, writeRunRecord } from "./run-record.js";

export type ClaimResult =
  | { ok: true; id: string; fileName: string; path: string }
  | { ok: false; reason: string };

const extensionOf = (fileName: string) => /\.[^.]+$/.exec(fileName)?.[0] ?? ".md";

/** `seed.md`, then `seed-2.md`, … : a name free in every task folder, so ids never repeat. */
export async function freeTaskName(
  root: string,
  fileName: string,
  reserve: (id: string) => Promise<boolean>,
): Promise<string> {
  const paths = crewPaths(root);
  const stem = taskIdFromFileName(fileName);
  const extension = extensionOf(fileName);
  for (let suffix = 1; ; suffix++) {
    const candidate = `${stem}${suffix === 1 ? "" : `-${suffix}`}${extension}`;
    const taken = await Promise.all(
      [paths.inProgress, paths.completed, paths.failed].map((dir) => pathExists(join(dir, candidate))),
    );
    if (taken.some(Boolean)) continue;
    if (await reserve(taskIdFromFileName(candidate))) return candidate;
  }
}

export async function claimTask(
  root: string,
  sourcePath: string,
  makeRecord: (id: string, fileName: string, source: string) => RunRecord,
): Promise<ClaimResult> {
  const paths = crewPaths(root);
  const fileName = await freeTaskName(root, basename(sourcePath), (id) => reserveRunDir(root, id));
  const id = taskIdFromFileName(fileName);
  const target = join(paths.inProgress, fileName);
  const abandon = async (reason: string): Promise<ClaimResult> => {
    await releaseRunDir(root, id);
    return { ok: false, reason };
  };
  await writeRunRecord(root, makeRecord(id, fileName, relative(root, sourcePath)));
  try {
    await link(sourcePath, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return abandon("claimed by another process");
    if (code === "EEXIST") return abandon(`${fileName} appeared in in_progress/ meanwhile`);
    throw error;
  }
  try {
    await unlink(sourcePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    await unlink(target).catch(() => undefined);
    return abandon("claimed by another process");
  }
  return { ok: true, id, fileName, path: target };
}
