/**
 * Booting and stopping a crew, written once for both hosts: the headless daemon and the tray
 * app's main process each call `startCrewHost`, then add their own window transport (HTTP +
 * SSE, or IPC). The order matters and lives only here: Telegram is started before the service
 * so its channel hears the first notifications, and stopped before it so no chat can act on a
 * crew that is shutting down; the service stops last, ending its workers (their tasks resume
 * on the next start).
 */
import { CrewService } from "../core/crew-service.js";
import type { NotificationChannel } from "../core/notify/notifier.js";
import { startTelegramForHost, type TelegramBot } from "../core/telegram/telegram-bot.js";
import { claimHost } from "./host-lock.js";

export interface CrewHostOptions {
  root: string;
  /** What this host is, for another that finds it running ("switchyard daemon", "Switchyard app"). */
  program: string;
  /** The host's own pop-up channels (the tray app's desktop notifications). */
  channels?: NotificationChannel[];
  /** Where TELEGRAM_BOT_TOKEN is read from. */
  env?: NodeJS.ProcessEnv;
  /** One line for the operator (what runs, as whom). */
  say: (line: string) => void;
  /** Problems, already redacted. */
  warn: (line: string) => void;
  /** Called once the service exists and before it starts, so listeners hear start-up recovery too. */
  onOpen?: (service: CrewService) => void;
}

export interface CrewHost {
  service: CrewService;
  telegram: TelegramBot | undefined;
  /** Tells a second host where this one's dashboard is. */
  announce(details: { dashboard: string }): Promise<void>;
  /** Stops Telegram, then the service and its workers; safe to call more than once. */
  stop(): Promise<void>;
}

/**
 * Starts the crew on a root, unless another host runs it already: then it throws HostBusy
 * (hosts/host-lock.ts), which says who and where, and starts nothing.
 */
export async function startCrewHost(options: CrewHostOptions): Promise<CrewHost> {
  const hostLock = await claimHost(options.root, options.program);
  const service = await CrewService.open(options.root, {
    watch: true,
    warn: options.warn,
    ...(options.channels ? { channels: options.channels } : {}),
  }).catch(async (error: unknown) => {
    await hostLock.release();
    throw error;
  });
  options.onOpen?.(service);
  const telegram = await startTelegramForHost({
    crew: service,
    notifier: service.notifier,
    token: (options.env ?? process.env).TELEGRAM_BOT_TOKEN,
    say: options.say,
    warn: options.warn,
  });
  try {
    await service.start();
  } catch (error) {
    await telegram?.stop();
    await hostLock.release();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    service,
    telegram,
    announce: (details) => hostLock.announce(details),
    stop() {
      stopping ??= (async () => {
        await telegram?.stop();
        await service.stop();
        await hostLock.release();
      })();
      return stopping;
    },
  };
}
