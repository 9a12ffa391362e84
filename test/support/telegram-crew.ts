/**
 * A crew service with its Telegram bot running against the Bot API stand-in, as a host starts
 * them (bot first, its channel on the notifier, then the service), and stopped in the host's order.
 */
import { CrewService } from "../../core/crew-service.js";
import { TelegramBot } from "../../core/telegram/telegram-bot.js";
import type { StandinCall, TelegramStandin } from "./telegram-standin.js";

export interface TelegramCrew {
  service: CrewService;
  bot: TelegramBot;
  /** What the bot logged (already redacted). */
  logged: string[];
  stop(): Promise<void>;
}

/** The crew root's switchyard.json must point `telegram.apiRoot` at the stand-in. */
export async function startTelegramCrew(root: string, standin: TelegramStandin): Promise<TelegramCrew> {
  const service = await CrewService.open(root, { watch: true, channels: [] });
  const logged: string[] = [];
  const bot = await TelegramBot.start({
    crew: service,
    token: standin.token,
    config: service.currentConfig.telegram,
    log: (line) => logged.push(line),
    pollSeconds: 1,
  });
  service.notifier.addChannel(bot.channel);
  await service.start();
  return {
    service,
    bot,
    logged,
    async stop() {
      await bot.stop();
      await service.stop();
    },
  };
}

export const sentTo =
  (chatId: number, pattern: RegExp) =>
  (call: StandinCall): boolean =>
    call.method === "sendMessage" && call.body.chat_id === chatId && pattern.test(String(call.body.text));

export const messagesTo = (standin: TelegramStandin, chatId: number): string[] =>
  standin.calls
    .filter((call) => call.method === "sendMessage" && call.body.chat_id === chatId)
    .map((call) => String(call.body.text));
