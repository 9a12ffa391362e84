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
import { type RunRecord, readRunRecord, releaseRunDir, reserveRunDir, writeRunRecord } from "./run-record.js";

export type ClaimResult = { ok: true; record: RunRecord; path: string } | { ok: false; reason: string };

const extensionOf = (fileName: string) => /\.[^.]+$/.exec(fileName)?.[0] ?? ".md";

/** Whether the run folder `id` was reserved by another claimer of this very inbox file. */
async function reservedForSameSource(root: string, id: string, source: string): Promise<boolean> {
  // The other claimer writes its record right after its mkdir: give it a moment.
  for (let tries = 0; tries < 5; tries++) {
    const record = await readRunRecord(root, id).catch(() => undefined);
    if (record) return record.state === "claiming" && record.source === source;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

/**
 * Reserves `seed.md`, else `seed-2.md`, … : a name free in every task folder, so ids never
 * repeat. Undefined when another process is claiming this same file (it will win or lose
 * the unlink; either way this claimer steps back rather than claim it under a new name).
 */
async function reserveTaskName(root: string, sourcePath: string): Promise<string | undefined> {
  const paths = crewPaths(root);
  const fileName = basename(sourcePath);
  const stem = taskIdFromFileName(fileName);
  const extension = extensionOf(fileName);
  for (let suffix = 1; ; suffix++) {
    const candidate = `${stem}${suffix === 1 ? "" : `-${suffix}`}${extension}`;
    const taken = await Promise.all(
      [paths.inProgress, paths.completed, paths.failed].map((dir) => pathExists(join(dir, candidate))),
    );
    if (taken.some(Boolean)) continue;
    const id = taskIdFromFileName(candidate);
    if (await reserveRunDir(root, id)) return candidate;
    if (await reservedForSameSource(root, id, relative(root, sourcePath))) return undefined;
  }
}

export async function claimTask(
  root: string,
  sourcePath: string,
  makeRecord: (id: string, fileName: string, source: string) => RunRecord,
): Promise<ClaimResult> {
  const paths = crewPaths(root);
  const fileName = await reserveTaskName(root, sourcePath);
  if (!fileName) return { ok: false, reason: "claimed by another process" };
  const id = taskIdFromFileName(fileName);
  const target = join(paths.inProgress, fileName);
  const abandon = async (reason: string): Promise<ClaimResult> => {
    await releaseRunDir(root, id);
    return { ok: false, reason };
  };
  const record = makeRecord(id, fileName, relative(root, sourcePath));
  await writeRunRecord(root, record);
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
  // The record says "claiming" on disk until the run's first write: recovery tells the two
  // cases apart by whether the inbox file is still there.
  record.state = "claimed";
  return { ok: true, record, path: target };
}
