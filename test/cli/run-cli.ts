/**
 * Runs the real `switchyard` CLI (`node bin/switchyard.js`) as a child process, the way a user
 * or a script does, against temporary crew roots.
 */
import { existsSync, mkdirSync, rmdirSync, statSync } from "node:fs";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { execa, type ResultPromise } from "execa";
import { runCli as runCliMain } from "../../cli/main.js";

export const REPO = resolve(fileURLToPath(import.meta.url), "../../..");
export const BIN = join(REPO, "bin/switchyard.js");
const BUILT = join(REPO, "dist/cli/main.js");

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Where the Node side's sources live: a change in any of them makes dist/ stale. */
const SOURCE_DIRS = ["shared", "core", "cli", "hosts", "electron"];

/** Newest modification time of the TypeScript the CLI is compiled from. */
async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Builds `dist/` when it is missing or older than the sources (so a test never runs yesterday's
 * CLI). Test files run in parallel, so one build at a time, under a directory lock.
 */
export async function ensureBuilt(): Promise<void> {
  const isFresh = async () =>
    existsSync(BUILT) &&
    statSync(BUILT).mtimeMs >=
      Math.max(...(await Promise.all(SOURCE_DIRS.map((dir) => newestSource(join(REPO, dir))))));
  if (await isFresh()) return;
  const mutex = join(tmpdir(), `switchyard-test-build-${Buffer.from(REPO).toString("hex").slice(-32)}`);
  for (let tries = 0; ; tries++) {
    try {
      mkdirSync(mutex);
      break;
    } catch {
      // A build takes seconds; a mutex minutes old was left by a run that was killed.
      const heldSince = statSync(mutex, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - heldSince > 120_000) rmdirSync(mutex);
      if (tries > 600) throw new Error(`another test run holds ${mutex}; remove it if none is running`);
      await sleep(100);
    }
  }
  try {
    // Type errors elsewhere still emit JavaScript; the tests judge the CLI, not the build.
    if (!(await isFresh())) await execa("npm", ["run", "-s", "build"], { cwd: REPO, reject: false });
    if (!existsSync(BUILT)) throw new Error("npm run build did not produce dist/cli/main.js");
  } finally {
    rmdirSync(mutex);
  }
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
}

/** The child's environment: this one without SWITCHYARD_ROOT, so only what a test passes counts. */
function childEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const { SWITCHYARD_ROOT: _ignored, ...env } = process.env;
  return { ...env, ...extra };
}

export async function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const result = await execa(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: childEnv(options.env),
    extendEnv: false,
    reject: false,
    timeout: 20_000,
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/**
 * The same command line through `runCli` in this process: the argument handling a child would
 * run, without a Node start-up per case, for the long tables of usage mistakes. Output is
 * trimmed of its final newline like a child's.
 */
export async function runCliInProcess(args: string[], options: RunOptions = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const exitCode = await runCliMain(args, {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    env: options.env ?? {},
    cwd: options.cwd ?? REPO,
  });
  return { exitCode, stdout: stdout.replace(/\n$/, ""), stderr: stderr.replace(/\n$/, "") };
}

/** Starts the CLI without waiting for it (for races and signals). */
export function startCli(args: string[], options: RunOptions = {}): ResultPromise {
  return execa(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: childEnv(options.env),
    extendEnv: false,
    reject: false,
    timeout: 60_000,
  });
}

export async function tempDir(prefix = "switchyard-cli-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export const removeDir = (dir: string) => rm(dir, { recursive: true, force: true });
