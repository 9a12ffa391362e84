/**
 * Claude Code sessions as the crew sees them (SPEC §10): every session the crew's hooks report
 * (interactive panes and workers alike), the tool permissions waiting for the operator, and
 * the conflicts where two writers touched one file. Shared so the window, the tray and
 * Telegram word them the same way.
 */
import { z } from "zod";

export const SessionStateSchema = z.enum(["working", "waiting", "idle", "ended"]);
export type SessionState = z.infer<typeof SessionStateSchema>;

/** Why a session waits for the operator. */
export const WaitingForSchema = z.object({
  reason: z.enum(["permission", "question", "idle"]),
  tool: z.string().optional(),
  /** The tool's input in one line (the command, the file), as the operator must judge it. */
  input: z.string().optional(),
  /** A question's text, or Claude Code's own notification message. */
  text: z.string().optional(),
  /** Set when the operator can answer from here (the host holds the request open). */
  permissionId: z.string().optional(),
  since: z.string(),
});
export type WaitingFor = z.infer<typeof WaitingForSchema>;

export const PaneSchema = z.object({
  /** tmux's pane id (`%3`), stable while the pane lives. */
  id: z.string(),
  /** `session:window.pane`, once the host asked tmux. */
  target: z.string().optional(),
  index: z.number().optional(),
  /** The tmux session to attach to. */
  session: z.string().optional(),
});
export type Pane = z.infer<typeof PaneSchema>;

export const SessionSummarySchema = z.object({
  id: z.string(),
  agent: z.string().optional(),
  /** Set for a Switchyard worker's session: the task it runs. */
  task: z.string().optional(),
  pane: PaneSchema.optional(),
  cwd: z.string(),
  state: SessionStateSchema,
  waitingFor: WaitingForSchema.optional(),
  startedAt: z.string(),
  lastEvent: z.object({ name: z.string(), at: z.string(), tool: z.string().optional() }),
  /** Paths the session wrote (root-relative when inside the crew root), newest last. */
  filesWritten: z.array(z.string()),
  /** From the transcript's usage, priced like the tier meters. */
  costUsd: z.number(),
  model: z.string().optional(),
  pid: z.number().optional(),
});
export type SessionSummary = z.infer<typeof SessionSummarySchema>;

export const PermissionDecisionSchema = z.enum(["allow-once", "allow-task", "deny"]);
export type PermissionDecision = z.infer<typeof PermissionDecisionSchema>;

/** A tool call waiting for the operator's allow or deny. */
export const PermissionRequestSchema = z.object({
  id: z.string(),
  at: z.string(),
  /** When it is denied (a worker) or handed back to the terminal (a session) unanswered. */
  expiresAt: z.string(),
  source: z.enum(["worker", "session"]),
  taskId: z.string().optional(),
  agent: z.string().optional(),
  sessionId: z.string().optional(),
  pane: PaneSchema.optional(),
  tool: z.string(),
  input: z.record(z.string(), z.unknown()),
});
export type PermissionRequest = z.infer<typeof PermissionRequestSchema>;

export const ConflictWriterSchema = z.object({
  kind: z.enum(["session", "worker"]),
  /** A session id or a task id. */
  id: z.string(),
  label: z.string(),
  at: z.string(),
});

/** Two writers wrote one path within the conflict window, with no lock between them. */
export const ConflictSchema = z.object({
  id: z.string(),
  at: z.string(),
  /** Root-relative when inside the crew root. */
  path: z.string(),
  writers: z.array(ConflictWriterSchema),
  /** The lock resource that would have kept them apart, and how to take it. */
  resource: z.string(),
  fix: z.object({ locksLine: z.string(), lockRun: z.string() }),
});
export type Conflict = z.infer<typeof ConflictSchema>;

const oneLine = (text: string, length: number): string => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1)}…`;
};

/** The part of a tool's input a person judges it by: the command, the file, the address. */
export function describeToolInput(tool: string, input: Record<string, unknown>, length = 160): string {
  for (const key of ["command", "file_path", "notebook_path", "url", "pattern", "query", "path", "prompt"]) {
    const value = input[key];
    if (typeof value === "string" && value.trim()) return oneLine(value, length);
  }
  const json = JSON.stringify(input);
  return json === "{}" ? tool : oneLine(json, length);
}

/** "agent-a (pane 2)", "agent-b (task seed)", "agent-a (session 1f2e3d4c)", "session 1f2e3d4c". */
export function sessionLabel(session: Pick<SessionSummary, "id" | "agent" | "task" | "pane">): string {
  const short = `session ${session.id.slice(0, 8)}`;
  if (!session.agent)
    return session.pane ? `${short} (pane ${session.pane.index ?? session.pane.id})` : short;
  if (session.task) return `${session.agent} (task ${session.task})`;
  if (session.pane) return `${session.agent} (pane ${session.pane.index ?? session.pane.id})`;
  return `${session.agent} (${short})`;
}

/** "asks to run Bash: git push origin main", "asks a question", "is waiting for your input". */
export function waitingWords(waiting: WaitingFor): string {
  if (waiting.reason === "permission")
    return `asks to run ${waiting.tool ?? "a tool"}${waiting.input ? `: ${waiting.input}` : ""}`;
  if (waiting.reason === "question") return `asks: ${waiting.text ?? "a question"}`;
  return "is waiting for your input";
}

/** The words of a permission request, wherever it is shown. */
export function permissionTitle(request: PermissionRequest): string {
  const who = request.agent ?? (request.sessionId ? `session ${request.sessionId.slice(0, 8)}` : "a worker");
  const where = request.taskId
    ? ` (task ${request.taskId})`
    : request.pane
      ? ` (pane ${request.pane.index ?? request.pane.id})`
      : "";
  return `${who}${where} asks to run ${request.tool}: ${describeToolInput(request.tool, request.input, 100)}`;
}
