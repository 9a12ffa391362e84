/**
 * A pane's Claude Code (the real CLI, interactive, in a real tmux pane) as the operator sees it
 * from the crew: the session waits for a permission, the crew names its pane and brings it
 * forward, and the operator's Allow from the API reaches the pane's own prompt.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import type { Notification } from "../../../shared/notification.js";
import { CLAUDE_BIN, claudeEnv } from "../../../bench/support/claude-cli.js";
import { type HookedCrew, hookedCrew } from "../../support/hooked-crew.js";
import type { ParsedRequest, StandinReply } from "../../../bench/support/messages-api-standin.js";

const TMUX_SESSION = `switchyard-pane-test-${process.pid}`;
const crews: HookedCrew[] = [];
afterEach(async () => {
  await execa("tmux", ["kill-session", "-t", TMUX_SESSION], { reject: false });
  for (const crew of crews.splice(0)) await crew.stopAll();
});

const pushOnce = (request: ParsedRequest): StandinReply =>
  request.toolResults.length
    ? { kind: "text", text: "Pushed." }
    : { kind: "tool_use", name: "Bash", input: { command: "git push origin main", description: "Push" } };

/** What a first run would ask (theme, trust, the API key) is answered in the sandbox's config. */
async function skipFirstRun(crew: HookedCrew): Promise<void> {
  await mkdir(crew.sandbox.configDir, { recursive: true });
  await writeFile(
    join(crew.sandbox.configDir, ".claude.json"),
    JSON.stringify({
      hasCompletedOnboarding: true,
      theme: "dark",
      customApiKeyResponses: { approved: ["test-key"], rejected: [] },
      projects: { [crew.crew.root]: { hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true } },
    }),
  );
}

const pane = async () => (await execa("tmux", ["capture-pane", "-p", "-t", TMUX_SESSION])).stdout;

async function paneShows(text: string): Promise<string> {
  let shown = "";
  for (let tries = 0; tries < 100; tries++) {
    shown = await pane();
    if (shown.includes(text)) return shown;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the pane never showed "${text}":\n${shown}`);
}

describe("a Claude Code session in a tmux pane", () => {
  it("waits for a permission the operator allows from the API, while its own prompt stays answerable", async () => {
    const crew = await hookedCrew(() => pushOnce);
    crews.push(crew);
    await skipFirstRun(crew);
    const env = {
      ...claudeEnv(crew.standin.url, crew.sandbox),
      SWITCHYARD_AGENT: "agent-a",
      TERM: "xterm-256color",
    };
    await execa("tmux", [
      "new-session",
      "-d",
      "-s",
      TMUX_SESSION,
      "-x",
      "160",
      "-y",
      "50",
      "-c",
      crew.crew.root,
      ...Object.entries(env).flatMap(([key, value]) => ["-e", `${key}=${value}`]),
      CLAUDE_BIN,
      "--model",
      "sonnet",
    ]);
    await paneShows("❯");
    await execa("tmux", ["send-keys", "-t", TMUX_SESSION, "-l", "push the release"]);
    await execa("tmux", ["send-keys", "-t", TMUX_SESSION, "Enter"]);

    const session = await crew.until("the pane's session waiting", (status) =>
      status.sessions.find(
        (candidate) => candidate.state === "waiting" && candidate.waitingFor?.permissionId,
      ),
    );
    expect(session).toMatchObject({
      agent: "agent-a",
      waitingFor: { reason: "permission", tool: "Bash", input: "git push origin main" },
      pane: { session: TMUX_SESSION, index: 0, target: `${TMUX_SESSION}:0.0` },
    });
    // The pane shows its own prompt meanwhile: the operator may answer there instead.
    await paneShows("Do you want to proceed?");
    const feed = await crew.api<Notification[]>("notifications", { limit: 50 });
    const waiting = feed.find((notification) => notification.kind === "session");
    expect(waiting).toMatchObject({
      title: "agent-a (pane 0) asks to run Bash: git push origin main",
      sessionId: session.id,
      permissionId: session.waitingFor?.permissionId,
      actions: ["allow", "allow-task", "deny"],
    });
    expect(waiting?.body).toContain(`tmux attach -t ${TMUX_SESSION}`);
    expect(await crew.api("focusSession", { id: session.id })).toEqual({
      ok: true,
      detail: `selected ${TMUX_SESSION}:0.0; not in front of it? run: tmux attach -t ${TMUX_SESSION}`,
    });

    expect(
      await crew.api("answerPermission", { id: session.waitingFor?.permissionId, decision: "allow-once" }),
    ).toMatchObject({ ok: true });
    await paneShows("Allowed by PermissionRequest hook");
    await paneShows("Pushed.");
    await crew.until("the session idle again", (status) =>
      status.sessions.find((candidate) => candidate.id === session.id && candidate.state === "idle"),
    );
  });
});
