/**
 * The Telegram gate follows the config as it is now: a chat removed in Settings (or by a hand
 * edit) gets no answers, no approvals and no notifications from that moment; and every task
 * awaiting approval gets its own message with buttons, even when two share a title.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CrewService } from "../../../core/crew-service.js";
import { startTelegramForHost } from "../../../core/telegram/telegram-bot.js";
import { type CrewFixture, makeCrew } from "../../support/crew-fixture.js";
import {
  type StandinCall,
  startTelegramStandin,
  type TelegramStandin,
} from "../../support/telegram-standin.js";

const REMOVED = 111;
const KEPT = 222;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function hostWithBot(): Promise<{ standin: TelegramStandin; crew: CrewFixture; service: CrewService }> {
  const standin = await startTelegramStandin();
  cleanups.push(() => standin.close());
  const config = (allowedChatIds: number[]) => ({
    worker: { command: "true" },
    costs: { importInteractive: false },
    notifications: { desktop: false, maxPerMinute: 60 },
    telegram: { apiRoot: standin.apiRoot, allowedChatIds },
  });
  const crew = await makeCrew(config([REMOVED, KEPT]));
  cleanups.push(() => crew.cleanup());
  const service = await CrewService.open(crew.root, { watch: true, channels: [] });
  const bot = await startTelegramForHost({
    crew: service,
    notifier: service.notifier,
    token: standin.token,
    say: () => undefined,
    warn: () => undefined,
  });
  await service.start();
  cleanups.push(async () => {
    await bot?.stop();
    await service.stop();
  });
  expect(await service.writeConfig(JSON.stringify(config([KEPT])))).toEqual({ ok: true });
  return { standin, crew, service };
}

const messagesTo = (standin: TelegramStandin, chatId: number, since: number): StandinCall[] =>
  standin.calls.slice(since).filter((call) => call.method === "sendMessage" && call.body.chat_id === chatId);

describe("the Telegram gate", { timeout: 30_000 }, () => {
  it("obeys and tells nothing to a chat removed from allowedChatIds while the bot runs", async () => {
    const { standin, service } = await hostWithBot();
    const since = standin.calls.length;
    standin.sendText(REMOVED, "/queue Delete everything");
    standin.sendText(REMOVED, "/status");
    standin.sendText(KEPT, "/status"); // handled after the others: its answer marks the end
    await standin.waitFor(
      (call) => call.method === "sendMessage" && call.body.chat_id === KEPT,
      10_000,
      since,
    );
    await service.notifier.notify({
      kind: "info",
      priority: "high",
      title: "Heads up",
      body: "for the kept chat",
    });
    await standin.waitFor(
      (call) =>
        call.method === "sendMessage" &&
        call.body.chat_id === KEPT &&
        /Heads up/.test(String(call.body.text)),
      10_000,
      since,
    );
    expect(messagesTo(standin, REMOVED, since).map((call) => call.body.text)).toEqual([
      "Sorry, this bot only answers the chats its operator allowed.",
    ]);
    expect((await service.status()).awaitingApproval).toEqual([]);
  });

  it("sends every task awaiting approval its own buttons, even two with the same title", async () => {
    const { standin, crew } = await hostWithBot();
    const since = standin.calls.length;
    await crew.drop("for_agent_a", "deploy-eu.md", "TASK: Deploy the site\nAPPROVAL: required\n");
    await crew.drop("for_agent_b", "deploy-us.md", "TASK: Deploy the site\nAPPROVAL: required\n");
    const withButtons = () =>
      messagesTo(standin, KEPT, since).filter((call) => call.body.reply_markup !== undefined);
    const deadline = Date.now() + 10_000;
    while (withButtons().length < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const approveData = withButtons().map(
      (call) =>
        (call.body.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard[0]?.[0]
          ?.callback_data,
    );
    expect(approveData.sort()).toEqual(["approve:deploy-eu", "approve:deploy-us"]);
  });
});
