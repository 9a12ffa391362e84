/**
 * What the bot answers: the chat gate first (only `telegram.allowedChatIds` are obeyed), then
 * `/status`, `/tasks`, `/queue <text>`, `/locks`, `/cost` and the approval buttons. Every
 * answer is built from the same CrewService the window uses, so Telegram never sees a
 * different crew than the dashboard.
 */
import { Composer, type Context } from "grammy";
import type { NotificationAction } from "../../shared/notification.js";
import type { CrewService } from "../crew-service.js";
import {
  costText,
  decidedText,
  locksText,
  PERMISSION_ACTIONS,
  parseCallbackData,
  statusText,
  tasksText,
} from "./telegram-text.js";

/** The part of the crew the bot drives. */
export type TelegramCrew = Pick<
  CrewService,
  "status" | "addTask" | "approve" | "queue" | "reject" | "answerPermission" | "ask"
> & {
  readonly currentConfig: CrewService["currentConfig"];
};

export interface TelegramCommandsOptions {
  crew: TelegramCrew;
  /** The chats obeyed now: read at every update, so a change in Settings applies at once. */
  allowedChatIds: () => readonly number[];
  now?: () => Date;
}

const REFUSAL = "Sorry, this bot only answers the chats its operator allowed.";

const HELP = [
  "Write anything else to ask the crew: I answer from its state, or queue the work as a task.",
  "/status: counts and today's spend",
  "/tasks: awaiting approval, running and pending tasks",
  "/queue <text>: add a task (it waits for your approval)",
  "/locks: held locks",
  "/cost: spend today and this month per tier",
].join("\n");

/** The agent `/queue` gives tasks to: `telegram.agent`, else the first configured agent. */
function defaultAgent(crew: TelegramCrew): string {
  const config = crew.currentConfig;
  return config.telegram.agent ?? Object.keys(config.agents)[0] ?? "agent-a";
}

/** Exact id first; a cut id (long ids do not fit in a button) only when one waiting task matches. */
async function resolveTaskId(crew: TelegramCrew, taskId: string, prefix: boolean): Promise<string> {
  if (!prefix) return taskId;
  const matches = (await crew.status()).awaitingApproval.filter((task) => task.id.startsWith(taskId));
  return matches.length === 1 && matches[0] ? matches[0].id : taskId;
}

export function telegramCommands({
  crew,
  allowedChatIds,
  now = () => new Date(),
}: TelegramCommandsOptions): Composer<Context> {
  const refused = new Set<number>();
  const composer = new Composer<Context>();

  // The gate: nothing below runs for a chat that is not allowed; it hears one refusal, once.
  composer.use(async (ctx, next) => {
    const chatId = ctx.chat?.id;
    if (chatId !== undefined && allowedChatIds().includes(chatId)) return next();
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text: REFUSAL });
      return;
    }
    if (chatId === undefined || refused.has(chatId) || ctx.chat?.type !== "private") return;
    refused.add(chatId);
    await ctx.reply(REFUSAL);
  });

  composer.command(["start", "help"], (ctx) => ctx.reply(HELP));
  composer.command("status", async (ctx) => ctx.reply(statusText(await crew.status(), now())));
  composer.command("tasks", async (ctx) => ctx.reply(tasksText(await crew.status())));
  composer.command("locks", async (ctx) => ctx.reply(locksText(await crew.status())));
  composer.command("cost", async (ctx) => ctx.reply(costText(await crew.status())));
  composer.command("queue", async (ctx) => {
    const text = ctx.match.trim();
    if (!text) return ctx.reply("Say what to do: /queue Summarize the notes");
    const agent = defaultAgent(crew);
    const result = await crew.addTask({ agent, task: text, from: `telegram:${ctx.chat.id}` });
    return ctx.reply(
      result.ok
        ? `Queued for ${agent} as ${result.id}. It waits for your approval.`
        : `Not queued: ${result.reason}`,
    );
  });

  composer.on("callback_query:data", async (ctx) => {
    const parsed = parseCallbackData(ctx.callbackQuery.data);
    if (!parsed) return ctx.answerCallbackQuery({ text: "This button is not one of mine." });
    // A permission request's id is short and whole; a task id may have been cut to fit.
    const id = PERMISSION_ACTIONS.has(parsed.action)
      ? parsed.taskId
      : await resolveTaskId(crew, parsed.taskId, parsed.prefix);
    const decide: Record<NotificationAction, (id: string) => ReturnType<TelegramCrew["approve"]>> = {
      approve: (id) => crew.approve(id),
      queue: (id) => crew.queue(id),
      reject: (id) => crew.reject(id, "rejected from Telegram"),
      allow: (id) => crew.answerPermission(id, "allow-once"),
      "allow-task": (id) => crew.answerPermission(id, "allow-task"),
      deny: (id) => crew.answerPermission(id, "deny"),
    };
    const result = await decide[parsed.action](id);
    await ctx.answerCallbackQuery({ text: result.ok ? "Done." : result.reason });
    const message = ctx.callbackQuery.message;
    if (message && "text" in message && message.text !== undefined) {
      const by = ctx.from.username ? `@${ctx.from.username}` : ctx.from.first_name;
      await ctx.editMessageText(decidedText(message.text, parsed.action, result, by));
    }
  });

  return composer;
}
