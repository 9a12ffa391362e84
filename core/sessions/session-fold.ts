/**
 * What the session log means: a pure fold of hook records into each session's state (working,
 * waiting for the operator and why, idle, ended), the files it wrote and where it runs. The host
 * folds records as they arrive; `status` without a host folds the whole log.
 */
import { isAbsolute, relative, resolve, sep } from "node:path";
import { describeToolInput, type SessionSummary, type WaitingFor } from "../../shared/sessions.js";
import type { HookRecord } from "./hook-record.js";

export interface TrackedSession {
  id: string;
  cwd: string;
  startedAt: string;
  state: SessionSummary["state"];
  waitingFor?: WaitingFor;
  lastEvent: SessionSummary["lastEvent"];
  /** Absolute paths, each once, newest last. */
  files: string[];
  agent?: string;
  task?: string;
  pane?: { id: string; socket?: string };
  transcript?: string;
  model?: string;
  /** The Claude Code process, once two hook calls agreed on it. */
  pid?: number;
  /** A parent pid seen once: trusted when the next call reports the same. */
  pidSeen?: number;
  /** The tool the session is about to run (its permission prompt names it). */
  pendingTool?: { tool: string; input: Record<string, unknown> };
}

/** Tools whose successful call wrote a file, and the input key that names it. */
const WRITE_TOOLS: Record<string, string> = {
  Write: "file_path",
  Edit: "file_path",
  MultiEdit: "file_path",
  NotebookEdit: "notebook_path",
};
const FILES_KEPT = 50;

export interface FoldOutcome {
  session: TrackedSession;
  /** The session started waiting for the operator, or now waits for something else. */
  startedWaiting: boolean;
  /** It was waiting for a permission and has moved on (answered in its terminal, or otherwise). */
  movedOn: boolean;
  /** An absolute path it just wrote. */
  wrote?: string;
}

/** The path a successful write tool call wrote, absolute. */
export function writtenPath(
  tool: string | undefined,
  input: Record<string, unknown> | undefined,
  cwd: string,
) {
  const key = tool ? WRITE_TOOLS[tool] : undefined;
  const value = key ? input?.[key] : undefined;
  if (typeof value !== "string" || !value) return undefined;
  return isAbsolute(value) ? value : resolve(cwd, value);
}

const waitKey = (waiting: WaitingFor | undefined) =>
  waiting
    ? `${waiting.reason}|${waiting.tool ?? ""}|${waiting.input ?? ""}|${waiting.permissionId ?? ""}`
    : "";

function waitingOf(record: HookRecord, session: TrackedSession): WaitingFor | undefined | "keep" {
  const since = record.at;
  switch (record.event) {
    case "PermissionRequest":
      return {
        reason: "permission",
        since,
        ...(record.tool
          ? { tool: record.tool, input: describeToolInput(record.tool, record.input ?? {}) }
          : {}),
        ...(record.permissionId ? { permissionId: record.permissionId } : {}),
      };
    case "PreToolUse":
      return record.tool === "AskUserQuestion"
        ? { reason: "question", since, ...(record.message ? { text: record.message } : {}) }
        : undefined;
    case "Notification": {
      const kind = record.kind ?? "";
      const message = record.message ?? "";
      if (kind === "permission_prompt" || (!kind && /permission/i.test(message))) {
        if (session.waitingFor?.reason === "permission") return "keep"; // the hook already said which tool
        const pending = session.pendingTool;
        return {
          reason: "permission",
          since,
          ...(pending ? { tool: pending.tool, input: describeToolInput(pending.tool, pending.input) } : {}),
          ...(message ? { text: message } : {}),
        };
      }
      if (kind === "idle_prompt" || (!kind && /waiting for your input/i.test(message)))
        return { reason: "idle", since, ...(message ? { text: message } : {}) };
      if (kind === "elicitation_dialog")
        return { reason: "question", since, ...(message ? { text: message } : {}) };
      return "keep"; // other notices (signed in, …) change nothing
    }
    default:
      return undefined;
  }
}

function stateAfter(event: string, waiting: WaitingFor | undefined, previous: TrackedSession["state"]) {
  if (waiting) return "waiting" as const;
  if (event === "SessionEnd") return "ended" as const;
  if (event === "SessionStart" || event === "Stop") return "idle" as const;
  if (event === "Notification") return previous === "waiting" ? "idle" : previous;
  return "working" as const;
}

/** Folds one record into `sessions` (changed in place) and says what it meant. */
export function foldSessionRecord(sessions: Map<string, TrackedSession>, record: HookRecord): FoldOutcome {
  const cwd = record.cwd ?? sessions.get(record.session)?.cwd ?? "";
  const session: TrackedSession = sessions.get(record.session) ?? {
    id: record.session,
    cwd,
    startedAt: record.at,
    state: "idle",
    lastEvent: { name: record.event, at: record.at },
    files: [],
  };
  sessions.set(session.id, session);
  if (record.cwd) session.cwd = record.cwd;
  if (record.agent) session.agent = record.agent;
  if (record.task) session.task = record.task;
  if (record.pane) session.pane = { id: record.pane, ...(record.tmux ? { socket: record.tmux } : {}) };
  if (record.transcript) session.transcript = record.transcript;
  if (record.model) session.model = record.model;
  if (record.pid) {
    if (record.pid === session.pidSeen) session.pid = record.pid;
    session.pidSeen = record.pid;
  }
  if (record.event === "SessionStart" && session.state === "ended") session.startedAt = record.at;
  session.lastEvent = { name: record.event, at: record.at, ...(record.tool ? { tool: record.tool } : {}) };

  const before = session.waitingFor;
  const waiting = waitingOf(record, session);
  const next = waiting === "keep" ? before : waiting;
  if (next) session.waitingFor = next;
  else delete session.waitingFor;
  session.state = waiting === "keep" ? session.state : stateAfter(record.event, next, session.state);

  if (record.event === "PreToolUse" && record.tool)
    session.pendingTool = { tool: record.tool, input: record.input ?? {} };
  if (record.event === "PostToolUse" || record.event === "PostToolUseFailure" || record.event === "Stop")
    delete session.pendingTool;

  let wrote: string | undefined;
  if (record.event === "PostToolUse") {
    wrote = writtenPath(record.tool, record.input, session.cwd);
    if (wrote) session.files = [...session.files.filter((file) => file !== wrote), wrote].slice(-FILES_KEPT);
  }
  return {
    session,
    startedWaiting: next !== undefined && waitKey(next) !== waitKey(before),
    movedOn:
      before?.reason === "permission" &&
      record.event !== "Notification" &&
      record.event !== "PermissionRequest",
    ...(wrote ? { wrote } : {}),
  };
}

/** A session whose Claude Code process is gone without a SessionEnd (killed, crashed) has ended. */
export function endIfGone(session: TrackedSession, isAlive: (pid: number) => boolean, now: Date): boolean {
  if (session.state === "ended" || !session.pid || isAlive(session.pid)) return false;
  session.state = "ended";
  delete session.waitingFor;
  session.lastEvent = { name: "process gone", at: now.toISOString() };
  return true;
}

/** Root-relative when inside the crew root, absolute otherwise. */
export function displayPath(root: string, path: string): string {
  const rel = relative(root, path);
  return rel && !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel) ? rel : path;
}

/** Ended sessions stay listed this long, so the operator sees what just finished. */
const ENDED_SHOWN_MS = 6 * 3_600_000;
const SESSIONS_SHOWN = 50;

export function summarizeSessions(
  root: string,
  sessions: Iterable<TrackedSession>,
  costs: (session: TrackedSession) => { costUsd: number; model?: string },
  now: Date,
): SessionSummary[] {
  return [...sessions]
    .filter(
      (session) =>
        session.state !== "ended" || now.getTime() - Date.parse(session.lastEvent.at) < ENDED_SHOWN_MS,
    )
    .sort((a, b) => b.lastEvent.at.localeCompare(a.lastEvent.at))
    .slice(0, SESSIONS_SHOWN)
    .map((session) => {
      const cost = costs(session);
      const model = session.model ?? cost.model;
      return {
        id: session.id,
        cwd: session.cwd,
        state: session.state,
        startedAt: session.startedAt,
        lastEvent: session.lastEvent,
        filesWritten: session.files.map((file) => displayPath(root, file)),
        costUsd: cost.costUsd,
        ...(session.agent ? { agent: session.agent } : {}),
        ...(session.task ? { task: session.task } : {}),
        ...(session.pane ? { pane: { id: session.pane.id } } : {}),
        ...(session.waitingFor ? { waitingFor: session.waitingFor } : {}),
        ...(model ? { model } : {}),
        ...(session.pid ? { pid: session.pid } : {}),
      };
    });
}
