/**
 * The optional heartbeat check-in: a local model (tier 0, Ollama's `/api/chat`) reads the
 * operator's `HEARTBEAT.md` checklist and a short account of the crew on each beat, and
 * answers JSON. Only an actionable answer becomes something: a notification, or a task
 * dropped for an agent (FROM: heartbeat). Silence, "nothing to do" and errors stay quiet,
 * apart from the beat's record.
 */
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { Config } from "../../shared/config.js";
import type { NewTask } from "../../shared/task-file.js";
import type { Notifier } from "../notify/notifier.js";
import { dropTask } from "../tasks/task-writer.js";
import { readIfExists } from "../fs/read-if-exists.js";

export const CHECKLIST_FILE = "HEARTBEAT.md";

const SYSTEM_PROMPT = [
  "You are the heartbeat of a crew of AI coding agents. Each beat you get the operator's checklist",
  "and what the crew is doing now. Answer only JSON:",
  '{"actionable": false} when nothing on the checklist needs doing now; otherwise',
  '{"actionable": true, "notify": {"title": "<what, specific>", "body": "<why, where to look>", "priority": "low|normal|high"}}',
  'and/or "task": {"agent": "<agent name>", "task": "<what to do>", "priority": "low|normal|high|urgent"}.',
  "Be conservative: most beats need nothing.",
].join("\n");

const ChatReply = z.object({ message: z.object({ content: z.string() }) });
const Answer = z.object({
  actionable: z.boolean(),
  notify: z
    .object({
      title: z.string().min(1).max(200),
      body: z.string().max(2000).default(""),
      priority: z.enum(["low", "normal", "high"]).default("normal"),
    })
    .optional(),
  task: z
    .object({
      agent: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/),
      task: z.string().min(1).max(2000),
      priority: z.enum(["low", "normal", "high", "urgent"]).default("normal"),
    })
    .optional(),
});

export type CheckInOutcome =
  | { outcome: "off" | "no-checklist" | "nothing" }
  | { outcome: "acted"; notified: boolean; task?: string }
  | { outcome: "error"; reason: string };

/** The same task is not dropped again within this long (the model may repeat itself each beat). */
const REPEAT_TASK_MS = 60 * 60_000;

export class CheckIn {
  private checklist: { signature: string; text: string } | undefined;
  private readonly dropped = new Map<string, number>();

  constructor(
    private readonly root: string,
    private readonly notifier: Pick<Notifier, "notify">,
    private readonly drop: (agent: string, task: NewTask, now: Date) => Promise<string> = (
      agent,
      task,
      now,
    ) => dropTask(root, agent, task, now),
  ) {}

  async run(config: Config, crewNow: () => string, now: Date): Promise<CheckInOutcome> {
    const settings = config.heartbeat.checkIn;
    if (!settings.enabled) return { outcome: "off" };
    const checklist = await this.readChecklist();
    if (!checklist) return { outcome: "no-checklist" };
    const model = settings.model ?? config.tiers["0"]?.model;
    if (!model) return { outcome: "error", reason: "no model: set heartbeat.checkIn.model or tiers.0.model" };
    let answer: z.infer<typeof Answer>;
    try {
      answer = await this.ask(settings.url, model, settings.timeoutMs, checklist, crewNow());
    } catch (error) {
      const reason =
        (error as Error).name === "TimeoutError"
          ? `no answer within ${settings.timeoutMs} ms`
          : (error as Error).message;
      return { outcome: "error", reason };
    }
    if (!answer.actionable || (!answer.notify && !answer.task)) return { outcome: "nothing" };
    let task: string | undefined;
    if (answer.task && !this.recentlyDropped(answer.task.task, now.getTime())) {
      const path = await this.drop(
        answer.task.agent,
        { task: answer.task.task, priority: answer.task.priority, from: "heartbeat" },
        now,
      );
      task = path.slice(this.root.length + 1);
    }
    if (answer.notify)
      await this.notifier.notify({
        kind: "check-in",
        priority: answer.notify.priority,
        title: answer.notify.title,
        body: `${answer.notify.body}${task ? `\nDropped a task: ${task}` : ""}`,
        where: task ?? CHECKLIST_FILE,
      });
    return { outcome: "acted", notified: Boolean(answer.notify), ...(task ? { task } : {}) };
  }

  private recentlyDropped(text: string, nowMs: number): boolean {
    for (const [key, at] of this.dropped) if (nowMs - at >= REPEAT_TASK_MS) this.dropped.delete(key);
    if (this.dropped.has(text)) return true;
    this.dropped.set(text, nowMs);
    return false;
  }

  /** HEARTBEAT.md, read again only when it changed; undefined when missing or empty. */
  private async readChecklist(): Promise<string | undefined> {
    const path = join(this.root, CHECKLIST_FILE);
    const info = await stat(path).catch(() => undefined);
    if (!info) return undefined;
    const signature = `${info.ino}:${info.size}:${info.mtimeMs}`;
    if (this.checklist?.signature !== signature)
      this.checklist = { signature, text: (await readIfExists(path)) ?? "" };
    return this.checklist.text.trim() || undefined;
  }

  private async ask(
    url: string,
    model: string,
    timeoutMs: number,
    checklist: string,
    crewNow: string,
  ): Promise<z.infer<typeof Answer>> {
    const response = await fetch(new URL("/api/chat", url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model,
        stream: false,
        format: "json",
        messages: [
          { role: "system", content: SYSTEM_PROMPT },
          {
            role: "user",
            content: `Checklist (${CHECKLIST_FILE}):\n${checklist}\n\nThe crew now:\n${crewNow}`,
          },
        ],
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`Ollama answered HTTP ${response.status}`);
    const reply = ChatReply.safeParse(await response.json());
    if (!reply.success) throw new Error("Ollama's reply had no message");
    let json: unknown;
    try {
      json = JSON.parse(reply.data.message.content);
    } catch {
      throw new Error("the model's answer was not JSON");
    }
    const answer = Answer.safeParse(json);
    if (!answer.success) throw new Error("the model's JSON did not say whether anything is actionable");
    return answer.data;
  }
}
