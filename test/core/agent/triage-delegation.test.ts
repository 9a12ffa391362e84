/**
 * The delegation round trip with the real Claude Code CLI against the Messages API stand-in:
 * a plain Telegram message is triaged on tier 1 (one tool-less `claude -p` turn), becomes a
 * task for agent-b that asks for approval, runs as a real worker once approved, and its
 * verified output's first lines are reported to the chat that asked, and only to it.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readLedger } from "../../../core/costs/ledger.js";
import { parseTaskFile } from "../../../shared/task-file.js";
import { type ClaudeCrew, claudeCrew } from "../../support/claude-crew.js";
import {
  defaultSideReply,
  type ParsedRequest,
  writeThenReport,
} from "../../../bench/support/messages-api-standin.js";
import { messagesTo, sentTo, startTelegramCrew, type TelegramCrew } from "../../support/telegram-crew.js";
import { startTelegramStandin, type TelegramStandin } from "../../support/telegram-standin.js";

const ASKER = 111;
const OTHER = 222;
const HAIKU = "Quiet inbox hums\nagent-b writes while we sleep\nlocks fall, tasks complete\n";

let running: { telegram: TelegramStandin; claude: ClaudeCrew; host: TelegramCrew } | undefined;
afterEach(async () => {
  await running?.host.stop();
  await running?.telegram.close();
  await running?.claude.cleanup();
  running = undefined;
});

const systemText = (request: ParsedRequest): string =>
  JSON.stringify((request.body as { system?: unknown } | null)?.system ?? "");

/** The triage call is the CLI's tool-less one carrying the always-on agent's system prompt. */
const isTriage = (request: ParsedRequest) => systemText(request).includes("always-on agent");

describe("delegation round trip", () => {
  it("turns a request into a task that runs and is reported back to the chat that asked", async () => {
    const telegram = await startTelegramStandin();
    const claude = await claudeCrew(
      (root) => writeThenReport(join(root, "outputs/crew-haiku.md"), HAIKU, "Build complete"),
      {
        notifications: { desktop: false },
        agents: { "agent-a": {}, "agent-b": { tier: 2 } },
        telegram: { apiRoot: telegram.apiRoot, allowedChatIds: [ASKER, OTHER], agent: "agent-a" },
      },
      (request) =>
        isTriage(request)
          ? {
              kind: "text",
              text: JSON.stringify({
                action: "delegate",
                agent: "agent-b",
                task: "Write a haiku about the crew",
                tier: 2,
                expectedOutput: "outputs/crew-haiku.md",
                priority: "normal",
                why: "novel writing is tier 2 work",
              }),
              usage: { input_tokens: 900, output_tokens: 60 },
            }
          : defaultSideReply(request),
    );
    const host = await startTelegramCrew(claude.crew.root, telegram);
    running = { telegram, claude, host };

    telegram.sendText(ASKER, "Could someone write a haiku about the crew?");
    const queued = await telegram.waitFor(sentTo(ASKER, /^Queued for agent-b/), 30_000);
    const id = /as (\S+):/.exec(String(queued.body.text))?.[1] ?? "";
    expect(queued.body.text).toContain(
      `Queued for agent-b on tier 2 (sonnet) as ${id}: it writes outputs/crew-haiku.md. Needs your approval because tasks sent from Telegram ask first. Why: novel writing is tier 2 work. I will report here when it is done.`,
    );
    expect(queued.body.text).toMatch(
      /Task file: coordination\/for_agent_b\/.+\.md · triaged on tier 1, \$0\.\d{4}$/,
    );

    // The task says who asked and what they said; the triage model ran no tools and one turn.
    const taskText = await readFile(join(claude.crew.root, "coordination/for_agent_b", `${id}.md`), "utf8");
    const parsed = parseTaskFile(taskText);
    expect(parsed.ok && parsed.value.fields).toMatchObject({
      task: "Write a haiku about the crew",
      tier: 2,
      expectedOutput: "outputs/crew-haiku.md",
      from: `telegram:${ASKER}`,
    });
    expect(taskText).toContain('"Could someone write a haiku about the crew?"');
    const triageCalls = claude.standin.requests.filter(isTriage);
    expect(triageCalls).toHaveLength(1);
    expect(triageCalls[0]?.toolNames).toEqual([]);
    expect(triageCalls[0]?.model).toMatch(/haiku/);

    // Triage's cost is in tier 1's meter, as the always-on agent's, not as a worker run.
    const [triage] = await readLedger(claude.crew.root);
    expect(triage).toMatchObject({ source: "triage", tier: 1, model: "haiku", attempt: 0 });
    expect(triage?.costUsd).toBeGreaterThan(0);
    const before = await host.service.status();
    expect(before.costs["1"]?.today).toBeCloseTo(triage?.costUsd ?? -1, 10);
    expect(before.alwaysOn.triage).toMatchObject({ calls: 1, tokens: 960 });
    expect(before.awaitingApproval.map((task) => task.id)).toEqual([id]);

    // Approved from the chat, it runs as a real worker, and the asker hears what it produced.
    const approval = await telegram.waitFor(sentTo(ASKER, /^Approve\? Write a haiku/), 30_000);
    const keyboard = approval.body.reply_markup as { inline_keyboard: { callback_data: string }[][] };
    telegram.press(
      ASKER,
      900,
      String(approval.body.text),
      keyboard.inline_keyboard[0]?.[0]?.callback_data ?? "",
    );
    const report = await telegram.waitFor(sentTo(ASKER, /^Done: Write a haiku about the crew/), 60_000);
    expect(report.body.text).toContain(
      "agent-b: Quiet inbox hums\nagent-b writes while we sleep\nlocks fall, tasks complete",
    );
    expect(report.body.text).toContain("outputs/crew-haiku.md");
    expect(report.body.text).not.toContain("Build complete");
    expect(messagesTo(telegram, OTHER).filter((text) => text.startsWith("Done:"))).toEqual([]);
    expect(await claude.crew.read("outputs/crew-haiku.md")).toBe(HAIKU);
  }, 120_000);
});
