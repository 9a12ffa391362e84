/**
 * One attempt of one worker: spawned without a shell in its own process group, tagged so that
 * everything it starts can be found again (process-tree.ts), its raw stdout/stderr kept under
 * the run folder up to a cap, its stream folded into live progress, and a watchdog for the
 * wall-clock timeout and for hangs (no output). The attempt ends when the worker exits: a
 * child that still holds its pipes gets a short grace, then the pipes are closed and every
 * process the worker left behind is ended.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import {
  applyStreamLine,
  emptyProgress,
  type StreamMemory,
  type WorkerProgress,
} from "../../shared/worker-stream.js";
import { processStartTicks, signalWorkerTree, WORKER_TAG_VARIABLE } from "../process/process-tree.js";
import type { Launch } from "./worker-launch.js";

export type KillReason = "timeout" | "hang" | "shutdown" | "cancelled";

export interface WorkerExit {
  exitCode?: number;
  signal?: string;
  /** Set when Switchyard ended the worker, and why. */
  killedFor?: KillReason;
  /** When the command could not be started at all. */
  spawnError?: string;
  progress: WorkerProgress;
  stderrTail: string;
  durationMs: number;
  /** Set when a stream printed more than is kept: what was kept of how much. */
  stdoutCapped?: string;
  stderrCapped?: string;
}

export interface WorkerHandle {
  pid: number | undefined;
  /** The tag in the worker's environment that marks every process it starts. */
  tag: string;
  done: Promise<WorkerExit>;
  kill(reason: KillReason): void;
  /** While the worker waits for the operator it prints nothing: that is not a hang. */
  pauseHangCheck(paused: boolean): void;
}

export interface StartWorkerOptions {
  launch: Launch;
  /** Marks every process of this attempt (recorded before the spawn, so a crash cannot lose it). */
  tag: string;
  cwd: string;
  stdoutFile: string;
  stderrFile: string;
  timeoutMs: number;
  hangMs: number;
  onProgress?: (progress: WorkerProgress) => void;
  now?: () => number;
}

/** Grace between SIGTERM and SIGKILL for the process tree. */
const KILL_GRACE_MS = 3_000;
/** After the worker exits, how long a child holding its pipes may keep writing. */
const PIPE_GRACE_MS = 1_000;
const STDERR_TAIL_CHARS = 2_000;
/** What is kept of each stream per attempt; the rest is counted, not stored. */
export const KEPT_STDOUT_BYTES = 64 * 1024 * 1024;
export const KEPT_STDERR_BYTES = 8 * 1024 * 1024;
/** A stream-json line longer than this is no progress event anyone needs; it is skipped, not buffered. */
const MAX_LINE_CHARS = 8 * 1024 * 1024;

const MB = 1024 * 1024;
const cappedNote = (kept: number, total: number) =>
  `kept the first ${Math.round(kept / MB)} MB of ${Math.round(total / MB)} MB`;

/** Writes a stream to its file up to `limit` bytes, counting all of it. */
class CappedLog {
  /** Opened on the first byte: a worker that prints nothing leaves no empty file behind. */
  private file: WriteStream | undefined;
  kept = 0;
  total = 0;

  constructor(
    private readonly path: string,
    private readonly limit: number,
  ) {}

  write(chunk: Buffer): void {
    this.total += chunk.length;
    const room = this.limit - this.kept;
    if (room <= 0) return;
    const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.kept += part.length;
    if (!this.file) {
      this.file = createWriteStream(this.path, { flags: "a" });
      this.file.on("error", () => undefined); // a full disk loses the log, never the attempt
    }
    this.file.write(part);
  }

  note(): string | undefined {
    return this.total > this.kept ? cappedNote(this.kept, this.total) : undefined;
  }

  close(): Promise<void> {
    const file = this.file;
    return new Promise((resolve) => (file ? file.end(resolve) : resolve()));
  }
}

/** Splits a stream into lines without ever holding one longer than MAX_LINE_CHARS. */
function lineSplitter(onLine: (line: string) => void): (chunk: Buffer) => void {
  let partial = "";
  let skipping = false;
  return (chunk) => {
    const parts = chunk.toString("utf8").split("\n");
    const last = parts.pop() ?? "";
    for (const part of parts) {
      if (!skipping) onLine((partial + part).replace(/\r$/, ""));
      partial = "";
      skipping = false;
    }
    if (skipping) return;
    partial += last;
    if (partial.length > MAX_LINE_CHARS) {
      partial = "";
      skipping = true;
    }
  };
}

export function startWorker(options: StartWorkerOptions): WorkerHandle {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const { tag } = options;
  let spawnError: string | undefined;
  let child: ChildProcess;
  try {
    child = spawn(options.launch.command, options.launch.args, {
      cwd: options.cwd,
      env: { ...options.launch.env, [WORKER_TAG_VARIABLE]: tag },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    // Arguments the OS refuses (a NUL byte, an argument list too long) throw at once.
    return failedToStart(options, (error as NodeJS.ErrnoException).code, tag, now() - startedAt);
  }
  // Read before the event loop runs again, so even a worker that already exited is there (unreaped).
  const startTicks = processStartTicks(child.pid);
  const sweep = (name: NodeJS.Signals) => signalWorkerTree(child.pid, tag, name, startTicks);
  const stdout = new CappedLog(options.stdoutFile, KEPT_STDOUT_BYTES);
  const stderr = new CappedLog(options.stderrFile, KEPT_STDERR_BYTES);
  let progress = emptyProgress();
  const memory: StreamMemory = new Map();
  let lastOutputAt = startedAt;
  let stderrTail = "";
  let killedFor: KillReason | undefined;
  let hangPaused = false;

  const onStdoutLine = lineSplitter((line) => {
    progress = applyStreamLine(progress, line, memory);
    options.onProgress?.(progress);
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    lastOutputAt = now();
    stdout.write(chunk);
    onStdoutLine(chunk);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    lastOutputAt = now();
    stderr.write(chunk);
    stderrTail = (stderrTail + chunk.subarray(-STDERR_TAIL_CHARS).toString("utf8")).slice(-STDERR_TAIL_CHARS);
  });

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("error", (error: NodeJS.ErrnoException) => {
      if (child.pid === undefined) {
        spawnError = describeSpawnError(options.launch.command, error.code);
        resolve({ code: null, signal: null });
      }
    });
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const pipesClosed = Promise.all(
    [child.stdout, child.stderr].map(
      (stream) =>
        new Promise<void>((resolve) => (stream ? stream.once("close", () => resolve()) : resolve())),
    ),
  );

  let forceKill: NodeJS.Timeout | undefined;
  const kill = (reason: KillReason) => {
    if (killedFor) return;
    killedFor = reason;
    void sweep("SIGTERM");
    forceKill = setTimeout(() => void sweep("SIGKILL"), KILL_GRACE_MS);
  };
  const watchdog = setInterval(
    () => {
      const at = now();
      if (at - startedAt >= options.timeoutMs) kill("timeout");
      else if (!hangPaused && at - lastOutputAt >= options.hangMs) kill("hang");
    },
    Math.max(50, Math.min(1_000, options.hangMs / 4, options.timeoutMs / 4)),
  );

  const done = (async (): Promise<WorkerExit> => {
    const result = await exited;
    clearInterval(watchdog);
    if (forceKill) clearTimeout(forceKill);
    // The worker is done; what it left running (holding its pipes or not) is ended with it.
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([pipesClosed, new Promise((resolve) => (grace = setTimeout(resolve, PIPE_GRACE_MS)))]);
    clearTimeout(grace);
    await sweep("SIGKILL");
    child.stdout?.destroy();
    child.stderr?.destroy();
    await Promise.all([stdout.close(), stderr.close()]);
    const stdoutCapped = stdout.note();
    const stderrCapped = stderr.note();
    return {
      progress,
      stderrTail,
      durationMs: now() - startedAt,
      ...(result.code === null ? {} : { exitCode: result.code }),
      ...(result.signal ? { signal: result.signal } : {}),
      ...(killedFor ? { killedFor } : {}),
      ...(spawnError ? { spawnError } : {}),
      ...(stdoutCapped ? { stdoutCapped } : {}),
      ...(stderrCapped ? { stderrCapped } : {}),
    };
  })();
  const pauseHangCheck = (paused: boolean) => {
    hangPaused = paused;
    if (!paused) lastOutputAt = now();
  };
  return { pid: child.pid, tag, done, kill, pauseHangCheck };
}

function failedToStart(
  options: StartWorkerOptions,
  code: string | undefined,
  tag: string,
  durationMs: number,
): WorkerHandle {
  const exit: WorkerExit = {
    progress: emptyProgress(),
    stderrTail: "",
    durationMs,
    spawnError: describeSpawnError(options.launch.command, code),
  };
  return {
    pid: undefined,
    tag,
    done: Promise.resolve(exit),
    kill: () => undefined,
    pauseHangCheck: () => undefined,
  };
}

/** A spawn failure in words a person can act on (the full command line would be noise). */
function describeSpawnError(command: string, code: string | undefined): string {
  if (code === "ENOENT")
    return `${command} was not found: install it, or set worker.command in switchyard.json`;
  if (code === "EACCES") return `${command} is not executable`;
  return `${command} could not be started${code ? ` (${code})` : ""}`;
}
