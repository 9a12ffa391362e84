/**
 * A run record (`.switchyard/runs/<task-id>/run.json`) is the engine's memory of one task:
 * where it came from, which session and attempts it had, and how far archiving got. It is
 * written before each step that a crash could interrupt, so a restart knows what to finish.
 */
import { mkdirSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { z } from "zod";
import { PermissionDecisionSchema } from "../../shared/sessions.js";
import { isTaskId, ResultFooterSchema } from "../../shared/task-file.js";
import { crewPaths } from "../crew-root.js";
import { writeAtomic } from "../fs/atomic-write.js";
import { isMissing, readIfExists } from "../fs/read-if-exists.js";
import { readFileTail } from "../fs/regular-file.js";

/** Enough of a log's end for the window's last lines, however large the log grew. */
const LOG_TAIL_BYTES = 256 * 1024;

export const AttemptSchema = z.object({
  attempt: z.number(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  pid: z.number().optional(),
  exitCode: z.number().optional(),
  signal: z.string().optional(),
  killedFor: z.string().optional(),
  costUsd: z.number().default(0),
  outcome: z.string().optional(),
  /** False for attempts that were not the worker's fault (a shutdown, a session to start afresh). */
  counts: z.boolean().default(true),
  /** The tag in the worker's environment, by which its leftover processes are found (process-tree.ts). */
  tag: z.string().optional(),
  /** Set when the worker printed more than is kept: "kept the first 64 MB of 600 MB". */
  stdoutCapped: z.string().optional(),
  stderrCapped: z.string().optional(),
});

/** One answer to a worker's request for a tool outside its permission mode (SPEC §10). */
export const PermissionEntrySchema = z.object({
  requestedAt: z.string(),
  decidedAt: z.string(),
  tool: z.string(),
  /** The tool's input in one line, as the operator saw it. */
  input: z.string(),
  decision: PermissionDecisionSchema,
  /** "operator", "timeout", "allowed for this task", "the host stopped". */
  by: z.string(),
  attempt: z.number().optional(),
});
export type PermissionEntry = z.infer<typeof PermissionEntrySchema>;

export const RunRecordSchema = z.object({
  id: z.string(),
  agent: z.string(),
  /** The inbox file the task was claimed from (root-relative). */
  source: z.string(),
  /** The task's file name in `in_progress/` (and later in completed/ or failed/). */
  fileName: z.string(),
  state: z.enum(["claiming", "claimed", "running", "archiving", "done", "failed"]),
  /** The process that owns this run; another live owner's runs are never touched. */
  ownerPid: z.number(),
  route: z.object({ tier: z.number(), model: z.string(), reason: z.string() }),
  sessionId: z.string(),
  /** True once the worker's stream showed the session exists, so a retry can `--resume` it. */
  sessionStarted: z.boolean().default(false),
  attempts: z.array(AttemptSchema).default([]),
  locks: z.array(z.string()).default([]),
  startedAt: z.string(),
  workerCommand: z.string().optional(),
  footer: ResultFooterSchema.optional(),
  archivedAs: z.string().optional(),
  mindUpdated: z.boolean().default(false),
  /** Absent in records written before permission prompts existed. */
  permissions: z.array(PermissionEntrySchema).optional(),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;
export type AttemptRecord = z.infer<typeof AttemptSchema>;

/** A run's folder; an id outside the id grammar is a bug here (requests are checked at the edge). */
export function runDir(root: string, id: string): string {
  if (!isTaskId(id)) throw new Error(`not a task id: ${JSON.stringify(id)}`);
  return join(crewPaths(root).runs, id);
}
const recordPath = (root: string, id: string) => join(runDir(root, id), "run.json");

export async function writeRunRecord(root: string, record: RunRecord): Promise<void> {
  await writeAtomic(recordPath(root, record.id), `${JSON.stringify(record, null, 2)}\n`, { durable: false });
}

export async function readRunRecord(root: string, id: string): Promise<RunRecord | undefined> {
  try {
    const text = await readIfExists(recordPath(root, id));
    return text === undefined ? undefined : RunRecordSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new Error(`run record ${id} is unreadable: ${(error as Error).message}`);
  }
}

/** Reserves a run folder for `id`; false when another claimer (or an older run) has it. */
export function reserveRunDir(root: string, id: string): boolean {
  try {
    mkdirSync(runDir(root, id));
    return true;
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === "EEXIST") return false;
    if (code !== "ENOENT") throw error;
  }
  mkdirSync(crewPaths(root).runs, { recursive: true }); // the first run of this crew
  return reserveRunDir(root, id);
}

export const releaseRunDir = (root: string, id: string) =>
  rm(runDir(root, id), { recursive: true, force: true });

/** The newest attempt's number, or 0 before the first. */
async function newestAttempt(root: string, id: string): Promise<number> {
  const names = await readdir(runDir(root, id)).catch((error: unknown) => {
    if (isMissing(error)) return [];
    throw error;
  });
  return Math.max(0, ...names.map((name) => Number(/^attempt-(\d+)\.stdout\.jsonl$/.exec(name)?.[1] ?? 0)));
}

/** The last lines of the newest attempt's stdout (its stream) or stderr, for the task's detail. */
export async function readAttemptTail(
  root: string,
  id: string,
  stream: "stdout" | "stderr",
  lines: number,
): Promise<{ attempt: number; lines: string[] } | undefined> {
  if (!isTaskId(id)) return undefined;
  const attempt = await newestAttempt(root, id);
  if (attempt === 0) return undefined;
  const file = join(
    runDir(root, id),
    stream === "stdout" ? `attempt-${attempt}.stdout.jsonl` : `attempt-${attempt}.stderr.log`,
  );
  const text = (await readFileTail(file, LOG_TAIL_BYTES))?.toString("utf8");
  if (!text?.trim()) return undefined;
  return { attempt, lines: text.replace(/\n$/, "").split("\n").slice(-lines) };
}

/** The run records claimed from an inbox file `<id>.*` under another name (`<id>-2`), newest first. */
export async function runsClaimedFrom(root: string, id: string): Promise<RunRecord[]> {
  if (!isTaskId(id)) return [];
  const names = await readdir(crewPaths(root).runs).catch((error: unknown) => {
    if (isMissing(error)) return [];
    throw error;
  });
  const candidates = names.filter(
    (name) => name.startsWith(`${id}-`) && /^\d+$/.test(name.slice(id.length + 1)),
  );
  const records = await Promise.all(
    candidates.map((name) => readRunRecord(root, name).catch(() => undefined)),
  );
  return records
    .filter(
      (record): record is RunRecord => record !== undefined && basename(record.source).startsWith(`${id}.`),
    )
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}
