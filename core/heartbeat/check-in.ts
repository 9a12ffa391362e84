/**
 * The heartbeat's judgement (README, "The always-on agent"). Liveness, locks, inbox depth,
 * deadlines and budgets are checked by code on every beat; a model reads HEARTBEAT.md only when
 * a beat's findings trigger one of its items, and is told only those items and those findings.
 * A quiet beat calls no model. The check-in's own tokens are capped per UTC day
 * (`heartbeat.checkIn.dailyTokens`), counted from the ledger, where every call is recorded.
 * Only an actionable answer becomes something: a notification, or a task (FROM: heartbeat).
 */
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { Config } from "../../shared/config.js";
import type { NewTask } from "../../shared/task-file.js";
import { agentModel, askAndRecord } from "../agent/agent-model.js";
import { agentUsageToday } from "../costs/agent-usage.js";
import { readLedger } from "../costs/ledger.js";
import { type SpendView, SpendTotals } from "../costs/spend-totals.js";
import { readIfExists } from "../fs/read-if-exists.js";
import type { Notifier } from "../notify/notifier.js";
import { dropTask } from "../tasks/task-writer.js";
import { type ChecklistItem, type Finding, itemsNeedingJudgement, parseChecklist } from "./checklist.js";

export const CHECKLIST_FILE = "HEARTBEAT.md";

const SYSTEM_PROMPT = [
  "You are the heartbeat of a crew of AI coding agents. This beat's checks found something new;",
  "you get the checklist items it concerns, what was found and what the crew is doing now.",
  "Answer only JSON:",
  '{"actionable": false} when nothing on these items needs doing now; otherwise',
  '{"actionable": true, "notify": {"title": "<what, specific: agent, task>", "body": "<what changed, what to do, where to look>", "priority": "low|normal|high"}}',
  'and/or "task": {"agent": "<agent name>", "task": "<what to do>", "priority": "low|normal|high|urgent"}.',
  "Be conservative: most findings need nothing beyond what the crew already reported.",
].join("\n");

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
  | { outcome: "off" | "no-checklist" | "quiet" | "nothing" }
  | { outcome: "capped"; usedTokens: number; dailyTokens: number }
  | { outcome: "acted"; notified: boolean; task?: string }
  | { outcome: "error"; reason: string };

export interface CheckInCrew {
  root: string;
  config: () => Config;
  now: () => Date;
}

/** The same task is not dropped again within this long (the model may repeat itself each beat). */
const REPEAT_TASK_MS = 60 * 60_000;
/** Bounds on what one call is told, whatever the beat found. */
const MAX_ITEMS = 20;
const MAX_FINDINGS = 30;
const clip = (text: string, length: number) =>
  text.length <= length ? text : `${text.slice(0, length - 1)}…`;

export class CheckIn {
  private checklist: { signature: string; text: string } | undefined;
  private readonly dropped = new Map<string, number>();
  /** The UTC day the operator was told the cap was reached, so it is said once a day. */
  private cappedDay: string | undefined;

  /** Checklist problems (an unknown tag) the beat reports; empty when it reads fine. */
  problems: string[] = [];
  private readonly ledger: () => Promise<SpendView>;

  constructor(
    private readonly crew: CheckInCrew,
    private readonly notifier: Pick<Notifier, "notify">,
    /** The ledger the cap is counted in: a host passes its Spend, which reads only what was appended. */
    ledger?: () => Promise<SpendView>,
    private readonly drop: (agent: string, task: NewTask, now: Date) => Promise<string> = (
      agent,
      task,
      now,
    ) => dropTask(crew.root, agent, task, now),
  ) {
    this.ledger = ledger ?? (async () => SpendTotals.from(await readLedger(crew.root)));
  }

  async run(findings: readonly Finding[], crewNow: () => string): Promise<CheckInOutcome> {
    const config = this.crew.config();
    const settings = config.heartbeat.checkIn;
    this.problems = [];
    if (!settings.enabled) return { outcome: "off" };
    const checklist = await this.readChecklist();
    if (!checklist) return { outcome: "no-checklist" };
    const parsed = parseChecklist(checklist);
    this.problems = parsed.problems;
    const items = itemsNeedingJudgement(parsed.items, findings);
    if (items.length === 0) return { outcome: "quiet" };
    const model = agentModel(config, "heartbeat");
    if ("problem" in model) return { outcome: "error", reason: model.problem };
    const now = this.crew.now();
    const usedTokens = agentUsageToday(await this.ledger(), "heartbeat", now).tokens;
    if (usedTokens >= settings.dailyTokens) return this.capped(usedTokens, settings.dailyTokens, now);
    let answer: z.infer<typeof Answer>;
    try {
      const reply = await askAndRecord(
        this.crew,
        "heartbeat",
        model,
        SYSTEM_PROMPT,
        this.prompt(items, findings, crewNow()),
      );
      answer = this.parse(reply.text);
    } catch (error) {
      return { outcome: "error", reason: (error as Error).message };
    }
    return this.act(answer, now);
  }

  private prompt(items: readonly ChecklistItem[], findings: readonly Finding[], crewNow: string): string {
    const itemLines = items.slice(0, MAX_ITEMS).map((item) => `- ${clip(item.text, 300)}`);
    const found = findings
      .slice(0, MAX_FINDINGS)
      .map((finding) => `- ${finding.trigger}: ${clip(finding.line, 300)}`);
    if (findings.length > MAX_FINDINGS) found.push(`- …and ${findings.length - MAX_FINDINGS} more`);
    return [
      `Checklist items this beat concerns (${CHECKLIST_FILE}):`,
      ...itemLines,
      "",
      "Found this beat:",
      ...found,
      "",
      "The crew now:",
      crewNow,
    ].join("\n");
  }

  private parse(text: string): z.infer<typeof Answer> {
    let json: unknown;
    try {
      json = JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1));
    } catch {
      throw new Error("the model's answer was not JSON");
    }
    const answer = Answer.safeParse(json);
    if (!answer.success) throw new Error("the model's JSON did not say whether anything is actionable");
    return answer.data;
  }

  private async capped(usedTokens: number, dailyTokens: number, now: Date): Promise<CheckInOutcome> {
    const day = now.toISOString().slice(0, 10);
    if (this.cappedDay !== day) {
      this.cappedDay = day;
      await this.notifier.notify({
        kind: "budget",
        priority: "normal",
        title: `Heartbeat check-in paused until tomorrow: ${usedTokens} of ${dailyTokens} tokens used today`,
        body: `The beats go on (locks, workers, deadlines, budgets are checked by code); only ${CHECKLIST_FILE} items wait for a model until the next UTC day. Raise heartbeat.checkIn.dailyTokens to allow more.`,
        where: ".switchyard/ledger.jsonl",
      });
    }
    return { outcome: "capped", usedTokens, dailyTokens };
  }

  private async act(answer: z.infer<typeof Answer>, now: Date): Promise<CheckInOutcome> {
    if (!answer.actionable || (!answer.notify && !answer.task)) return { outcome: "nothing" };
    let task: string | undefined;
    if (answer.task && !this.recentlyDropped(answer.task.task, now.getTime())) {
      const path = await this.drop(
        answer.task.agent,
        { task: answer.task.task, priority: answer.task.priority, from: "heartbeat" },
        now,
      );
      task = path.slice(this.crew.root.length + 1);
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
    const path = join(this.crew.root, CHECKLIST_FILE);
    const info = await stat(path).catch(() => undefined);
    if (!info) return undefined;
    const signature = `${info.ino}:${info.size}:${info.mtimeMs}`;
    if (this.checklist?.signature !== signature)
      this.checklist = { signature, text: (await readIfExists(path)) ?? "" };
    return this.checklist.text.trim() || undefined;
  }
}
