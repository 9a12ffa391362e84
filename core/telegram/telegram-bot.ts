/**
 * The Telegram bot (ARCHITECTURE.md, "Heartbeat, schedules, notifications"): grammY long polling over the crew service, plus the channel
 * that sends notifications to the allowed chats. Hosts start it when TELEGRAM_BOT_TOKEN is set
 * and `telegram.allowedChatIds` is not empty, and stop it before the service.
 */
import { Bot } from "grammy";
import type { TelegramConfig } from "../../shared/config.js";
import type { NotificationChannel } from "../notify/notifier.js";
import { describeError } from "./redact.js";
import { telegramChannel } from "./telegram-channel.js";
import { type TelegramCrew, telegramCommands } from "./telegram-commands.js";
import { type PlainMessages, telegramPlainMessages } from "./telegram-plain-messages.js";

export interface TelegramBotOptions {
  crew: TelegramCrew;
  token: string;
  /**
   * The `telegram` section, or a getter that follows the crew's config: the chat gate and the
   * notification channel read it at every update, so a chat removed in Settings is cut off at once.
   */
  config: TelegramConfig | (() => TelegramConfig);
  /** Where problems go, already redacted. */
  log?: (line: string) => void;
  /** Long-poll timeout in seconds (Telegram holds getUpdates this long when idle). */
  pollSeconds?: number;
}

/** Why the bot should not start, or undefined when it should: the host says so in one line. */
export function telegramDisabledReason(
  token: string | undefined,
  config: TelegramConfig,
): string | undefined {
  if (!token) return "TELEGRAM_BOT_TOKEN is not set";
  if (!config.enabled) return "telegram.enabled is false";
  if (config.allowedChatIds.length === 0) return "telegram.allowedChatIds is empty";
  return undefined;
}

/** The chats obeyed and told right now: none while the bot is switched off. */
const allowedChats = (config: TelegramConfig): readonly number[] =>
  config.enabled ? config.allowedChatIds : [];

export class TelegramBot {
  private constructor(
    private readonly bot: Bot,
    private readonly polling: Promise<void>,
    readonly username: string,
    /** Add to the crew's notifier: pop-ups to every allowed chat, approvals with buttons. */
    readonly channel: NotificationChannel,
    private readonly plain: PlainMessages,
  ) {}

  /**
   * Checks the token (one getMe, so a wrong token or no network fails here with a reason
   * rather than retrying forever), then polls in the background until `stop()`.
   */
  static async start(options: TelegramBotOptions): Promise<TelegramBot> {
    const { token } = options;
    const settings = options.config;
    const config = typeof settings === "function" ? settings : () => settings;
    const log = options.log ?? ((line: string) => console.error(line));
    const problem = (error: unknown) => log(`telegram: ${describeError(error, token)}`);
    const apiRoot = config().apiRoot;
    const bot = new Bot(token, apiRoot ? { client: { apiRoot } } : {});
    try {
      bot.botInfo = await bot.api.getMe();
    } catch (error) {
      throw new Error(`telegram: the bot could not sign in: ${describeError(error, token)}`);
    }
    bot.catch((error) => problem(error.error));
    bot.use(telegramCommands({ crew: options.crew, allowedChatIds: () => allowedChats(config()) }));
    // After the commands and their chat gate: only allowed chats' plain messages get here.
    const plain = telegramPlainMessages(options.crew, problem);
    bot.use(plain.composer);
    // Returns once polling runs, so a stop() right after start() cannot miss the loop.
    let started: () => void = () => undefined;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const polling = bot
      .start({
        allowed_updates: ["message", "callback_query"],
        timeout: options.pollSeconds ?? 30,
        onStart: () => started(),
      })
      .catch(problem)
      .finally(() => started());
    await running;
    const channel = telegramChannel(bot.api, () => allowedChats(config()), problem);
    return new TelegramBot(bot, polling, bot.botInfo.username, channel, plain);
  }

  /** Stops polling (confirming the updates handled so far), waits for the loop and for triages in flight. */
  async stop(): Promise<void> {
    if (this.bot.isRunning()) await this.bot.stop().catch(() => undefined);
    await this.polling;
    await this.plain.settled();
  }
}

export interface HostTelegramOptions {
  crew: TelegramCrew;
  notifier: { addChannel(channel: NotificationChannel): void };
  /** TELEGRAM_BOT_TOKEN: the only place the token comes from. */
  token: string | undefined;
  /** One line for the operator: polling as whom, or why the bot is off. */
  say: (line: string) => void;
  /** Problems, already redacted. */
  warn: (line: string) => void;
}

/**
 * What both hosts call: starts the bot when the token is set and chats are allowed, and adds
 * its notification channel. Never throws: a bot that cannot sign in is reported, without its
 * token, and the crew runs on without Telegram.
 */
export async function startTelegramForHost(options: HostTelegramOptions): Promise<TelegramBot | undefined> {
  const { token } = options;
  if (!token) return undefined;
  const config = options.crew.currentConfig.telegram;
  const disabled = telegramDisabledReason(token, config);
  if (disabled) {
    options.say(`telegram: off (${disabled})`);
    return undefined;
  }
  try {
    const live = () => options.crew.currentConfig.telegram;
    const bot = await TelegramBot.start({ crew: options.crew, token, config: live, log: options.warn });
    options.notifier.addChannel(bot.channel);
    options.say(`telegram: polling as @${bot.username}`);
    return bot;
  } catch (error) {
    options.warn(describeError(error, token));
    return undefined;
  }
}
