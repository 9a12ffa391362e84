/**
 * The worker's command line and environment (ARCHITECTURE.md, "Workers"), built without a shell: every
 * placeholder is replaced inside one argument, so task text can never become shell syntax. The
 * environment is built from an allow-list, never copied whole: a worker (a model acting on task
 * text) must not inherit the host's secrets, such as TELEGRAM_BOT_TOKEN or cloud credentials.
 */
import type { Config } from "../../shared/config.js";
import { permissionPromptArgs } from "../permissions/permission-launch.js";
import { resolveClaudeCommand } from "./claude-command.js";

export interface LaunchInput {
  config: Config;
  tier: number;
  model: string;
  sessionId: string;
  /** Continue the session of an earlier attempt instead of starting it. */
  resume: boolean;
  /** Built only when the command line asks for `{prompt}` (a custom worker may not). */
  prompt: string | (() => string);
  root: string;
  taskFile: string;
  taskId: string;
  agent: string;
  expectedOutput?: string;
  checkpoint: string;
  maxBudgetUsd?: number;
}

export interface Launch {
  command: string;
  args: string[];
  env: Record<string, string>;
}

function defaultArgs(config: Config, maxBudgetUsd: number | undefined): string[] {
  const args = ["-p", "{prompt}", "--output-format", "stream-json", "--verbose", "--model", "{model}"];
  args.push("--session-id", "{sessionId}", "--permission-mode", config.worker.permissionMode);
  if (maxBudgetUsd !== undefined) args.push("--max-budget-usd", String(maxBudgetUsd));
  // A tool outside the permission mode asks the operator rather than failing (SPEC §10).
  if (config.permissions.askOperator) args.push(...permissionPromptArgs());
  return args;
}

/** What any program needs to run: where things are, who the user is, locale, time zone, proxies. */
const PASSED_NAMES = new Set([
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "SHELL",
  "LANG",
  "LANGUAGE",
  "TZ",
  "TMPDIR",
  "TEMP",
  "TMP",
  "TERM",
  "NO_COLOR",
  "XDG_CONFIG_HOME",
  "XDG_DATA_HOME",
  "XDG_CACHE_HOME",
  "XDG_RUNTIME_DIR",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "ALL_PROXY",
  "http_proxy",
  "https_proxy",
  "no_proxy",
  "all_proxy",
  "NODE_EXTRA_CA_CERTS",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  // Windows: without these, programs cannot find the system or the user's folders.
  "SYSTEMROOT",
  "COMSPEC",
  "PATHEXT",
  "APPDATA",
  "LOCALAPPDATA",
  "USERPROFILE",
]);
/** The locale, and the default worker's own settings and credentials (the Claude Code CLI's). */
const PASSED_PREFIXES = ["LC_", "ANTHROPIC_", "CLAUDE_"];

/** The host's environment, reduced to the allow-list and the names `passEnv` adds. */
export function allowedEnvironment(
  baseEnv: NodeJS.ProcessEnv,
  passEnv: readonly string[] = [],
): Record<string, string> {
  const named = new Set(passEnv);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(baseEnv))
    if (
      value !== undefined &&
      (PASSED_NAMES.has(key) || named.has(key) || PASSED_PREFIXES.some((prefix) => key.startsWith(prefix)))
    )
      env[key] = value;
  return env;
}

export function buildLaunch(input: LaunchInput, baseEnv: NodeJS.ProcessEnv = process.env): Launch {
  const tier = input.config.tiers[String(input.tier) as "0"] ?? {};
  const worker = input.config.worker;
  const budget = input.maxBudgetUsd ?? worker.maxBudgetUsd;
  const template = tier.args ?? worker.args ?? defaultArgs(input.config, budget);
  let prompt = input.prompt;
  const values: Record<string, () => string> = {
    prompt: () => {
      if (typeof prompt === "function") prompt = prompt();
      return prompt;
    },
    model: () => input.model,
    sessionId: () => input.sessionId,
    taskFile: () => input.taskFile,
    root: () => input.root,
  };
  let args = template.map((arg) =>
    arg.replace(/\{(prompt|model|sessionId|taskFile|root)\}/g, (_, key: string) => values[key]?.() ?? ""),
  );
  if (input.resume) args = args.map((arg) => (arg === "--session-id" ? "--resume" : arg));
  const env = allowedEnvironment(baseEnv, [...(worker.passEnv ?? []), ...(tier.passEnv ?? [])]);
  Object.assign(env, worker.env, tier.env, {
    SWITCHYARD_ROOT: input.root,
    SWITCHYARD_TASK_FILE: input.taskFile,
    SWITCHYARD_TASK_ID: input.taskId,
    SWITCHYARD_AGENT: input.agent,
    SWITCHYARD_TIER: String(input.tier),
    SWITCHYARD_EXPECTED_OUTPUT: input.expectedOutput ?? "",
    SWITCHYARD_CHECKPOINT: input.checkpoint,
  });
  return { command: tier.command ?? worker.command ?? resolveClaudeCommand(env), args, env };
}
