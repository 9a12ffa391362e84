/**
 * One line of the session log (`.switchyard/sessions/events.jsonl`): what a Claude Code hook
 * told `switchyard hook <event>`, trimmed to what the crew needs. Built here without zod or
 * anything heavy, because the hook runs on every tool call of every session and must be quick;
 * the host parses the line with its schema when it reads it (session-log.ts).
 */

export interface HookRecord {
  v: 1;
  at: string;
  event: string;
  session: string;
  cwd?: string;
  transcript?: string;
  /** The Claude Code process (the hook is exec'd by its shell, so this is the hook's parent). */
  pid?: number;
  /** tmux's pane id ($TMUX_PANE) and server socket, when the session runs in tmux. */
  pane?: string;
  tmux?: string;
  agent?: string;
  /** A Switchyard worker's task (its environment says so). */
  task?: string;
  tool?: string;
  input?: Record<string, unknown>;
  toolUseId?: string;
  /** A notification's message, or a question's text. */
  message?: string;
  /** Claude Code's notification_type (permission_prompt, idle_prompt, …). */
  kind?: string;
  source?: string;
  reason?: string;
  model?: string;
  prompt?: string;
  /** A permission request the host holds open for the operator. */
  permissionId?: string;
}

/** Long strings (a file's new content) are cut: the log keeps what a person needs to judge. */
const MAX_STRING = 300;
const MAX_INPUT_JSON = 4_000;

const str = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

function trimValue(value: unknown, depth: number): unknown {
  if (typeof value === "string") return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (Array.isArray(value))
    return depth > 2 ? "[…]" : value.slice(0, 10).map((item) => trimValue(item, depth + 1));
  if (value && typeof value === "object")
    return depth > 2
      ? "{…}"
      : Object.fromEntries(Object.entries(value).map(([key, item]) => [key, trimValue(item, depth + 1)]));
  return value;
}

export function trimToolInput(input: unknown): Record<string, unknown> | undefined {
  if (!input || typeof input !== "object" || Array.isArray(input)) return undefined;
  const trimmed = trimValue(input, 0) as Record<string, unknown>;
  if (JSON.stringify(trimmed).length <= MAX_INPUT_JSON) return trimmed;
  // Still too big: keep the top-level strings only (the path, the command).
  return Object.fromEntries(Object.entries(trimmed).filter(([, value]) => typeof value === "string"));
}

/** The question an AskUserQuestion call puts to the operator. */
function questionOf(input: unknown): string | undefined {
  const questions = (input as { questions?: { question?: unknown }[] } | undefined)?.questions;
  return Array.isArray(questions) ? str(questions[0]?.question) : undefined;
}

/**
 * The record for one hook call, or undefined when the input names no session. `env` is the
 * hook's environment: the pane ($TMUX_PANE, $TMUX) and, for a worker, its agent and task.
 */
export function hookRecord(
  event: string,
  input: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  parentPid: number,
  now: Date,
): HookRecord | undefined {
  const session = str(input.session_id);
  if (!session) return undefined;
  const record: HookRecord = {
    v: 1,
    at: now.toISOString(),
    event: str(input.hook_event_name) ?? event,
    session,
  };
  const set = <K extends keyof HookRecord>(key: K, value: HookRecord[K] | undefined) => {
    if (value !== undefined) record[key] = value;
  };
  set("cwd", str(input.cwd));
  set("transcript", str(input.transcript_path));
  if (parentPid > 1) record.pid = parentPid;
  set("pane", str(env.TMUX_PANE));
  set("tmux", str(env.TMUX?.split(",")[0]));
  set("agent", str(env.SWITCHYARD_AGENT));
  set("task", str(env.SWITCHYARD_TASK_ID));
  set("tool", str(input.tool_name));
  set("input", trimToolInput(input.tool_input));
  set("toolUseId", str(input.tool_use_id));
  set(
    "message",
    str(input.message) ?? (input.tool_name === "AskUserQuestion" ? questionOf(input.tool_input) : undefined),
  );
  set("kind", str(input.notification_type));
  set("source", str(input.source));
  set("reason", str(input.reason));
  set("model", str(input.model));
  const prompt = str(input.prompt);
  if (prompt) record.prompt = prompt.length > 200 ? `${prompt.slice(0, 200)}…` : prompt;
  return record;
}
