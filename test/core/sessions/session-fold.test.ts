/** What the hooks' records mean for a session: its state, why it waits, what it wrote, when it is gone. */
import { describe, expect, it } from "vitest";
import type { HookRecord } from "../../../core/sessions/hook-record.js";
import {
  endIfGone,
  foldSessionRecord,
  summarizeSessions,
  type TrackedSession,
} from "../../../core/sessions/session-fold.js";

let clock = 0;
const record = (event: string, extra: Partial<HookRecord> = {}): HookRecord => ({
  v: 1,
  at: new Date(Date.UTC(2026, 3, 9, 21, 0, clock++)).toISOString(),
  event,
  session: "s1",
  cwd: "/crew",
  ...extra,
});

function fold(...records: HookRecord[]) {
  const sessions = new Map<string, TrackedSession>();
  const outcomes = records.map((one) => foldSessionRecord(sessions, one));
  return { session: sessions.get("s1") as TrackedSession, outcomes, sessions };
}

describe("a session's state from its hooks", () => {
  it.each([
    [["SessionStart"], "idle"],
    [["SessionStart", "UserPromptSubmit"], "working"],
    [["SessionStart", "UserPromptSubmit", "PreToolUse"], "working"],
    [["SessionStart", "UserPromptSubmit", "Stop"], "idle"],
    [["SessionStart", "UserPromptSubmit", "Stop", "SessionEnd"], "ended"],
    [["SessionStart", "SessionEnd", "SessionStart"], "idle"],
  ])("%j leaves it %s", (events, state) => {
    expect(fold(...events.map((event) => record(event))).session.state).toBe(state);
  });

  it("waits for a permission with the tool and its input, from the hook or from the notification", () => {
    const fromHook = fold(
      record("PreToolUse", { tool: "Bash", input: { command: "git push origin main" } }),
      record("PermissionRequest", {
        tool: "Bash",
        input: { command: "git push origin main" },
        permissionId: "r1",
      }),
    );
    expect(fromHook.session.state).toBe("waiting");
    expect(fromHook.session.waitingFor).toMatchObject({
      reason: "permission",
      tool: "Bash",
      input: "git push origin main",
      permissionId: "r1",
    });
    expect(fromHook.outcomes[1]?.startedWaiting).toBe(true);

    // An older Claude Code without PermissionRequest: the notification says it, the PreToolUse said which tool.
    const fromNotice = fold(
      record("PreToolUse", { tool: "Bash", input: { command: "rm -rf build" } }),
      record("Notification", {
        kind: "permission_prompt",
        message: "Claude needs your permission to use Bash",
      }),
    );
    expect(fromNotice.session.waitingFor).toMatchObject({
      reason: "permission",
      tool: "Bash",
      input: "rm -rf build",
    });

    // The notification that follows the hook's request changes nothing, and raises nothing again.
    const both = fold(
      record("PermissionRequest", { tool: "Bash", input: { command: "ls" } }),
      record("Notification", { kind: "permission_prompt", message: "Claude needs your permission" }),
    );
    expect(both.outcomes[1]?.startedWaiting).toBe(false);
    expect(both.session.waitingFor?.input).toBe("ls");
  });

  it("waits for an answer to a question, and for input when Claude Code says it is idle", () => {
    const question = fold(record("PreToolUse", { tool: "AskUserQuestion", message: "Which database?" }));
    expect(question.session.waitingFor).toMatchObject({ reason: "question", text: "Which database?" });
    const idle = fold(
      record("Stop"),
      record("Notification", { kind: "idle_prompt", message: "Claude is waiting for your input" }),
    );
    expect(idle.session).toMatchObject({ state: "waiting", waitingFor: { reason: "idle" } });
    const onward = fold(
      record("Stop"),
      record("Notification", { kind: "idle_prompt" }),
      record("UserPromptSubmit"),
    );
    expect(onward.session.state).toBe("working");
    expect(onward.session.waitingFor).toBeUndefined();
  });

  it("has moved on from a permission once any other hook fires (answered in its terminal)", () => {
    const { outcomes, session } = fold(
      record("PermissionRequest", { tool: "Bash", input: { command: "ls" } }),
      record("PostToolUse", { tool: "Bash", input: { command: "ls" } }),
    );
    expect(outcomes[1]?.movedOn).toBe(true);
    expect(session.state).toBe("working");
  });

  it("keeps the files its Write, Edit and NotebookEdit calls wrote, once each, newest last", () => {
    const { session, outcomes } = fold(
      record("PostToolUse", { tool: "Write", input: { file_path: "/crew/a.md" } }),
      record("PostToolUse", { tool: "Read", input: { file_path: "/crew/b.md" } }),
      record("PostToolUse", { tool: "Edit", input: { file_path: "notes/c.md" } }),
      record("PostToolUseFailure", { tool: "Write", input: { file_path: "/crew/failed.md" } }),
      record("PostToolUse", { tool: "Write", input: { file_path: "/crew/a.md" } }),
    );
    expect(session.files).toEqual(["/crew/notes/c.md", "/crew/a.md"]);
    expect(outcomes.map((outcome) => outcome.wrote)).toEqual([
      "/crew/a.md",
      undefined,
      "/crew/notes/c.md",
      undefined,
      "/crew/a.md",
    ]);
  });

  it("trusts a process id only once two hooks agree on it, and ends a session whose process is gone", () => {
    const once = fold(record("SessionStart", { pid: 777 }));
    expect(once.session.pid).toBeUndefined();
    const twice = fold(record("SessionStart", { pid: 777 }), record("UserPromptSubmit", { pid: 777 }));
    expect(twice.session.pid).toBe(777);
    expect(endIfGone(twice.session, () => true, new Date())).toBe(false);
    expect(endIfGone(twice.session, () => false, new Date())).toBe(true);
    expect(twice.session.state).toBe("ended");
    // A hook run through a shell that did not exec reports a new parent each time: never trusted.
    const shells = fold(
      record("SessionStart", { pid: 10 }),
      record("Stop", { pid: 11 }),
      record("Stop", { pid: 12 }),
    );
    expect(shells.session.pid).toBeUndefined();
  });

  it("lists files inside the crew root relative to it, and keeps recently ended sessions", () => {
    const { sessions } = fold(
      record("SessionStart", { agent: "agent-a", pane: "%2" }),
      record("PostToolUse", { tool: "Write", input: { file_path: "/crew/outputs/x.md" } }),
      record("PostToolUse", { tool: "Write", input: { file_path: "/elsewhere/y.md" } }),
      record("SessionEnd"),
    );
    const [summary] = summarizeSessions(
      "/crew",
      sessions.values(),
      () => ({ costUsd: 0.25, model: "claude-sonnet-5" }),
      new Date(Date.UTC(2026, 3, 9, 22)),
    );
    expect(summary).toMatchObject({
      id: "s1",
      agent: "agent-a",
      pane: { id: "%2" },
      state: "ended",
      filesWritten: ["outputs/x.md", "/elsewhere/y.md"],
      costUsd: 0.25,
      model: "claude-sonnet-5",
    });
    expect(
      summarizeSessions(
        "/crew",
        sessions.values(),
        () => ({ costUsd: 0 }),
        new Date(Date.UTC(2026, 3, 10, 9)),
      ),
    ).toEqual([]);
  });
});
