/**
 * Runs one claimed task to its end: attempts (resuming the same session after a crash,
 * timeout or hang), the judgement of each attempt against evidence, the ledger, and the
 * archive with its footer, then the observational SHARED_MIND.md update and a notification.
 */
import { randomUUID } from "node:crypto";
import { join, relative, resolve } from "node:path";
import type { Config } from "../../shared/config.js";
import {
  MAX_TASK_FILE_BYTES,
  parseTaskFile,
  type ResultFooter,
  type TaskFields,
} from "../../shared/task-file.js";
import { emptyProgress, resultLine, type WorkerProgress } from "../../shared/worker-stream.js";
import { taskOutcomeNotification } from "../agent/outcome-report.js";
import { appendLedger } from "../costs/ledger.js";
import { crewPaths } from "../crew-root.js";
import { readIfExists } from "../fs/read-if-exists.js";
import { readRegularFileSync } from "../fs/regular-file.js";
import type { Notifier } from "../notify/notifier.js";
import { archiveTask, freeNameIn } from "./archive.js";
import { outcomeLine, recordOutcomeInMind } from "./record-in-mind.js";
import {
  type AttemptRecord,
  type PermissionEntry,
  type RunRecord,
  runDir,
  writeRunRecord,
} from "./run-record.js";
import { verifyOutput } from "./verify-output.js";
import { buildLaunch } from "./worker-launch.js";
import { type KillReason, startWorker, type WorkerExit, type WorkerHandle } from "./worker-process.js";
import type { MindReader } from "./mind-slice.js";
import { readUsageLimit, type UsageLimit } from "./usage-limit.js";
import { workerPrompt } from "./worker-prompt.js";

export interface RunContext {
  root: string;
  /** Read when each attempt starts and when the run finishes, so a changed config applies to the next attempt. */
  config: () => Config;
  notifier: Notifier;
  now: () => Date;
  onProgress: (run: TaskRun) => void;
  /** SHARED_MIND.md for prompts, parsed once per version of the file. */
  mind: MindReader;
}

/** "held": the worker hit its tier's subscription usage limit; the run waits for the reset. */
export type RunOutcome = "done" | "failed" | "interrupted" | "held";

/** Smallest time a task gets even when its DEADLINE is (nearly) past. */
const MIN_ATTEMPT_MS = 60_000;

/** Attempts that count toward `maxAttempts`: a shutdown or a crash of Switchyard itself is not the worker's fault. */
export const countedAttempts = (record: RunRecord): number =>
  record.attempts.filter((attempt) => attempt.counts).length;

/** The CLI's answer to `--resume` of a session it never saved (the worker died before its first turn). */
const SESSION_NOT_SAVED = /No conversation found with session ID/;

type Verdict = { ok: true; output?: string } | { ok: false; reason: string; blocksWorker?: boolean };

/** The CLI's error code when it has no valid login or API key (its own words follow in the result). */
const NOT_LOGGED_IN = "authentication_failed";

export class TaskRun {
  progress: WorkerProgress = emptyProgress();
  /**
   * What follows the archive (the SHARED_MIND.md outcome, the notification): it runs after
   * `execute` returns, so the worker's slot is free while it is written.
   */
  aftermath: Promise<void> | undefined;
  /** Set when the run failed because of the worker command itself (every task on it would fail). */
  blocker: string | undefined;
  private handle: WorkerHandle | undefined;
  private interruptedBy: KillReason | undefined;
  /** Set while a permission request of this task waits for the operator. */
  waitingOnOperator = false;
  /** The usage limit the last attempt hit, when `execute` returned "held". */
  heldBy: UsageLimit | undefined;

  constructor(
    private readonly context: RunContext,
    readonly record: RunRecord,
    readonly fields: TaskFields,
  ) {}

  get pid(): number | undefined {
    return this.handle?.pid;
  }

  get inProgressPath(): string {
    return join(crewPaths(this.context.root).inProgress, this.record.fileName);
  }

  /** Keeps the operator's answer to a permission request with the run (SPEC §10). */
  async recordPermission(entry: PermissionEntry): Promise<void> {
    this.record.permissions = [
      ...(this.record.permissions ?? []),
      { ...entry, attempt: this.record.attempts.length },
    ];
    await this.save();
  }

  /** A worker waiting for the operator is silent on purpose: the hang watchdog waits too. */
  setWaitingOnOperator(waiting: boolean): void {
    this.waitingOnOperator = waiting;
    this.handle?.pauseHangCheck(waiting);
  }

  /** Ends the current attempt; "shutdown" leaves the task to be resumed on the next start. */
  stop(reason: KillReason): void {
    this.interruptedBy = reason;
    this.handle?.kill(reason);
  }

  async execute(): Promise<RunOutcome> {
    let previousFailure = this.record.attempts.at(-1)?.outcome;
    // A resumed run may have used up its attempts already (each one brought its host down).
    if (countedAttempts(this.record) >= this.context.config().worker.maxAttempts)
      return this.finish({ status: "failed", reason: previousFailure ?? "no attempts left" });
    while (!this.interruptedBy) {
      const exit = await this.runAttempt(previousFailure);
      const attempt = this.record.attempts.at(-1) as AttemptRecord;
      if (exit.killedFor === "shutdown" || exit.killedFor === "cancelled") {
        attempt.outcome = "interrupted";
        attempt.counts = false;
        await this.save();
        return "interrupted";
      }
      const limit = this.usageLimitOf(exit);
      if (limit) {
        // Not the task's failure: the tier waits for its reset, and this run with it.
        attempt.outcome = `held: ${limit.text}`;
        attempt.counts = false;
        this.heldBy = limit;
        await this.save();
        return "held";
      }
      const verdict = await this.judge(exit);
      if (!verdict.ok && SESSION_NOT_SAVED.test(verdict.reason)) {
        // Nothing to resume: start the task in a fresh session, without charging an attempt.
        attempt.outcome = "session was never saved; starting a fresh one";
        attempt.counts = false;
        this.record.sessionStarted = false;
        await this.save();
        continue;
      }
      attempt.outcome = verdict.ok ? "done" : verdict.reason;
      // A final verdict is saved with the footer by finish(); only a retry saves it alone.
      if (verdict.ok) return this.finish({ status: "done", output: verdict.output });
      if (verdict.blocksWorker) this.blocker = verdict.reason;
      const retryable =
        !verdict.blocksWorker && countedAttempts(this.record) < this.context.config().worker.maxAttempts;
      if (!retryable) return this.finish({ status: "failed", reason: verdict.reason });
      await this.save();
      previousFailure = verdict.reason;
    }
    return "interrupted";
  }

  private async runAttempt(previousFailure: string | undefined): Promise<WorkerExit> {
    const { root, now } = this.context;
    const config = this.context.config();
    const record = this.record;
    const resume = record.sessionStarted;
    if (!resume && record.attempts.length > 0) record.sessionId = randomUUID(); // the old id may be half-created
    const number = record.attempts.length + 1;
    const dir = runDir(root, record.id);
    const checkpoint = relative(root, join(dir, "checkpoint.md"));
    const taskFile = relative(root, this.inProgressPath);
    const prompt = () =>
      workerPrompt({
        agent: record.agent,
        taskFile,
        taskText: this.taskText(),
        sharedMind: this.context.mind.slice(record.agent, this.taskText(), config.worker.sharedMindTokens)
          .text,
        checkpoint,
        attempt: countedAttempts(record) + 1,
        maxAttempts: config.worker.maxAttempts,
        ...(this.fields.expectedOutput ? { expectedOutput: this.fields.expectedOutput } : {}),
        ...(previousFailure ? { previousFailure } : {}),
      });
    const launch = buildLaunch({
      config,
      tier: record.route.tier,
      model: record.route.model,
      sessionId: record.sessionId,
      resume,
      prompt,
      root,
      taskFile: this.inProgressPath,
      taskId: record.id,
      agent: record.agent,
      checkpoint: resolve(root, checkpoint),
      ...(this.fields.expectedOutput ? { expectedOutput: resolve(root, this.fields.expectedOutput) } : {}),
    });
    record.state = "running";
    record.workerCommand = launch.command;
    const tag = randomUUID();
    record.attempts.push({ attempt: number, startedAt: now().toISOString(), costUsd: 0, counts: true, tag });
    const attempt = record.attempts.at(-1) as AttemptRecord;
    // Saved before the spawn: a worker that takes Switchyard down at once still used an attempt.
    await this.save();
    this.progress = emptyProgress();
    this.handle = startWorker({
      launch,
      tag,
      cwd: root,
      stdoutFile: join(dir, `attempt-${number}.stdout.jsonl`),
      stderrFile: join(dir, `attempt-${number}.stderr.log`),
      timeoutMs: this.attemptTimeoutMs(),
      hangMs: config.worker.hangSeconds * 1000,
      onProgress: (progress) => this.onProgress(progress),
    });
    if (this.interruptedBy) this.handle.kill(this.interruptedBy); // stopped while it was starting
    if (this.handle.pid) {
      attempt.pid = this.handle.pid;
      await this.save();
    }
    const exit = await this.handle.done;
    attempt.endedAt = now().toISOString();
    attempt.costUsd = exit.progress.costUsd;
    if (exit.stdoutCapped) attempt.stdoutCapped = exit.stdoutCapped;
    if (exit.stderrCapped) attempt.stderrCapped = exit.stderrCapped;
    if (exit.exitCode !== undefined) attempt.exitCode = exit.exitCode;
    if (exit.signal) attempt.signal = exit.signal;
    if (exit.killedFor) attempt.killedFor = exit.killedFor;
    await appendLedger(root, {
      at: attempt.endedAt,
      taskId: record.id,
      agent: record.agent,
      tier: record.route.tier,
      model: record.route.model,
      attempt: number,
      costUsd: exit.progress.costUsd,
      ...(exit.progress.sessionId ? { sessionId: exit.progress.sessionId } : {}),
      ...(exit.progress.result?.usage ? { usage: exit.progress.result.usage } : {}),
      ...(exit.progress.result?.modelUsage ? { modelUsage: exit.progress.result.modelUsage } : {}),
    });
    return exit;
  }

  /** The task file as claimed (the engine never edits it): a plain file, at most a task's size. */
  private taskText(): string {
    const read = readRegularFileSync(this.inProgressPath, {
      maxBytes: MAX_TASK_FILE_BYTES,
      followSymlinks: false,
    });
    return read.ok ? read.bytes.toString("utf8") : `TASK: ${this.fields.task}`;
  }

  private onProgress(progress: WorkerProgress): void {
    this.progress = progress;
    if (progress.sessionId === this.record.sessionId && !this.record.sessionStarted) {
      this.record.sessionStarted = true;
      void this.save();
    }
    this.context.onProgress(this);
  }

  private attemptTimeoutMs(): number {
    const configured = this.context.config().worker.timeoutSeconds * 1000;
    if (!this.fields.deadlineAt) return configured;
    const untilDeadline = Date.parse(this.fields.deadlineAt) - this.context.now().getTime();
    return Math.min(configured, Math.max(MIN_ATTEMPT_MS, untilDeadline));
  }

  /** The subscription usage limit a failed attempt reported, if that is why it failed. */
  private usageLimitOf(exit: WorkerExit): UsageLimit | undefined {
    const failed = exit.exitCode !== 0 || exit.progress.result?.isError;
    if (!failed || exit.spawnError || exit.killedFor) return undefined;
    return readUsageLimit(`${resultLine(exit.progress)}\n${exit.stderrTail}`, this.context.now());
  }

  /** Whether an attempt succeeded, judged on exit status and the expected output on disk. */
  private async judge(exit: WorkerExit): Promise<Verdict> {
    const config = this.context.config();
    if (exit.spawnError)
      return { ok: false, reason: `could not start the worker: ${exit.spawnError}`, blocksWorker: true };
    if (exit.progress.apiError === NOT_LOGGED_IN)
      return {
        ok: false,
        blocksWorker: true,
        reason: `Claude Code is not logged in ("${resultLine(exit.progress)}"): run \`claude\` in a terminal and type /login, or set ANTHROPIC_API_KEY under worker.env in switchyard.json; then retry this task`,
      };
    if (exit.killedFor === "timeout")
      return { ok: false, reason: `timed out after ${Math.round(this.attemptTimeoutMs() / 1000)} s` };
    if (exit.killedFor === "hang")
      return { ok: false, reason: `hung: no output for ${config.worker.hangSeconds} s` };
    if (exit.signal) return { ok: false, reason: `crashed: killed by ${exit.signal}` };
    const said = resultLine(exit.progress);
    if (exit.exitCode !== 0) {
      const detail = said || exit.stderrTail.trim().split("\n").at(-1) || "no message";
      return { ok: false, reason: `exited with code ${exit.exitCode}: ${detail}` };
    }
    if (exit.progress.result?.isError) return { ok: false, reason: `the worker reported an error: ${said}` };
    const expected = this.fields.expectedOutput;
    if (!expected) return { ok: true };
    const check = await verifyOutput(this.context.root, expected);
    if (!check.ok)
      return {
        ok: false,
        reason: `the worker reported success${said ? ` ("${said}")` : ""} but ${check.reason}`,
      };
    return { ok: true, output: `${expected} (verified, ${check.bytes} bytes)` };
  }

  private async finish(
    result: { status: "done"; output?: string } | { status: "failed"; reason: string },
  ): Promise<RunOutcome> {
    const { root, now } = this.context;
    const record = this.record;
    const footer: ResultFooter = {
      status: result.status,
      agent: record.agent,
      tier: record.route.tier,
      model: record.route.model,
      attempts: countedAttempts(record),
      started: record.attempts[0]?.startedAt ?? record.startedAt,
      finished: now().toISOString(),
      costUsd: record.attempts.reduce((sum, attempt) => sum + attempt.costUsd, 0),
      session: record.sessionId,
      ...(result.status === "done" && result.output ? { output: result.output } : {}),
      ...(resultLine(this.progress) ? { result: resultLine(this.progress) } : {}),
      ...(result.status === "failed" ? { reason: result.reason } : {}),
    };
    const { completed, failed } = crewPaths(root);
    record.footer = footer;
    record.archivedAs = freeNameIn(result.status === "done" ? completed : failed, record.fileName);
    record.state = "archiving";
    await this.save();
    const archived = await archiveRecorded(root, record);
    this.aftermath = recordAftermath(this.context, record, archived, this.fields);
    return result.status;
  }

  private save(): Promise<void> {
    return writeRunRecord(this.context.root, this.record);
  }
}

/**
 * The steps after the verdict, each safe to repeat: archive, update SHARED_MIND.md, mark the
 * record, notify. Recovery calls this for a run that crashed half-way through.
 */
export async function completeArchive(
  context: Pick<RunContext, "root" | "config" | "notifier">,
  record: RunRecord,
): Promise<void> {
  const archived = await archiveRecorded(context.root, record);
  await recordAftermath(context, record, archived);
}

/** Moves the task to completed/ or failed/ with its footer (a no-op when already there). */
async function archiveRecorded(root: string, record: RunRecord): Promise<string> {
  const footer = record.footer;
  if (!footer || !record.archivedAs) throw new Error(`run ${record.id} has no verdict to archive`);
  return archiveTask(root, join(crewPaths(root).inProgress, record.fileName), footer, record.archivedAs);
}

/**
 * The outcome in SHARED_MIND.md, then the record marked finished (one write: until it lands,
 * recovery repeats these steps), then the notification.
 */
async function recordAftermath(
  context: Pick<RunContext, "root" | "config" | "notifier">,
  record: RunRecord,
  archived: string,
  taskFields?: TaskFields,
): Promise<void> {
  const { root, config, notifier } = context;
  const footer = record.footer;
  if (!footer) return;
  if (record.state === "archiving") record.state = footer.status;
  if (record.mindUpdated) return writeRunRecord(root, record);
  const cost = `$${(footer.costUsd ?? 0).toFixed(2)}`;
  const outcome =
    footer.status === "done"
      ? `done${footer.output ? `, ${footer.output}` : ""} (${cost})`
      : `failed: ${footer.reason} (${cost})`;
  const fields = taskFields ?? (await archivedFields(archived));
  // The result is archived already: a SHARED_MIND.md that cannot be written (busy, broken) is
  // told to the operator, and never holds the task (or its locks) back.
  const recorded = await recordOutcomeInMind(
    root,
    record.agent,
    outcomeLine(footer.finished ?? "", record.id, fields?.task ?? "(task)", outcome),
    config().locks.staleAfterMinutes,
  ).then(
    () => undefined,
    (error: Error) => error,
  );
  if (recorded)
    await notifier.notify({
      kind: "info",
      priority: "high",
      title: `Could not record ${record.id}'s outcome in SHARED_MIND.md`,
      body: `${recorded.message}. The result itself is archived; add the outcome by hand if others need it: ${outcome}`,
      taskId: record.id,
      where: "SHARED_MIND.md",
    });
  record.mindUpdated = true;
  await writeRunRecord(root, record);
  await notifier.notify(
    await taskOutcomeNotification(root, {
      id: record.id,
      agent: record.agent,
      footer,
      fields,
      archived: relative(root, archived),
    }),
  );
}

async function archivedFields(archivedPath: string): Promise<TaskFields | undefined> {
  const text = await readIfExists(archivedPath).catch(() => undefined);
  const parsed = text === undefined ? undefined : parseTaskFile(text);
  return parsed?.ok ? parsed.value.fields : undefined;
}
