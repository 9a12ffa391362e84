/**
 * Where a message to the always-on agent came from (a task's FROM): a Telegram chat or the
 * window's Ask the crew box. The words that differ by channel (who asked, what still works
 * when triage cannot, where the result arrives) live here.
 */

/** The FROM of a task delegated from the window's Ask the crew box. */
export const WINDOW_ASKER = "window";

export interface AskChannel {
  /** "from Telegram chat 123", for the task's CONTEXT. */
  asker: string;
  /** What the operator can still do when triage cannot answer. */
  fallback: string;
  /** Where the result of delegated work will arrive. */
  reportBack: string;
}

/** The Telegram chat a FROM names, if it names one. */
export function telegramChatOf(from: string | undefined): number | undefined {
  const match = /^telegram:(-?\d+)$/.exec(from ?? "");
  return match ? Number(match[1]) : undefined;
}

/** Whether a task's FROM is a channel that waits for the answer (and gets the report). */
export const isAskingChannel = (from: string | undefined): boolean =>
  from === WINDOW_ASKER || telegramChatOf(from) !== undefined;

export function channelOf(from: string): AskChannel {
  const chat = telegramChatOf(from);
  if (chat !== undefined)
    return {
      asker: `from Telegram chat ${chat}`,
      fallback: "/status, /tasks and /queue <text> still work.",
      reportBack: "I will report here when it is done.",
    };
  return {
    asker: "in the window's Ask the crew box",
    fallback: "The views still show everything, and the Tasks view adds tasks.",
    reportBack: "Its result will show here and in Notifications.",
  };
}
