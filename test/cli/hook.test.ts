/** `switchyard hook <event>`: what every installed hook runs. It records, and never fails the session. */
import { execa } from "execa";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { type HookIo, runHook } from "../../cli/hook.js";
import { crewPaths } from "../../core/crew-root.js";
import { PermissionBroker } from "../../core/permissions/permission-broker.js";
import { SWITCHYARD_BIN } from "../support/cli-process.js";
import { runCliInProcess } from "./run-cli.js";
import { type CrewFixture, crewConfig, makeCrew } from "../support/crew-fixture.js";

const crews: CrewFixture[] = [];
afterEach(async () => {
  for (const crew of crews.splice(0)) await crew.cleanup();
});

async function crew(config: unknown = {}): Promise<CrewFixture> {
  const made = await makeCrew(config);
  crews.push(made);
  return made;
}

function io(input: string, env: NodeJS.ProcessEnv = {}): HookIo & { printed: string[]; problems: string[] } {
  const printed: string[] = [];
  const problems: string[] = [];
  return {
    stdin: Readable.from([Buffer.from(input)]),
    out: (text) => printed.push(text),
    err: (text) => problems.push(text),
    env,
    cwd: "/",
    parentPid: 4242,
    printed,
    problems,
  };
}

const PRE_TOOL = (cwd: string) =>
  JSON.stringify({
    session_id: "5f0c",
    transcript_path: "/home/op/.claude/projects/x/5f0c.jsonl",
    cwd,
    hook_event_name: "PreToolUse",
    tool_name: "Write",
    tool_input: { file_path: join(cwd, "notes.md"), content: "x".repeat(10_000) },
    tool_use_id: "toolu_1",
  });

const logLines = async (root: string) =>
  (await readFile(crewPaths(root).sessionEvents, "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));

describe("switchyard hook", () => {
  it("appends one line with the session, its pane, its agent and the tool, trimmed", async () => {
    const { root } = await crew();
    const hook = io(PRE_TOOL(root), {
      TMUX_PANE: "%3",
      TMUX: "/tmp/tmux-0/default,99,0",
      SWITCHYARD_AGENT: "agent-a",
    });
    expect(await runHook(["PreToolUse", "--root", root], hook)).toBe(0);
    const [line] = await logLines(root);
    expect(line).toMatchObject({
      v: 1,
      event: "PreToolUse",
      session: "5f0c",
      cwd: root,
      pid: 4242,
      pane: "%3",
      tmux: "/tmp/tmux-0/default",
      agent: "agent-a",
      tool: "Write",
      toolUseId: "toolu_1",
    });
    expect(line.input.file_path).toBe(join(root, "notes.md"));
    expect(line.input.content.length).toBeLessThan(400);
    expect(hook.printed).toEqual([]);
  });

  it("exits 0 and writes nothing for input that is not Claude Code's, or a folder that is not a crew root", async () => {
    const { root } = await crew();
    expect(await runHook(["Stop", "--root", root], io("not json"))).toBe(0);
    expect(await runHook(["Stop", "--root", "/"], io(PRE_TOOL("/")))).toBe(0);
    await expect(readFile(crewPaths(root).sessionEvents, "utf8")).rejects.toThrow();
  });

  it("exits 0 when the log cannot be written, and says why on stderr only", async () => {
    const { root } = await crew();
    await rm(crewPaths(root).appData, { recursive: true });
    await writeFile(crewPaths(root).appData, "a file where a folder should be");
    const hook = io(PRE_TOOL(root));
    expect(await runHook(["PreToolUse", "--root", root], hook)).toBe(0);
    expect(hook.problems.join("")).toMatch(/switchyard hook PreToolUse: /);
  });

  it("as a real process, with stdin closed at once, exits 0", async () => {
    const { root } = await crew();
    const result = await execa(process.execPath, [SWITCHYARD_BIN, "hook", "SessionEnd", "--root", root], {
      input: "",
      reject: false,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe("");
  });

  it("a pane's permission prompt without a host: recorded, nothing printed, the pane decides", async () => {
    const { root } = await crew();
    const input = JSON.stringify({
      session_id: "p1",
      cwd: root,
      hook_event_name: "PermissionRequest",
      tool_name: "Bash",
      tool_input: { command: "git push" },
    });
    const hook = io(input, { TMUX_PANE: "%1" });
    expect(await runHook(["PermissionRequest", "--root", root], hook)).toBe(0);
    expect(hook.printed).toEqual([]);
    expect((await logLines(root))[0]).toMatchObject({ event: "PermissionRequest", tool: "Bash" });
    expect((await logLines(root))[0].permissionId).toBeUndefined();
  });

  it("a pane's permission prompt with a host: held open, and the operator's answer is what Claude Code reads", async () => {
    const made = await crew();
    const config = await crewConfig(made);
    const broker = new PermissionBroker({
      root: made.root,
      config: () => config,
      notifier: { notify: async () => undefined as never },
    });
    await broker.start();
    try {
      const input = JSON.stringify({
        session_id: "p1",
        cwd: made.root,
        hook_event_name: "PermissionRequest",
        tool_name: "Bash",
        tool_input: { command: "git push origin main" },
      });
      const hook = io(input, { TMUX_PANE: "%1", SWITCHYARD_AGENT: "agent-a" });
      const running = runHook(["PermissionRequest", "--root", made.root], hook);
      let waiting = broker.pending();
      for (let tries = 0; waiting.length === 0 && tries < 100; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        waiting = broker.pending();
      }
      expect(waiting).toEqual([
        expect.objectContaining({
          source: "session",
          sessionId: "p1",
          agent: "agent-a",
          tool: "Bash",
          pane: { id: "%1" },
        }),
      ]);
      // The session log names the request, so the window can offer Allow / Deny on the session itself.
      expect((await logLines(made.root))[0].permissionId).toBe(waiting[0]?.id);
      await broker.answer(waiting[0]?.id ?? "", "allow-task");
      expect(await running).toBe(0);
      expect(JSON.parse(hook.printed.join(""))).toEqual({
        hookSpecificOutput: {
          hookEventName: "PermissionRequest",
          decision: {
            behavior: "allow",
            updatedPermissions: [
              { type: "addRules", rules: [{ toolName: "Bash" }], behavior: "allow", destination: "session" },
            ],
          },
        },
      });
    } finally {
      await broker.stop();
    }
  });

  it("what it records is what `status` shows without a host: the session, why it waits, what it wrote", async () => {
    const { root } = await crew();
    // The hook's parent is the session's Claude Code; here, this live process.
    const send = (event: string, extra: Record<string, unknown>) =>
      runHook([event, "--root", root], {
        ...io(JSON.stringify({ session_id: "9d8c7b6a-1", cwd: root, hook_event_name: event, ...extra }), {
          SWITCHYARD_AGENT: "agent-a",
        }),
        parentPid: process.pid,
      });
    await send("SessionStart", { source: "startup" });
    await send("PostToolUse", {
      tool_name: "Write",
      tool_input: { file_path: join(root, "outputs/notes.md") },
    });
    await send("PreToolUse", {
      tool_name: "AskUserQuestion",
      tool_input: { questions: [{ question: "Which database?" }] },
    });
    const text = await runCliInProcess(["status", "--root", root]);
    expect(text.stdout).toContain("sessions: 1 live, 1 waiting");
    expect(text.stdout).toContain("    agent-a (session 9d8c7b6a): waiting, asks: Which database? ($0.00)");
    const json = JSON.parse((await runCliInProcess(["status", "--json", "--root", root])).stdout);
    expect(json.sessions).toEqual([
      expect.objectContaining({
        id: "9d8c7b6a-1",
        agent: "agent-a",
        state: "waiting",
        waitingFor: expect.objectContaining({ reason: "question", text: "Which database?" }),
        filesWritten: ["outputs/notes.md"],
      }),
    ]);
    expect(json.permissionRequests).toEqual([]);
    expect(json.conflicts).toEqual([]);
  });
});
