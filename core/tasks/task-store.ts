/**
 * Reads the task folders: inboxes, `in_progress/`, `completed/`, `failed/`. Parsing is the
 * pure `shared/task-file`; this module only lists, reads and summarises.
 */
import { lstat, readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import type { TaskSummary } from "../../shared/status.js";
import {
  describeProblem,
  isIgnoredFileName,
  isTaskFileName,
  isTaskId,
  MAX_TASK_FILE_BYTES,
  type ParsedTask,
  parseTaskBytes,
  type TaskFields,
  TASK_FILE_EXTENSIONS,
  taskIdFromFileName,
} from "../../shared/task-file.js";
import { mapBounded } from "../fs/bounded.js";
import {
  describeSize,
  kindOf,
  type RegularRead,
  readRegularFile,
  readRegularFileSync,
} from "../fs/regular-file.js";

export interface TaskFileEntry {
  fileName: string;
  path: string;
  mtimeMs: number;
  size: number;
  /**
   * What it is when it is not a plain file (a FIFO, a device, a symlink, a folder under a task's
   * name): listed, so it can be set aside with the reason, but never opened.
   */
  special?: string;
}

export type ReadTask =
  | { ok: true; entry: TaskFileEntry; task: ParsedTask; bytes: Buffer }
  | {
      ok: false;
      entry: TaskFileEntry;
      problem: string;
      /** False for bytes that must not be appended to (binary, not UTF-8, too large). */
      isText: boolean;
      bytes?: Buffer;
    };

/**
 * Task files in a folder (not dotfiles, `.tmp`, `.part` or locks). Nothing is followed or opened
 * here: a symlink or a FIFO under a task's name is listed as not regular.
 */
export async function listTaskFiles(dir: string): Promise<TaskFileEntry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const entries = await mapBounded(
    names.filter((name) => isTaskFileName(name) && !isIgnoredFileName(name)),
    async (fileName) => {
      const path = join(dir, fileName);
      try {
        const info = await lstat(path);
        const entry: TaskFileEntry = { fileName, path, mtimeMs: info.mtimeMs, size: info.size };
        return info.isFile() ? entry : { ...entry, special: kindOf(info) };
      } catch {
        return undefined; // moved away while we listed
      }
    },
  );
  return entries.filter((entry): entry is TaskFileEntry => entry !== undefined);
}

/**
 * The task file `<id>.md|.txt|.task` in `dir`, with its text, if there is one. An id outside
 * the id grammar (a path) names no file; a file that is not a plain one is not read.
 */
export async function findTaskFile(
  dir: string,
  id: string,
): Promise<{ path: string; text: string } | undefined> {
  if (!isTaskId(id)) return undefined;
  for (const extension of TASK_FILE_EXTENSIONS) {
    const path = join(dir, `${id}${extension}`);
    const read = await readRegularFile(path, { maxBytes: MAX_ARCHIVED_BYTES, followSymlinks: false });
    if (read.ok) return { path, text: read.bytes.toString("utf8") };
  }
  return undefined;
}

/** An archived task is its text (at most 1 MB) plus a footer; more is not a file the app wrote. */
const MAX_ARCHIVED_BYTES = MAX_TASK_FILE_BYTES + 64 * 1024;

/**
 * Reads a task file safely: only a plain file (no symlink, FIFO or device), and only up to the
 * task size limit, so a hostile file in an inbox can neither block nor flood the reader.
 */
export async function readTask(entry: TaskFileEntry): Promise<ReadTask | undefined> {
  if (entry.special) return notPlain(entry, entry.special);
  return taskOf(
    entry,
    await readRegularFile(entry.path, { maxBytes: MAX_ARCHIVED_BYTES, followSymlinks: false }),
  );
}

/**
 * The same, in synchronous calls: for a host indexing many small files while its engine keeps
 * the thread pool busy (ARCHITECTURE.md, "File access").
 */
export function readTaskSync(entry: TaskFileEntry): ReadTask | undefined {
  if (entry.special) return notPlain(entry, entry.special);
  return taskOf(
    entry,
    readRegularFileSync(entry.path, { maxBytes: MAX_ARCHIVED_BYTES, followSymlinks: false }),
  );
}

const refuse = (entry: TaskFileEntry, problem: string): ReadTask => ({
  ok: false,
  entry,
  problem,
  isText: false,
});
const notPlain = (entry: TaskFileEntry, kind: string) =>
  refuse(entry, `not a regular file: this is ${kind}; a task file is a plain UTF-8 text file`);

function taskOf(entry: TaskFileEntry, read: RegularRead): ReadTask | undefined {
  if (!read.ok) {
    if (read.why === "missing") return undefined;
    if (read.why === "not-regular") return notPlain(entry, read.kind);
    return refuse(
      entry,
      `the file is ${describeSize(read.size)}; task files are limited to 1 MB: put large context in a file and name it in CONTEXT`,
    );
  }
  const { bytes } = read;
  const parsed = parseTaskBytes(bytes);
  if (parsed.ok) return { ok: true, entry, task: parsed.value, bytes };
  return {
    ok: false,
    entry,
    bytes,
    problem: parsed.problems.map(describeProblem).join("; "),
    isText: !parsed.problems.some((problem) => problem.notText),
  };
}

export function summarizeTask(
  root: string,
  agent: string,
  entry: TaskFileEntry,
  fields: TaskFields,
): TaskSummary {
  return {
    id: taskIdFromFileName(entry.fileName),
    file: relative(root, entry.path),
    agent,
    task: fields.task,
    priority: fields.priority,
    createdAt: new Date(entry.mtimeMs).toISOString(),
    ...(fields.from ? { from: fields.from } : {}),
    ...(fields.expectedOutput ? { expectedOutput: fields.expectedOutput } : {}),
    ...(fields.deadline ? { deadline: fields.deadline } : {}),
    ...(fields.tier === undefined ? {} : { tier: fields.tier }),
  };
}
