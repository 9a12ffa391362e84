import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CrewService } from "../../../core/crew-service.js";
import { askOperator } from "../../../core/permissions/permission-files.js";
import { describeError, redactToken } from "../../../core/telegram/redact.js";
import { startTelegramForHost, TelegramBot } from "../../../core/telegram/telegram-bot.js";
import { type CrewFixture, makeCrew } from "../../support/crew-fixture.js";
import {
  type StandinCall,
  startTelegramStandin,
  type TelegramStandin,
} from "../../support/telegram-standin.js";

const ALLOWED = 111;
const STRANGER = 999;

interface Running {
  standin: TelegramStandin;
  crew: CrewFixture;
  service: CrewService;
  bot: TelegramBot;
  logged: string[];
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.restoreAllMocks();
});

async function startBot(): Promise<Running> {
  const standin = await startTelegramStandin();
  cleanups.push(() => standin.close());
  const crew = await makeCrew({
    worker: { command: "true" },
    notifications: { desktop: false },
    telegram: { apiRoot: standin.apiRoot, allowedChatIds: [ALLOWED] },
  });
  cleanups.push(() => crew.cleanup());
  const service = await CrewService.open(crew.root, { watch: true, channels: [] });
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
  cleanups.push(async () => {
    await bot.stop();
    await service.stop();
  });
  return { standin, crew, service, bot, logged };
}

const sentTo =
  (chatId: number, pattern: RegExp) =>
  (call: StandinCall): boolean =>
    call.method === "sendMessage" && call.body.chat_id === chatId && pattern.test(String(call.body.text));

async function inboxFiles(crew: CrewFixture, inbox = "for_agent_a"): Promise<string[]> {
  return (await readdir(join(crew.root, "coordination", inbox))).filter((name) => name.endsWith(".md"));
}

describe("the Telegram bot", () => {
  it("answers /status in an allowed chat with the crew's real counts", async () => {
    const { standin, crew, bot, service } = await startBot();
    expect(bot.username).toBe("switchyard_test_bot");
    await crew.drop("for_agent_b", "needs-ok.md", "TASK: Needs an OK\nFROM: operator\nAPPROVAL: required\n");
    // A running host's status shows a dropped file once its engine has read and gated it.
    while ((await service.status()).awaitingApproval.length === 0)
      await new Promise((resolve) => setTimeout(resolve, 20));
    standin.sendText(ALLOWED, "/status");
    const reply = await standin.waitFor(sentTo(ALLOWED, /Pending:/));
    expect(reply.body.text).toContain("Awaiting approval: 1");
    expect(reply.body.text).toContain("Running: 0");
    expect(reply.body.text).toContain("Failed today: 0");
    expect(reply.body.text).toContain("Spend today:");
  });

  it("runs nothing for a chat that is not allowed and tells it nothing about the crew", async () => {
    const { standin, crew } = await startBot();
    standin.sendText(STRANGER, "/queue Delete everything");
    standin.sendText(STRANGER, "/status");
    standin.sendText(ALLOWED, "/tasks"); // handled after the stranger's, so its answer marks the end
    await standin.waitFor(sentTo(ALLOWED, /No tasks|Awaiting|Pending/));
    const toStranger = standin.calls.filter(
      (call) => call.method === "sendMessage" && call.body.chat_id === STRANGER,
    );
    expect(toStranger.map((call) => call.body.text)).toEqual([
      "Sorry, this bot only answers the chats its operator allowed.",
    ]);
    expect(await inboxFiles(crew)).toEqual([]);
  });

  it("queues /queue text as a task from telegram:<chat> that waits for approval, and the Approve button approves it", async () => {
    const { standin, crew, service } = await startBot();
    standin.sendText(ALLOWED, "/queue Summarize the notes");
    await standin.waitFor(sentTo(ALLOWED, /^Queued for agent-a as /));
    const [file] = await inboxFiles(crew);
    expect(file).toBeDefined();
    const text = await readFile(join(crew.root, "coordination", "for_agent_a", file ?? ""), "utf8");
    expect(text).toContain("TASK: Summarize the notes");
    expect(text).toContain(`FROM: telegram:${ALLOWED}`);

    // The approval request reaches the chat with its buttons.
    const request = await standin.waitFor(sentTo(ALLOWED, /^Approve\? Summarize the notes/));
    const id = (file ?? "").replace(/\.md$/, "");
    const keyboard = request.body.reply_markup as {
      inline_keyboard: { text: string; callback_data: string }[][];
    };
    expect(keyboard.inline_keyboard[0]?.map((button) => button.text)).toEqual(["Approve", "Queue", "Reject"]);
    const approve = keyboard.inline_keyboard[0]?.[0]?.callback_data ?? "";
    expect(id.startsWith(approve.replace(/^approve:/, "").replace(/\*$/, ""))).toBe(true);
    expect((await service.status()).awaitingApproval.map((task) => task.id)).toEqual([id]);

    const before = standin.calls.length;
    standin.press(ALLOWED, 555, String(request.body.text), approve);
    const edit = await standin.waitFor((call) => call.method === "editMessageText", 10_000, before);
    expect(edit.body.message_id).toBe(555);
    expect(edit.body.text).toMatch(/Approved by @op\.$/);
    await standin.waitFor((call) => call.method === "answerCallbackQuery", 10_000, before);
    expect((await service.status()).awaitingApproval).toEqual([]);
  });

  it("brings a worker's permission request with Allow once / Allow for this task / Deny, and Deny denies it", async () => {
    const { standin, crew } = await startBot();
    const asked = askOperator(crew.root, {
      source: "worker",
      taskId: "seed",
      agent: "agent-b",
      tool: "Bash",
      input: { command: "git push origin main" },
    });
    const request = await standin.waitFor(
      sentTo(ALLOWED, /^agent-b \(task seed\) asks to run Bash: git push origin main/),
    );
    const keyboard = request.body.reply_markup as {
      inline_keyboard: { text: string; callback_data: string }[][];
    };
    expect(keyboard.inline_keyboard[0]?.map((button) => button.text)).toEqual([
      "Allow once",
      "Allow for this task",
      "Deny",
    ]);
    const deny = keyboard.inline_keyboard[0]?.[2]?.callback_data ?? "";
    expect(deny).toMatch(/^deny:[\w-]+$/);
    const before = standin.calls.length;
    standin.press(ALLOWED, 556, String(request.body.text), deny);
    const edit = await standin.waitFor((call) => call.method === "editMessageText", 10_000, before);
    expect(edit.body.text).toMatch(/Denied by @op\.$/);
    expect(await asked).toMatchObject({ kind: "answered", answer: { decision: "deny", by: "operator" } });
  });

  it("never prints the token: not in logs, not in errors, not on stderr", async () => {
    const printed: string[] = [];
    for (const method of ["log", "error", "warn", "info", "debug"] as const)
      vi.spyOn(console, method).mockImplementation(
        (...args: unknown[]) => void printed.push(args.map(String).join(" ")),
      );
    const write = process.stderr.write.bind(process.stderr);
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      printed.push(String(chunk));
      return write(chunk, ...(rest as []));
    });

    const { standin, logged } = await startBot();
    standin.sendText(ALLOWED, "/cost");
    await standin.waitFor(sentTo(ALLOWED, /^Tier 0: today/));
    // A button the bot cannot act on, and a Bot API call that fails, both go to the log.
    standin.press(ALLOWED, 1, "old", "approve:no-such-task");
    await standin.waitFor((call) => call.method === "answerCallbackQuery");

    const wrong = await TelegramBot.start({
      crew: {} as never,
      token: standin.token,
      config: { allowedChatIds: [ALLOWED], enabled: true, apiRoot: "http://127.0.0.1:1" },
    }).catch((error: Error) => error);
    expect(wrong).toBeInstanceOf(Error);
    printed.push((wrong as Error).message, ...logged);

    const secret = standin.token.split(":")[1] ?? "";
    expect(secret.length).toBeGreaterThan(5);
    for (const line of printed) {
      expect(line).not.toContain(standin.token);
      expect(line).not.toContain(secret);
    }
  });

  it("starts for a host only with a token and allowed chats, and says so in one line without the token", async () => {
    const standin = await startTelegramStandin();
    cleanups.push(() => standin.close());
    const crew = await makeCrew({ telegram: { apiRoot: standin.apiRoot, allowedChatIds: [ALLOWED] } });
    cleanups.push(() => crew.cleanup());
    const service = await CrewService.open(crew.root, { watch: false, channels: [] });
    const lines: string[] = [];
    const added: unknown[] = [];
    const host = {
      crew: service,
      notifier: { addChannel: (channel: unknown) => void added.push(channel) },
      say: (line: string) => void lines.push(line),
      warn: (line: string) => void lines.push(line),
    };
    expect(await startTelegramForHost({ ...host, token: undefined })).toBeUndefined();
    const bot = await startTelegramForHost({ ...host, token: standin.token });
    cleanups.push(async () => bot?.stop());
    expect(lines).toEqual(["telegram: polling as @switchyard_test_bot"]);
    expect(added).toHaveLength(1);
    expect(await startTelegramForHost({ ...host, token: "1:wrong" })).toBeUndefined();
    expect(lines[1]).toMatch(/^telegram: the bot could not sign in: .*Unauthorized/);
    expect(lines.join("\n")).not.toContain("wrong");
  });

  it("redacts a token inside a Bot API URL in any error it describes", () => {
    const token = "987:abc-DEF_secret";
    const cause = new Error(`request to https://api.telegram.org/bot${token}/getMe failed`);
    const error = Object.assign(new Error("Network request for 'getMe' failed!"), { error: cause });
    const described = describeError(error, token);
    expect(described).toBe(
      "Network request for 'getMe' failed!: request to https://api.telegram.org/bot<token>/getMe failed",
    );
    expect(redactToken(`GET /botOTHER:token/sendMessage`, token)).toBe("GET /bot<token>/sendMessage");
  });
});
