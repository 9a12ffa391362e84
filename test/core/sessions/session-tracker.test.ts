/** The host's live session list: it follows the log the hooks append to, and says when a session waits. */
import { appendFile, mkdir, readdir } from "node:fs/promises";
import { dirname } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { crewPaths } from "../../../core/crew-root.js";
import type { NotificationInput } from "../../../core/notify/notifier.js";
import type { HookRecord } from "../../../core/sessions/hook-record.js";
import { readSessionLog, SessionLogReader } from "../../../core/sessions/session-log.js";
import { SessionTracker } from "../../../core/sessions/session-tracker.js";
import { type CrewFixture, crewConfig, makeCrew } from "../../support/crew-fixture.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function crew(): Promise<CrewFixture> {
  const made = await makeCrew();
  cleanups.push(() => made.cleanup());
  await mkdir(dirname(crewPaths(made.root).sessionEvents), { recursive: true });
  return made;
}

const line = (event: string, extra: Partial<HookRecord> = {}): string =>
  `${JSON.stringify({ v: 1, at: new Date().toISOString(), event, session: "s1", cwd: "/crew", ...extra })}\n`;

describe("the session log", () => {
  it("is read from where the last read ended, a half-written line waiting for its end", async () => {
    const { root } = await crew();
    const path = crewPaths(root).sessionEvents;
    const reader = new SessionLogReader(root);
    await appendFile(path, line("SessionStart"));
    await appendFile(path, '{"v":1,"at":"2026-04-09T21:00:00Z","event":"Stop","ses');
    expect((await reader.read()).map((record) => record.event)).toEqual(["SessionStart"]);
    await appendFile(path, 'sion":"s1"}\n');
    expect((await reader.read()).map((record) => record.event)).toEqual(["Stop"]);
    expect(await reader.read()).toEqual([]);
    await reader.close();
  });

  it("rotates past its size limit without losing a line, and keeps two old logs", async () => {
    const { root } = await crew();
    const path = crewPaths(root).sessionEvents;
    const reader = new SessionLogReader(root, 200);
    const seen: string[] = [];
    for (let round = 0; round < 4; round++) {
      for (let index = 0; index < 3; index++)
        await appendFile(path, line("PreToolUse", { tool: `T${round}.${index}` }));
      seen.push(...(await reader.read()).map((record) => record.tool ?? ""));
    }
    expect(seen).toHaveLength(12);
    const files = (await readdir(dirname(path))).filter((name) => name.startsWith("events-"));
    expect(files).toHaveLength(2);
    // Without a host, status reads the old logs and the current one.
    expect((await readSessionLog(root)).map((record) => record.tool)).toEqual(seen.slice(-6));
    await reader.close();
  });
});

describe("the session tracker", () => {
  it("says which pane waits, for which tool, once, with what the operator can do", async () => {
    const made = await crew();
    const config = await crewConfig(made);
    const raised: NotificationInput[] = [];
    const tracker = new SessionTracker({
      root: made.root,
      config: () => config,
      notifier: { notify: async (input) => void raised.push(input) as never },
      describePane: async (pane) => ({
        id: pane.id,
        session: "switchyard",
        index: 2,
        target: "switchyard:0.2",
      }),
      pollMs: 20,
    });
    await tracker.start();
    cleanups.push(() => tracker.stop());
    const path = crewPaths(made.root).sessionEvents;
    const at = { agent: "agent-a", pane: "%5" };
    await appendFile(
      path,
      line("PreToolUse", { ...at, tool: "Bash", input: { command: "git push origin main" } }),
    );
    await appendFile(
      path,
      line("PermissionRequest", {
        ...at,
        tool: "Bash",
        input: { command: "git push origin main" },
        permissionId: "r1",
      }),
    );
    await appendFile(
      path,
      line("Notification", { ...at, kind: "permission_prompt", message: "Claude needs your permission" }),
    );
    await tracker.poll();
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      kind: "session",
      priority: "high",
      title: "agent-a (pane 2) asks to run Bash: git push origin main",
      sessionId: "s1",
      permissionId: "r1",
      actions: ["allow", "allow-task", "deny"],
    });
    expect(raised[0]?.body).toContain("tmux attach -t switchyard");
    const [session] = await tracker.sessions();
    expect(session).toMatchObject({
      state: "waiting",
      pane: { id: "%5", index: 2, target: "switchyard:0.2" },
    });
  });

  it("catches up with what happened before it started without notifying about the past", async () => {
    const made = await crew();
    const config = await crewConfig(made);
    await appendFile(crewPaths(made.root).sessionEvents, line("Notification", { kind: "idle_prompt" }));
    const raised: NotificationInput[] = [];
    const tracker = new SessionTracker({
      root: made.root,
      config: () => config,
      notifier: { notify: async (input) => void raised.push(input) as never },
    });
    await tracker.start();
    cleanups.push(() => tracker.stop());
    expect((await tracker.sessions())[0]?.state).toBe("waiting");
    expect(raised).toEqual([]);
  });
});
