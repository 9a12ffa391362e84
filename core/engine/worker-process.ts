/**
 * One attempt of one worker: spawned without a shell in its own process group (so the whole
 * tree can be killed), its raw stdout/stderr kept under the run folder, its stream folded into
 * live progress, and a watchdog for the wall-clock timeout and for hangs (no output).
 */
import { createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { execa } from "execa";
import { applyStreamLine, emptyProgress, type WorkerProgress } from "../../shared/worker-stream.js";
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
}

export interface WorkerHandle {
  pid: number | undefined;
  done: Promise<WorkerExit>;
  kill(reason: KillReason): void;
  /** While the worker waits for the operator it prints nothing: that is not a hang. */
  pauseHangCheck(paused: boolean): void;
}

export interface StartWorkerOptions {
  launch: Launch;
  cwd: string;
  stdoutFile: string;
  stderrFile: string;
  timeoutMs: number;
  hangMs: number;
  onProgress?: (progress: WorkerProgress) => void;
  now?: () => number;
}

/** Grace between SIGTERM and SIGKILL for the process group. */
const KILL_GRACE_MS = 3_000;
const STDERR_TAIL_CHARS = 2_000;

export function killProcessTree(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

export function startWorker(options: StartWorkerOptions): WorkerHandle {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const child = execa(options.launch.command, options.launch.args, {
    cwd: options.cwd,
    env: options.launch.env,
    extendEnv: false,
    detached: true,
    stdin: "ignore",
    buffer: false,
    reject: false,
    cleanup: false,
  });
  const stdoutFile = createWriteStream(options.stdoutFile, { flags: "a" });
  const stderrFile = createWriteStream(options.stderrFile, { flags: "a" });
  let progress = emptyProgress();
  const seenMessages = new Set<string>();
  let lastOutputAt = startedAt;
  let stderrTail = "";
  let killedFor: KillReason | undefined;
  let hangPaused = false;

  child.stdout?.on("data", (chunk: Buffer) => {
    lastOutputAt = now();
    stdoutFile.write(chunk);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    lastOutputAt = now();
    stderrFile.write(chunk);
    stderrTail = (stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL_CHARS);
  });
  const linesRead = new Promise<void>((resolve) => {
    if (!child.stdout) return resolve();
    const lines = createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY });
    lines.on("line", (line) => {
      progress = applyStreamLine(progress, line, seenMessages);
      options.onProgress?.(progress);
    });
    lines.on("close", resolve);
  });

  let forceKill: NodeJS.Timeout | undefined;
  const kill = (reason: KillReason) => {
    if (killedFor) return;
    killedFor = reason;
    killProcessTree(child.pid, "SIGTERM");
    forceKill = setTimeout(() => killProcessTree(child.pid, "SIGKILL"), KILL_GRACE_MS);
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
    const result = await child;
    await linesRead;
    clearInterval(watchdog);
    if (forceKill) clearTimeout(forceKill);
    // The group may hold grandchildren that outlive the leader: end them too.
    killProcessTree(child.pid, "SIGKILL");
    await Promise.all([closeStream(stdoutFile), closeStream(stderrFile)]);
    const spawnError =
      result.failed && result.exitCode === undefined && !result.signal
        ? describeSpawnError(options.launch.command, result.code)
        : undefined;
    return {
      progress,
      stderrTail,
      durationMs: now() - startedAt,
      ...(result.exitCode === undefined ? {} : { exitCode: result.exitCode }),
      ...(result.signal ? { signal: result.signal } : {}),
      ...(killedFor ? { killedFor } : {}),
      ...(spawnError ? { spawnError } : {}),
    };
  })();
  const pauseHangCheck = (paused: boolean) => {
    hangPaused = paused;
    if (!paused) lastOutputAt = now();
  };
  return { pid: child.pid, done, kill, pauseHangCheck };
}

/** A spawn failure in words a person can act on (the full command line would be noise). */
function describeSpawnError(command: string, code: string | undefined): string {
  if (code === "ENOENT")
    return `${command} was not found: install it, or set worker.command in switchyard.json`;
  if (code === "EACCES") return `${command} is not executable`;
  return `${command} could not be started${code ? ` (${code})` : ""}`;
}

const closeStream = (stream: NodeJS.WritableStream) => new Promise<void>((resolve) => stream.end(resolve));
