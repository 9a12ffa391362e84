/**
 * Claiming moves a task from its inbox into `in_progress/` so that exactly one claimer wins,
 * even across Switchyard processes. The first step is one atomic rename of the inbox file to
 * a parking name that only this process uses: of two claimers, exactly one rename succeeds,
 * so the loser steps back at once and the task keeps its name. The winner then reserves a
 * task name free in every task folder (an exclusive mkdir of its run folder), writes the run
 * record, and links the parked file under that name. The parking name is a dot-file that
 * says who parked it and where from, so a crash half-way through is undone at start-up.
 */
import { link, readdir, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { taskIdFromFileName } from "../../shared/task-file.js";
import { crewPaths, pathExists } from "../crew-root.js";
import { isPidAlive } from "../process/pid.js";
import { type RunRecord, reserveRunDir, writeRunRecord } from "./run-record.js";

export type ClaimResult = { ok: true; record: RunRecord; path: string } | { ok: false; reason: string };

const extensionOf = (fileName: string) => /\.[^.]+$/.exec(fileName)?.[0] ?? ".md";

/** `.claim.<pid>.<inbox folder>.<file name>` in `in_progress/`. */
const PARKED = /^\.claim\.(\d+)\.(for_[^.]+)\.(.+)$/;
const parkingName = (sourcePath: string) =>
  `.claim.${process.pid}.${basename(dirname(sourcePath))}.${basename(sourcePath)}`;

/** Reserves `seed.md`, else `seed-2.md`, … : a name free in every task folder, so ids never repeat. */
async function reserveTaskName(root: string, fileName: string): Promise<string> {
  const paths = crewPaths(root);
  const stem = taskIdFromFileName(fileName);
  const extension = extensionOf(fileName);
  for (let suffix = 1; ; suffix++) {
    const candidate = `${stem}${suffix === 1 ? "" : `-${suffix}`}${extension}`;
    const taken = await Promise.all(
      [paths.inProgress, paths.completed, paths.failed].map((dir) => pathExists(join(dir, candidate))),
    );
    if (!taken.some(Boolean) && (await reserveRunDir(root, taskIdFromFileName(candidate)))) return candidate;
  }
}

export async function claimTask(
  root: string,
  sourcePath: string,
  makeRecord: (id: string, fileName: string, source: string) => RunRecord,
): Promise<ClaimResult> {
  const { inProgress } = crewPaths(root);
  const parked = join(inProgress, parkingName(sourcePath));
  try {
    await rename(sourcePath, parked);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      return { ok: false, reason: "claimed by another process" };
    throw error;
  }
  for (;;) {
    const fileName = await reserveTaskName(root, basename(sourcePath));
    const id = taskIdFromFileName(fileName);
    const record = makeRecord(id, fileName, relative(root, sourcePath));
    await writeRunRecord(root, record);
    const target = join(inProgress, fileName);
    try {
      await link(parked, target);
    } catch (error) {
      // A file of that name was dropped into in_progress/ by hand meanwhile: take the next name.
      if ((error as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw error;
    }
    await unlink(parked);
    record.state = "claimed";
    return { ok: true, record, path: target };
  }
}

/**
 * Undoes claims that a dead process left half-done: a parked file goes back to its inbox,
 * unless it was already linked into `in_progress/` (then only the parking name goes).
 */
export async function recoverParkedClaims(root: string): Promise<string[]> {
  const { inProgress, coordination } = crewPaths(root);
  const restored: string[] = [];
  const names = await readdir(inProgress).catch(() => [] as string[]);
  const inodes = new Set<number>();
  for (const name of names)
    if (!name.startsWith("."))
      inodes.add((await stat(join(inProgress, name)).catch(() => undefined))?.ino ?? -1);
  for (const name of names) {
    const match = PARKED.exec(name);
    if (!match || isPidAlive(Number(match[1]))) continue;
    const parked = join(inProgress, name);
    const info = await stat(parked).catch(() => undefined);
    if (!info) continue;
    if (inodes.has(info.ino)) {
      await unlink(parked);
      continue;
    }
    const inbox = join(coordination, match[2] ?? "");
    let target = join(inbox, match[3] ?? name);
    for (let suffix = 2; await pathExists(target); suffix++)
      target = join(
        inbox,
        `${taskIdFromFileName(match[3] ?? name)}-${suffix}${extensionOf(match[3] ?? name)}`,
      );
    await rename(parked, target);
    restored.push(relative(root, target));
  }
  return restored;
}
