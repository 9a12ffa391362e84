/**
 * A local Bot API server for the Telegram bot's tests, at `/bot<token>/<method>`: `getMe`,
 * `getUpdates` (queued updates, a brief long poll), `sendMessage`, `editMessageText`,
 * `answerCallbackQuery`, `sendChatAction`, `deleteWebhook`. Point `telegram.apiRoot` at `apiRoot`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface StandinCall {
  method: string;
  body: Record<string, unknown>;
  /** When the request arrived (epoch milliseconds). */
  at: number;
}

export interface TelegramStandin {
  apiRoot: string;
  token: string;
  calls: StandinCall[];
  /** A user in `chatId` (a private chat) sends `text`. */
  sendText(chatId: number, text: string): void;
  /** A user in `chatId` presses a button with `data` under message `messageId`. */
  press(chatId: number, messageId: number, text: string, data: string): void;
  /** Resolves with the first call (from `since` on) that matches, or fails after `timeoutMs`. */
  waitFor(match: (call: StandinCall) => boolean, timeoutMs?: number, since?: number): Promise<StandinCall>;
  close(): Promise<void>;
}

const LONG_POLL_MS = 200;

export async function startTelegramStandin(token = "123456:TEST-secret-token_abc"): Promise<TelegramStandin> {
  const calls: StandinCall[] = [];
  const updates: Record<string, unknown>[] = [];
  let nextUpdateId = 1;
  let nextMessageId = 100;
  let wake: (() => void) | undefined;
  const pushUpdate = (update: Record<string, unknown>) => {
    updates.push({ update_id: nextUpdateId++, ...update });
    wake?.();
  };
  const user = (chatId: number) => ({ id: chatId, is_bot: false, first_name: "Operator", username: "op" });
  const chat = (chatId: number) => ({ id: chatId, type: "private", first_name: "Operator" });

  const answer = async (method: string, body: Record<string, unknown>): Promise<unknown> => {
    switch (method) {
      case "getMe":
        return { id: 42, is_bot: true, first_name: "Switchyard", username: "switchyard_test_bot" };
      case "deleteWebhook":
      case "answerCallbackQuery":
      case "sendChatAction":
        return true;
      case "getUpdates": {
        const offset = Number(body.offset ?? 0);
        const ready = () => updates.filter((update) => Number(update.update_id) >= offset);
        if (ready().length === 0 && Number(body.timeout ?? 0) > 0)
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, LONG_POLL_MS);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        wake = undefined;
        return ready();
      }
      case "sendMessage":
        return {
          message_id: nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: chat(Number(body.chat_id)),
          text: body.text,
          ...(body.reply_markup ? { reply_markup: body.reply_markup } : {}),
        };
      case "editMessageText":
        return {
          message_id: Number(body.message_id),
          date: Math.floor(Date.now() / 1000),
          chat: chat(Number(body.chat_id)),
          text: body.text,
        };
      default:
        throw new Error(`the stand-in does not know ${method}`);
    }
  };

  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? "");
    const reply = (status: number, json: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(json));
    };
    if (!match || match[1] !== token)
      return reply(401, { ok: false, error_code: 401, description: "Unauthorized" });
    const method = match[2] ?? "";
    calls.push({ method, body, at: Date.now() });
    try {
      reply(200, { ok: true, result: await answer(method, body) });
    } catch (error) {
      reply(400, { ok: false, error_code: 400, description: (error as Error).message });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    calls,
    sendText(chatId, text) {
      const command = /^\/\w+/.exec(text)?.[0];
      pushUpdate({
        message: {
          message_id: nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: chat(chatId),
          from: user(chatId),
          text,
          ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command.length }] } : {}),
        },
      });
    },
    press(chatId, messageId, text, data) {
      pushUpdate({
        callback_query: {
          id: `cb-${nextUpdateId}`,
          from: user(chatId),
          chat_instance: "standin",
          data,
          message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: chat(chatId), text },
        },
      });
    },
    async waitFor(match, timeoutMs = 10_000, since = 0) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = calls.slice(since).find(match);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no matching Bot API call; saw: ${calls.map((call) => call.method).join(", ")}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      wake?.();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
