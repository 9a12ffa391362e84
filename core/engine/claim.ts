/**
 * Claiming moves a task from its inbox into `in_progress/` so that exactly one claimer wins,
 * even across Switchyard processes. The first step is one atomic rename of the inbox file to
 * a parking name that only this process uses: of two claimers, exactly one rename succeeds,
 * so the loser steps back at once and the task keeps its name. The winner checks the parked
 * bytes are the ones it judged (an approval covers a content, not a name), reserves a task
 * name free in every task folder (an exclusive mkdir of its run folder), writes the run
 * record, and links the parked file under that name. The parking name is a dot-file that
 * says who parked it and where from, so a crash half-way through is undone at start-up; an
 * error half-way through (a full disk) is undone at once. The steps are synchronous calls
 * (ARCHITECTURE.md, "File access").
 */
import { existsSync, linkSync, renameSync, unlinkSync } from "node:fs";
import { mkdir, readdir, stat, unlink } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { taskIdFromFileName } from "../../shared/task-file.js";
import { crewPaths, pathExists } from "../crew-root.js";
import { isPidAlive } from "../process/pid.js";
import {
  type RunRecord,
  readRunRecord,
  releaseRunDir,
  reserveRunDir,
  runDir,
  writeRunRecord,
} from "./run-record.js";

export type ClaimResult =
  | { ok: true; record: RunRecord; path: string }
  | { ok: false; reason: string; changed?: true };

const extensionOf = (fileName: string) => /\.[^.]+$/.exec(fileName)?.[0] ?? ".md";

/**
 * `.claim.<pid>.<inbox folder>.<file name>` in `in_progress/`. The inbox folder's name is
 * percent-encoded (its dots too), so an inbox such as `for_bot.v2` reads back unambiguously.
 */
const PARKED = /^\.claim\.(\d+)\.([^.]+)\.(.+)$/;
const encodeInbox = (name: string) => encodeURIComponent(name).replace(/\./g, "%2E");
const parkingName = (sourcePath: string) =>
  `.claim.${process.pid}.${encodeInbox(basename(dirname(sourcePath)))}.${basename(sourcePath)}`;

/** The parked file's claimer pid, inbox folder and file name, or undefined for another dot-file. */
function parseParkingName(name: string): { pid: number; inbox: string; fileName: string } | undefined {
  const match = PARKED.exec(name);
  if (!match?.[2] || !match[3]) return undefined;
  try {
    const inbox = decodeURIComponent(match[2]);
    return inbox.startsWith("for_") && !/[/\\]/.test(inbox)
      ? { pid: Number(match[1]), inbox, fileName: match[3] }
      : undefined;
  } catch {
    return undefined; // not one of ours
  }
}

/** Reserves `seed.md`, else `seed-2.md`, … : a name free in every task folder, so ids never repeat. */
async function reserveTaskName(root: string, fileName: string): Promise<string> {
  const paths = crewPaths(root);
  const stem = taskIdFromFileName(fileName);
  const extension = extensionOf(fileName);
  for (let suffix = 1; ; suffix++) {
    const candidate = `${stem}${suffix === 1 ? "" : `-${suffix}`}${extension}`;
    const taken = [paths.inProgress, paths.completed, paths.failed].some((dir) =>
      existsSync(join(dir, candidate)),
    );
    if (!taken && reserveRunDir(root, taskIdFromFileName(candidate))) return candidate;
  }
}

/** Puts a parked file back in its inbox under its name, or a free one if that was taken meanwhile. */
async function handBack(parked: string, inbox: string, fileName: string): Promise<string> {
  for (let suffix = 1; ; suffix++) {
    const name =
      suffix === 1 ? fileName : `${taskIdFromFileName(fileName)}-${suffix}${extensionOf(fileName)}`;
    try {
      linkSync(parked, join(inbox, name));
      unlinkSync(parked);
      return join(inbox, name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}

/**
 * Takes an inbox file out of play by the claim's one atomic rename: undefined when another
 * claimer (or the operator's edit) won. The engine claims this way, and so do the operator's
 * cancel and edit of a waiting task, so none of them can act on a task another already took.
 * A process that dies holding a parked file gets it put back at the next start.
 */
export function parkTask(root: string, sourcePath: string): string | undefined {
  const parked = join(crewPaths(root).inProgress, parkingName(sourcePath));
  try {
    renameSync(sourcePath, parked);
    return parked;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

export interface ClaimOptions {
  /** Whether the parked file is still the task that was judged; false hands it back untouched. */
  accept?: (parkedPath: string) => Promise<boolean>;
}

export async function claimTask(
  root: string,
  sourcePath: string,
  makeRecord: (id: string, fileName: string, source: string) => RunRecord,
  options: ClaimOptions = {},
): Promise<ClaimResult> {
  const { inProgress } = crewPaths(root);
  const parked = parkTask(root, sourcePath);
  if (!parked) return { ok: false, reason: "claimed by another process" };
  let reserved: string | undefined;
  try {
    if (options.accept && !(await options.accept(parked))) {
      await handBack(parked, dirname(sourcePath), basename(sourcePath));
      return { ok: false, reason: "the file changed since it was read", changed: true };
    }
    for (;;) {
      const fileName = await reserveTaskName(root, basename(sourcePath));
      const id = taskIdFromFileName(fileName);
      reserved = id;
      const record = makeRecord(id, fileName, relative(root, sourcePath));
      await writeRunRecord(root, record);
      const target = join(inProgress, fileName);
      try {
        linkSync(parked, target);
      } catch (error) {
        // A file of that name was dropped into in_progress/ by hand meanwhile: take the next name.
        if ((error as NodeJS.ErrnoException).code === "EEXIST") continue;
        throw error;
      }
      unlinkSync(parked);
      record.state = "claimed";
      return { ok: true, record, path: target };
    }
  } catch (error) {
    // Undo what this claim did (a full disk, a broken folder): the task waits in its inbox again.
    if (await pathExists(parked))
      await handBack(parked, dirname(sourcePath), basename(sourcePath)).catch(() => undefined);
    if (reserved) await releaseRunDir(root, reserved).catch(() => undefined);
    throw error;
  }
}

/**
 * Undoes claims that a dead process left half-done: a parked file goes back to its inbox,
 * unless it was already linked into `in_progress/` (then only the parking name goes), and the
 * run folder it reserved is released, so the task keeps its name when claimed again.
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
    const parsed = parseParkingName(name);
    if (!parsed || isPidAlive(parsed.pid)) continue;
    const parked = join(inProgress, name);
    const info = await stat(parked).catch(() => undefined);
    if (!info) continue;
    if (inodes.has(info.ino)) {
      await unlink(parked);
      continue;
    }
    const inbox = join(coordination, parsed.inbox);
    await mkdir(inbox, { recursive: true });
    await releaseReservation(root, parsed.pid, relative(root, join(inbox, parsed.fileName)));
    restored.push(relative(root, await handBack(parked, inbox, parsed.fileName)));
  }
  return restored;
}

/**
 * Removes the run folder a dead claimer reserved for `source`, if any: the one whose record
 * says so, or one it died before writing a record into (empty, or only its own temp file).
 */
async function releaseReservation(root: string, pid: number, source: string): Promise<void> {
  const fileName = basename(source);
  for (let suffix = 1; ; suffix++) {
    const id = `${taskIdFromFileName(fileName)}${suffix === 1 ? "" : `-${suffix}`}`;
    if (!existsSync(runDir(root, id))) return;
    const record = await readRunRecord(root, id).catch(() => undefined);
    const reservedByIt = record
      ? record.ownerPid === pid && record.state === "claiming" && record.source === source
      : (await readdir(runDir(root, id))).every((name) => name.startsWith(`.run.json.${pid}.`));
    if (reservedByIt) return releaseRunDir(root, id);
  }
}
