/**
 * Runs the real `claude` CLI (devDependency) against a messages-api stand-in, in a sandboxed
 * HOME/config dir, so tests and benchmarks exercise genuine worker runs with no network.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";

// Found by module resolution, so it is the same file from the sources (tests) and from dist/ (the bench).
const claudePackage = createRequire(import.meta.url).resolve("@anthropic-ai/claude-code/package.json");
export const CLAUDE_BIN = path.resolve(path.dirname(claudePackage), "../../.bin/claude");

/**
 * acceptEdits lets a headless worker create/edit files inside its cwd without prompting, and it
 * works as root. bypassPermissions (= --dangerously-skip-permissions) exits 1 under root unless
 * IS_SANDBOX=1 is set, so we avoid it.
 */
export const WORKER_PERMISSION_MODE = "acceptEdits";

export interface ClaudeSandbox {
  /** The worker's cwd. */
  cwd: string;
  /** Fake HOME; CLAUDE_CONFIG_DIR is `${home}/.claude`. */
  home: string;
  configDir: string;
  cleanup(): Promise<void>;
}

export async function makeClaudeSandbox(): Promise<ClaudeSandbox> {
  const root = await mkdtemp(path.join(tmpdir(), "switchyard-claude-"));
  const home = path.join(root, "home");
  const cwd = path.join(root, "work");
  await mkdir(cwd, { recursive: true });
  await mkdir(home, { recursive: true });
  return {
    cwd,
    home,
    configDir: path.join(home, ".claude"),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/**
 * A complete environment, not an extension of process.env: a developer's own ANTHROPIC_* or
 * CLAUDE_* variables must not leak in and send the run to the real API or real config.
 */
export function claudeEnv(baseUrl: string, sandbox: ClaudeSandbox): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: sandbox.home,
    CLAUDE_CONFIG_DIR: sandbox.configDir,
    TMPDIR: process.env.TMPDIR ?? tmpdir(),
    ANTHROPIC_BASE_URL: baseUrl,
    ANTHROPIC_API_KEY: "test-key",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_AUTOUPDATER: "1",
    DISABLE_TELEMETRY: "1",
    DISABLE_ERROR_REPORTING: "1",
  };
}

/**
 * What a crew's switchyard.json needs for its workers to be this CLI in this sandbox: the
 * command, its environment, and the sandbox's `projects/` folder for interactive usage (never
 * the machine's real ~/.claude).
 */
export function claudeWorkerConfig(baseUrl: string, sandbox: ClaudeSandbox) {
  return {
    worker: { command: CLAUDE_BIN, env: claudeEnv(baseUrl, sandbox) },
    costs: { claudeProjectsDir: path.join(sandbox.configDir, "projects") },
  };
}

export interface ClaudeRunOptions {
  prompt: string;
  sessionId: string;
  /** Resume this existing session instead of starting `sessionId` fresh. */
  resume?: boolean;
  model?: string;
  extraArgs?: string[];
  timeoutMs?: number;
}

export function claudeArgs(options: ClaudeRunOptions): string[] {
  const session = options.resume ? ["--resume", options.sessionId] : ["--session-id", options.sessionId];
  return [
    "-p",
    options.prompt,
    "--output-format",
    "stream-json",
    "--verbose",
    "--model",
    options.model ?? "sonnet",
    ...session,
    "--permission-mode",
    WORKER_PERMISSION_MODE,
    ...(options.extraArgs ?? []),
  ];
}

export interface ClaudeRunResult {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  events: StreamJsonEvent[];
  /** The last `{"type":"result"}` event, if the CLI got that far. */
  result: StreamJsonEvent | undefined;
  durationMs: number;
  timedOut: boolean;
}

export type StreamJsonEvent = Record<string, unknown> & { type: string };

export function parseStreamJson(stdout: string): StreamJsonEvent[] {
  return stdout
    .split("\n")
    .filter((line) => line.trim().startsWith("{"))
    .map((line) => JSON.parse(line) as StreamJsonEvent);
}

export async function runClaude(
  baseUrl: string,
  sandbox: ClaudeSandbox,
  options: ClaudeRunOptions,
): Promise<ClaudeRunResult> {
  const started = performance.now();
  const child = await execa(CLAUDE_BIN, claudeArgs(options), {
    cwd: sandbox.cwd,
    env: claudeEnv(baseUrl, sandbox),
    extendEnv: false,
    reject: false,
    stdin: "ignore",
    timeout: options.timeoutMs ?? 25_000,
  });
  const events = parseStreamJson(child.stdout);
  return {
    exitCode: child.exitCode,
    stdout: child.stdout,
    stderr: child.stderr,
    events,
    result: events.filter((event) => event.type === "result").at(-1),
    durationMs: performance.now() - started,
    timedOut: child.timedOut,
  };
}
