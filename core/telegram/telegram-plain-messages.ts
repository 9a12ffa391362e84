/**
 * Plain messages (anything that is not a /command) from an allowed chat go to the always-on
 * agent's triage, which answers from the crew's state or queues a task (README, "Telegram").
 * Placed after the chat gate, so a chat that is not allowed never reaches it. A triage runs in
 * the background, so buttons and commands are answered meanwhile; each chat has at most one in
 * flight, so a burst of messages cannot become a burst of model calls.
 */
import { Composer, type Context } from "grammy";
import type { AskReply } from "../../shared/bridge.js";
import type { CrewService } from "../crew-service.js";

/** Telegram refuses messages over 4096 characters. */
const MESSAGE_LIMIT = 4000;

/** The reply as the chat reads it: the answer, then where it came from and what triage cost. */
export function askReplyText(reply: AskReply): string {
  const label = reply.kind === "delegated" ? "Task file" : "Sources";
  const sources = reply.sources.length ? `${label}: ${reply.sources.join(", ")}` : "";
  const cost =
    reply.tier === undefined ? "" : `triaged on tier ${reply.tier}, $${(reply.costUsd ?? 0).toFixed(4)}`;
  const footer = [sources, cost].filter(Boolean).join(" · ");
  const room = MESSAGE_LIMIT - footer.length - 2;
  const body = reply.text.length <= room ? reply.text : `${reply.text.slice(0, room - 1)}…`;
  return footer ? `${body}\n\n${footer}` : body;
}

export interface PlainMessages {
  composer: Composer<Context>;
  /** Resolves once every triage in flight has replied (the bot waits for it when it stops). */
  settled(): Promise<void>;
}

export function telegramPlainMessages(
  crew: Pick<CrewService, "ask">,
  onError: (error: unknown) => void,
): PlainMessages {
  const inFlight = new Map<number, Promise<void>>();
  const composer = new Composer<Context>();
  composer.on("message:text", async (ctx, next) => {
    const text = ctx.message.text;
    if (text.startsWith("/")) return next();
    const chatId = ctx.chat.id;
    const replyTo = { reply_parameters: { message_id: ctx.message.message_id } };
    if (inFlight.has(chatId)) {
      await ctx.reply("Still working on your last message; ask again once I have answered it.", replyTo);
      return;
    }
    await ctx.replyWithChatAction("typing").catch(onError);
    const work = crew
      .ask(text, `telegram:${chatId}`)
      .then((reply) => ctx.reply(askReplyText(reply), replyTo))
      .catch(async (error: unknown) => {
        onError(error);
        await ctx
          .reply(
            `I could not triage this: ${(error as Error).message}. /status and /queue <text> still work.`,
          )
          .catch(onError);
      })
      .then(() => undefined)
      .finally(() => inFlight.delete(chatId));
    inFlight.set(chatId, work);
  });
  return {
    composer,
    async settled() {
      await Promise.all(inFlight.values());
    },
  };
}
