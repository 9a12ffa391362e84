/**
 * Reads the task folders: inboxes, `in_progress/`, `completed/`, `failed/`. Parsing is the
 * pure `shared/task-file`; this module only lists, reads and summarises.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import type { ArchivedTask, TaskSummary } from "../../shared/status.js";
import {
  describeProblem,
  footerOf,
  isIgnoredFileName,
  isTaskFileName,
  type ParsedTask,
  parseTaskBytes,
  TASK_FILE_EXTENSIONS,
  taskIdFromFileName,
} from "../../shared/task-file.js";
import { readIfExists } from "../fs/read-if-exists.js";

export interface TaskFileEntry {
  fileName: string;
  path: string;
  mtimeMs: number;
  size: number;
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

/** Task files in a folder (not dotfiles, `.tmp`, `.part`, locks or other kinds of file). */
export async function listTaskFiles(dir: string): Promise<TaskFileEntry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const entries = await Promise.all(
    names
      .filter((name) => isTaskFileName(name) && !isIgnoredFileName(name))
      .map(async (fileName) => {
        const path = join(dir, fileName);
        try {
          const info = await stat(path);
          return info.isFile() ? { fileName, path, mtimeMs: info.mtimeMs, size: info.size } : undefined;
        } catch {
          return undefined; // moved away while we listed
        }
      }),
  );
  return entries.filter((entry): entry is TaskFileEntry => entry !== undefined);
}

/** The task file `<id>.md|.txt|.task` in `dir`, with its text, if there is one. */
export async function findTaskFile(
  dir: string,
  id: string,
): Promise<{ path: string; text: string } | undefined> {
  for (const extension of TASK_FILE_EXTENSIONS) {
    const path = join(dir, `${id}${extension}`);
    const text = await readIfExists(path);
    if (text !== undefined) return { path, text };
  }
  return undefined;
}

export async function readTask(entry: TaskFileEntry): Promise<ReadTask | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(entry.path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
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
  task: ParsedTask,
): TaskSummary {
  const { fields } = task;
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

/** Finished tasks with their footers; a file that never parsed reports its reason. */
export async function listArchived(root: string, dir: string): Promise<ArchivedTask[]> {
  const entries = await listTaskFiles(dir);
  const tasks = await Promise.all(
    entries.map(async (entry): Promise<ArchivedTask | undefined> => {
      const read = await readTask(entry);
      if (!read) return undefined;
      const base = {
        id: taskIdFromFileName(entry.fileName),
        file: relative(root, entry.path),
        finishedAt: new Date(entry.mtimeMs).toISOString(),
      };
      if (!read.ok) {
        const footer = read.bytes ? footerOf(read.bytes.toString("utf8")) : undefined;
        return { ...base, problem: footer?.reason ?? read.problem, ...(footer ? { footer } : {}) };
      }
      return {
        ...base,
        task: read.task.fields.task,
        ...(read.task.footer
          ? { footer: read.task.footer, finishedAt: read.task.footer.finished ?? base.finishedAt }
          : {}),
      };
    }),
  );
  return tasks
    .filter((task): task is ArchivedTask => task !== undefined)
    .sort((a, b) => b.finishedAt.localeCompare(a.finishedAt));
}
