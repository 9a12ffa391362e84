/**
 * Notifications to Telegram: every allowed chat gets each pop-up (the notifier has already
 * applied quiet hours, the rate limit and digests), approval requests with Approve / Queue /
 * Reject buttons. A repeat edits the message it repeats instead of sending another. The report
 * of a task a chat asked for (`askedBy: telegram:<chat>`) goes to that chat only, when it is
 * allowed; to every allowed chat otherwise.
 */
import type { Api } from "grammy";
import type { Notification, NotificationChannel } from "../notify/notifier.js";
import { telegramChatOf } from "../agent/ask-channel.js";
import { approvalKeyboard, notificationText } from "./telegram-text.js";

/** How many delivered notifications are remembered for editing their count. */
const REMEMBERED = 200;

/** The chats a notification goes to: the one that asked, if it asked and is allowed; else all. */
export function recipientsOf(notification: Notification, chatIds: readonly number[]): readonly number[] {
  const asker = telegramChatOf(notification.askedBy);
  return asker !== undefined && chatIds.includes(asker) ? [asker] : chatIds;
}

export function telegramChannel(
  api: Api,
  /** The chats allowed now (read at each delivery: a chat removed in Settings hears nothing more). */
  chatIds: () => readonly number[],
  onError: (error: unknown) => void,
): NotificationChannel {
  const sent = new Map<string, { chatId: number; messageId: number }[]>();
  const remember = (id: string, messages: { chatId: number; messageId: number }[]) => {
    sent.set(id, messages);
    for (const oldest of sent.keys()) {
      if (sent.size <= REMEMBERED) break;
      sent.delete(oldest);
    }
  };
  return {
    name: "telegram",
    interrupts: true,
    async deliver(notification: Notification) {
      const keyboard = approvalKeyboard(notification);
      const messages: { chatId: number; messageId: number }[] = [];
      for (const chatId of recipientsOf(notification, chatIds())) {
        try {
          const message = await api.sendMessage(
            chatId,
            notificationText(notification),
            keyboard ? { reply_markup: keyboard } : {},
          );
          messages.push({ chatId, messageId: message.message_id });
        } catch (error) {
          onError(error);
        }
      }
      remember(notification.id, messages);
    },
    async update(notification: Notification) {
      // A message with buttons may already show its outcome; a repeat must not undo that.
      if (notification.kind === "approval" || notification.actions?.length) return;
      const allowed = chatIds();
      for (const { chatId, messageId } of sent.get(notification.id) ?? [])
        if (allowed.includes(chatId))
          await api.editMessageText(chatId, messageId, notificationText(notification)).catch(onError);
    },
  };
}
