/** Tier 1 triage through the real Claude Code CLI, when the API refuses: a clear reason, no phantom cost. */
import { afterEach, describe, expect, it } from "vitest";
import { claudeOneShot, oneShotArgs } from "../../../core/agent/claude-oneshot.js";
import { readLedger } from "../../../core/costs/ledger.js";
import { CrewService } from "../../../core/crew-service.js";
import { type ClaudeCrew, claudeCrew } from "../../support/claude-crew.js";
import { replyWithText } from "../../../bench/support/messages-api-standin.js";

let claude: ClaudeCrew | undefined;
let service: CrewService | undefined;
afterEach(async () => {
  await service?.stop();
  await claude?.cleanup();
  service = undefined;
  claude = undefined;
});

describe("tier 1 triage through the CLI", () => {
  it("says why when the API refuses, and records no cost for a call that cost nothing", async () => {
    claude = await claudeCrew(
      () => replyWithText("unused"),
      { notifications: { desktop: false } },
      () => ({
        kind: "error",
        status: 401,
        errorType: "authentication_error",
        message: "invalid x-api-key",
      }),
    );
    service = await CrewService.open(claude.crew.root, { watch: false, channels: [] });
    const reply = await service.ask("What is agent-b doing?");
    expect(reply.kind).toBe("unavailable");
    expect(reply.text).toMatch(
      /^I could not triage this: the Claude Code CLI reported an error: Invalid API key/,
    );
    expect(await readLedger(claude.crew.root)).toEqual([]);
  }, 60_000);

  it("gives the model no tools and one turn, and reports the cost and tokens the CLI printed", async () => {
    claude = await claudeCrew(
      () => replyWithText("unused"),
      {},
      () => ({
        kind: "text",
        text: '{"action":"answer","answer":"ok","sources":[]}',
        usage: { input_tokens: 1000, output_tokens: 50 },
      }),
    );
    const answer = await claudeOneShot({
      config: claude.config,
      model: "haiku",
      system: "You are the always-on agent.",
      user: "hello; $(rm -rf /) `whoami`",
      timeoutMs: 30_000,
    });
    expect(answer).toMatchObject({
      text: '{"action":"answer","answer":"ok","sources":[]}',
      inputTokens: 1000,
      outputTokens: 50,
    });
    expect(answer.costUsd).toBeGreaterThan(0);
    const [request] = claude.standin.requests.filter((seen) => seen.kind === "side");
    expect(request?.toolNames).toEqual([]);
    expect(request?.lastUserText).toBe("hello; $(rm -rf /) `whoami`");
    expect(oneShotArgs({ model: "haiku", system: "s", user: "u" })).toEqual(
      expect.arrayContaining(["--tools", "", "--max-turns", "1", "--no-session-persistence"]),
    );
  }, 60_000);
});
