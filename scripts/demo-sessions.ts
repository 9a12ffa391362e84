/**
 * The demo crew's Claude Code sessions, for the README's pictures: real tmux panes (running
 * `sleep`, standing in for `claude`), the session log their hooks would have written, priced
 * transcripts, a conflict, and, once the daemon runs, a pane asking to run `git push`.
 */
import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { crewPaths } from "../core/crew-root.js";
import { newRequestId, requestPath, writeJsonFile } from "../core/permissions/permission-files.js";
import type { HookRecord } from "../core/sessions/hook-record.js";

const MINUTE = 60_000;
const at = (now: number, msAgo: number) => new Date(now - msAgo).toISOString();

export interface DemoPanes {
  session: string;
  ids: string[];
  stop(): Promise<void>;
}

/** Three real tmux panes, so the crew can name them and bring them forward. */
export async function startDemoPanes(session = `switchyard-demo-${process.pid}`): Promise<DemoPanes> {
  await execa("tmux", ["new-session", "-d", "-s", session, "-x", "200", "-y", "50", "sleep", "3600"]);
  for (let pane = 1; pane < 3; pane++) await execa("tmux", ["split-window", "-t", session, "sleep", "3600"]);
  const listed = await execa("tmux", ["list-panes", "-s", "-t", session, "-F", "#{pane_id}"]);
  return {
    session,
    ids: String(listed.stdout).split("\n").filter(Boolean),
    stop: async () => void (await execa("tmux", ["kill-session", "-t", session], { reject: false })),
  };
}

/** A transcript whose usage prices at about `usd` on Sonnet ($3 / $15 per million tokens). */
async function transcript(root: string, id: string, usd: number, now: number): Promise<string> {
  const path = join(crewPaths(root).appData, "demo-transcripts", `${id}.jsonl`);
  await mkdir(dirname(path), { recursive: true });
  const output = Math.round((usd * 0.6 * 1_000_000) / 15);
  const input = Math.round((usd * 0.4 * 1_000_000) / 3);
  const line = {
    type: "assistant",
    timestamp: at(now, 10 * MINUTE),
    sessionId: id,
    requestId: `req-${id}`,
    message: {
      id: `msg-${id}`,
      model: "claude-sonnet-4-5",
      usage: { input_tokens: input, output_tokens: output },
    },
  };
  await writeFile(path, `${JSON.stringify(line)}\n`);
  return path;
}

const SESSIONS = {
  paneA: "3f6b1c2e-6d7a-4e21-9c1d-5a0b8e7f9a10",
  paneB: "8c2d4e6f-1a3b-4c5d-8e9f-0a1b2c3d4e5f",
  paneC: "c0ffee00-2222-4333-8444-555566667777",
  worker: "d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6",
};

/** The log the hooks would have written over the last hours, a priced transcript per session, and one conflict. */
export async function writeDemoSessions(root: string, panes: DemoPanes, now = Date.now()): Promise<void> {
  const [paneA = "%0", paneB = "%1", paneC = "%2"] = panes.ids;
  const pid = process.pid; // alive while the pictures are taken, so no session is ended as gone
  const records: HookRecord[] = [];
  const hook = (session: string, minutesAgo: number, event: string, extra: Partial<HookRecord>) =>
    records.push({
      v: 1,
      at: at(now, minutesAgo * MINUTE),
      event,
      session,
      cwd: root,
      pid,
      ...extra,
    });
  const a = { agent: "agent-a", pane: paneA, transcript: await transcript(root, SESSIONS.paneA, 0.42, now) };
  const b = { agent: "agent-b", pane: paneB, transcript: await transcript(root, SESSIONS.paneB, 0.18, now) };
  const c = {
    agent: "researcher",
    pane: paneC,
    transcript: await transcript(root, SESSIONS.paneC, 0.05, now),
  };
  const w = {
    agent: "agent-b",
    task: "draft-april-newsletter",
    transcript: await transcript(root, SESSIONS.worker, 0.41, now),
  };
  hook(SESSIONS.worker, 152, "SessionStart", { ...w, source: "startup", model: "claude-sonnet-4-5" });
  hook(SESSIONS.worker, 150, "PostToolUse", {
    ...w,
    tool: "Write",
    input: { file_path: join(root, "outputs/newsletter-april.md") },
  });
  hook(SESSIONS.worker, 130, "SessionEnd", { ...w, reason: "other" });
  hook(SESSIONS.paneA, 45, "SessionStart", { ...a, source: "startup", model: "claude-sonnet-4-5" });
  hook(SESSIONS.paneA, 44, "UserPromptSubmit", { ...a, prompt: "Tidy the FAQ and the checkout template" });
  hook(SESSIONS.paneB, 30, "SessionStart", { ...b, source: "startup", model: "claude-sonnet-4-5" });
  hook(SESSIONS.paneB, 29, "UserPromptSubmit", { ...b, prompt: "Put the new prices in the FAQ" });
  hook(SESSIONS.paneB, 25, "PostToolUse", {
    ...b,
    tool: "Write",
    input: { file_path: join(root, "outputs/faq.md") },
  });
  hook(SESSIONS.paneA, 21, "PostToolUse", {
    ...a,
    tool: "Edit",
    input: { file_path: join(root, "outputs/faq.md") },
  });
  hook(SESSIONS.paneC, 15, "SessionStart", { ...c, source: "startup", model: "claude-sonnet-4-5" });
  hook(SESSIONS.paneC, 14, "UserPromptSubmit", {
    ...c,
    prompt: "Which competitor changed prices this week?",
  });
  hook(SESSIONS.paneC, 12, "Stop", c);
  hook(SESSIONS.paneC, 11, "Notification", {
    ...c,
    kind: "idle_prompt",
    message: "Claude is waiting for your input",
  });
  hook(SESSIONS.paneB, 6, "Stop", b);
  hook(SESSIONS.paneA, 3, "PostToolUse", {
    ...a,
    tool: "Edit",
    input: { file_path: join(root, "templates/checkout.html") },
  });
  hook(SESSIONS.paneA, 1, "PreToolUse", { ...a, tool: "Bash", input: { command: "npm test" } });
  const log = crewPaths(root).sessionEvents;
  await mkdir(dirname(log), { recursive: true });
  await writeFile(
    log,
    records
      .map((record) => JSON.stringify(record))
      .join("\n")
      .concat("\n"),
  );
  const conflict = {
    id: "demo-conflict",
    at: at(now, 21 * MINUTE),
    path: "outputs/faq.md",
    writers: [
      { kind: "session", id: SESSIONS.paneB, label: "agent-b (pane 1)", at: at(now, 25 * MINUTE) },
      { kind: "session", id: SESSIONS.paneA, label: "agent-a (pane 0)", at: at(now, 21 * MINUTE) },
    ],
    resource: "outputs-faq.md",
    fix: {
      locksLine: "LOCKS: outputs-faq.md",
      lockRun: "switchyard lock run outputs-faq.md --as agent-a --wait 60 -- <command>",
    },
  };
  await writeFile(crewPaths(root).conflicts, `${JSON.stringify(conflict)}\n`);
}

/** Once the daemon runs: agent-b's pane asks to run `git push`, and the host holds the request open. */
export async function askFromPane(root: string, panes: DemoPanes, now = Date.now()): Promise<void> {
  const pane = panes.ids[1] ?? "%1";
  const id = newRequestId(new Date(now));
  const input = { command: "git push origin main", description: "Push the new prices" };
  await mkdir(crewPaths(root).permissions, { recursive: true });
  await writeJsonFile(requestPath(root, id), {
    id,
    at: new Date(now).toISOString(),
    expiresAt: new Date(now + 30 * MINUTE).toISOString(),
    source: "session",
    sessionId: SESSIONS.paneB,
    agent: "agent-b",
    pane: { id: pane },
    tool: "Bash",
    input,
    askerPid: process.pid,
  });
  const base = { v: 1, session: SESSIONS.paneB, cwd: root, pid: process.pid, agent: "agent-b", pane };
  const lines = [
    { ...base, at: new Date(now - 2_000).toISOString(), event: "UserPromptSubmit", prompt: "Ship it" },
    { ...base, at: new Date(now - 1_000).toISOString(), event: "PreToolUse", tool: "Bash", input },
    {
      ...base,
      at: new Date(now).toISOString(),
      event: "PermissionRequest",
      tool: "Bash",
      input,
      permissionId: id,
    },
  ];
  await appendFile(crewPaths(root).sessionEvents, lines.map((line) => `${JSON.stringify(line)}\n`).join(""));
}
