/**
 * Plain Telegram messages triaged on tier 0 (a local Ollama, here its stand-in): a question is
 * answered from the crew's files without creating a task, the reply cites those files, and the
 * call is in tier 0's meter with its tokens.
 */
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readLedger } from "../../../core/costs/ledger.js";
import { appendResultFooter } from "../../../shared/task-file.js";
import { type CrewFixture, makeCrew, SEED_TASK } from "../../support/crew-fixture.js";
import { type OllamaStandin, startOllamaStandin } from "../../support/ollama-standin.js";
import { messagesTo, sentTo, startTelegramCrew, type TelegramCrew } from "../../support/telegram-crew.js";
import { startTelegramStandin, type TelegramStandin } from "../../support/telegram-standin.js";

const ALLOWED = 111;
const STRANGER = 999;
const FAILED_FILE = "coordination/failed/listing_update.md";

interface Chat {
  role: string;
  content: string;
}

let running: { telegram: TelegramStandin; ollama: OllamaStandin; crew: CrewFixture; host: TelegramCrew };
afterEach(async () => {
  await running.host.stop();
  await running.telegram.close();
  await running.ollama.close();
  await running.crew.cleanup();
});

/**
 * The model stand-in reads the context it was sent, as a model would: the line about the
 * failed task, with the file it came from in brackets, becomes the answer and its source.
 */
function answerFromContext(body: unknown): string {
  const user = (body as { messages: Chat[] }).messages.find((message) => message.role === "user");
  const line = user?.content.split("\n").find((text) => text.startsWith("- listing_update")) ?? "";
  const reason = /— ([^;]+);/.exec(line)?.[1] ?? "no idea";
  const source = /\[([^\]]+)\]$/.exec(line)?.[1] ?? "";
  return JSON.stringify({
    action: "answer",
    answer: `listing_update failed because ${reason}.`,
    sources: [source, "not/in/the/context.md"],
  });
}

async function start(): Promise<typeof running> {
  const telegram = await startTelegramStandin();
  const ollama = await startOllamaStandin(answerFromContext);
  const crew = await makeCrew({
    worker: { command: "true" },
    notifications: { desktop: false },
    costs: { importInteractive: false },
    tiers: { "0": { model: "qwen2.5:7b" } },
    triage: { url: ollama.url },
    telegram: { apiRoot: telegram.apiRoot, allowedChatIds: [ALLOWED] },
  });
  const failed = appendResultFooter(SEED_TASK, {
    status: "failed",
    agent: "agent-b",
    tier: 2,
    attempts: 3,
    finished: "2026-04-09T20:00:00.000Z",
    reason: "the worker reported success but outputs/listing_update_result.md does not exist",
  });
  await writeFile(join(crew.root, FAILED_FILE), failed);
  const host = await startTelegramCrew(crew.root, telegram);
  running = { telegram, ollama, crew, host };
  return running;
}

const inboxTasks = async (crew: CrewFixture): Promise<string[]> => {
  const coordination = join(crew.root, "coordination");
  const inboxes = (await readdir(coordination)).filter((name) => name.startsWith("for_"));
  const files = await Promise.all(inboxes.map((inbox) => readdir(join(coordination, inbox))));
  return files.flat();
};

describe("triage on tier 0", () => {
  it("answers a question from the crew's state, citing the files, without creating a task", async () => {
    const { telegram, ollama, crew, host } = await start();
    telegram.sendText(ALLOWED, "Why did the listing task fail?");
    const reply = await telegram.waitFor(sentTo(ALLOWED, /listing_update failed because/));
    expect(reply.body.text).toBe(
      "listing_update failed because the worker reported success but outputs/listing_update_result.md does not exist.\n\n" +
        `Sources: ${FAILED_FILE} · triaged on tier 0, $0.0000`,
    );
    // It answered the message it was sent, in the chat that sent it.
    expect(reply.body.reply_parameters).toMatchObject({ message_id: expect.any(Number) });
    expect(await inboxTasks(crew)).toEqual([]);

    // One model call, with the system prompt and a bounded context.
    expect(ollama.requests).toHaveLength(1);
    const request = ollama.requests[0] as { model: string; format: string; messages: Chat[] };
    expect(request).toMatchObject({ model: "qwen2.5:7b", format: "json" });
    expect(request.messages[1]?.content.length).toBeLessThan(6_000 + 500);

    // The call is in tier 0's meter (free, with its tokens) and in the always-on agent's usage.
    const [entry, ...more] = await readLedger(crew.root);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ source: "triage", tier: 0, model: "qwen2.5:7b", costUsd: 0, attempt: 0 });
    expect(entry?.taskId).toBeUndefined();
    const status = await host.service.status();
    expect(status.alwaysOn.triage.calls).toBe(1);
    expect(status.alwaysOn.triage.tokens).toBeGreaterThan(100);
    expect(status.costs["0"]?.today).toBe(0);
  });

  it("calls no model for a chat that is not allowed, and leaves commands to the commands", async () => {
    const { telegram, ollama } = await start();
    telegram.sendText(STRANGER, "What is agent-b doing?");
    telegram.sendText(ALLOWED, "/cost");
    await telegram.waitFor(sentTo(ALLOWED, /^Tier 0: today/));
    expect(messagesTo(telegram, STRANGER)).toEqual([
      "Sorry, this bot only answers the chats its operator allowed.",
    ]);
    expect(ollama.requests).toEqual([]);
  });
});
