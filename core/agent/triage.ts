/**
 * The always-on agent's triage (README, "The always-on agent"): a plain message from Telegram
 * or the window's Ask the crew box gets one cheap model call (tier 0, else tier 1) over a small
 * context, and either an answer from the crew's state, citing the files it came from, or a task
 * in the right inbox. Triage never does the work itself: its model has no tools and one turn.
 * Every call is in the ledger under its tier, with source "triage".
 */
import { z } from "zod";
import { ASK_MAX_CHARS, type AskReply } from "../../shared/bridge.js";
import type { Config } from "../../shared/config.js";
import type { Notification } from "../../shared/notification.js";
import { PrioritySchema } from "../../shared/task-file.js";
import type { Status } from "../../shared/status.js";
import { budgetState } from "../costs/budget.js";
import { agentModel, askAndRecord } from "./agent-model.js";
import { channelOf } from "./ask-channel.js";
import { type DelegationCrew, delegate } from "./delegation.js";
import { buildTriageContext, type TriageContext } from "./triage-context.js";

export interface TriageCrew extends DelegationCrew {
  status(): Promise<Status>;
  notifications(limit: number): Promise<Notification[]>;
  sharedMindText(): Promise<string>;
}

export interface AskRequest {
  text: string;
  /** Who asks, as a task's FROM: `telegram:<chat>` or `window`. */
  from: string;
}

const Decision = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("answer"),
    answer: z.string().min(1),
    sources: z.array(z.string()).catch([]),
  }),
  z.object({
    action: z.literal("delegate"),
    agent: z.string().min(1),
    task: z.string().min(1).max(2000),
    tier: z.coerce.number().int().min(0).max(3).catch(2),
    expectedOutput: z.string().optional().catch(undefined),
    priority: PrioritySchema.catch("normal"),
    why: z.string().catch(""),
  }),
]);

function systemPrompt(agents: readonly string[], config: Config): string {
  const roster = agents.map((agent) => `${agent} (default tier ${config.agents[agent]?.tier ?? 2})`);
  return [
    "You are the always-on agent of a crew of AI coding agents. You triage the operator's message.",
    "You never do the work yourself. Answer with one JSON object and nothing else, either",
    '{"action":"answer","answer":"<1-4 plain sentences>","sources":["<paths in [brackets] you used>"]}',
    "when the context below answers the message (what an agent is doing, spend, why a task failed), or",
    '{"action":"delegate","agent":"<agent>","task":"<what to do, imperative>","tier":<0-3>,"expectedOutput":"outputs/<name>.md","priority":"low|normal|high|urgent","why":"<one line: why this agent and tier>"}',
    "when the message asks for work (build, write, research, change, fix).",
    "Answers are specific: name the agent, the task, what changed and what the operator can do.",
    "Cite only paths shown in [brackets]. If the context does not hold the answer, say so.",
    `Agents: ${roster.join(", ") || "agent-a"}.`,
    "Tiers: 0 local model (classify, route), 1 Haiku (read, summarize, extract, format),",
    "2 Sonnet (multi-step work, writing, judgement), 3 Opus (highest stakes only; always asks first).",
  ].join("\n");
}

/** The model's citations that the context really offered (paths cleaned of brackets and notes). */
function citedSources(cited: readonly string[], context: TriageContext): string[] {
  const offered = new Set(context.sources);
  const cleaned = cited.map((source) => source.replace(/^[[\s]+|[\]\s]+$/g, "").split(" (")[0] ?? "");
  return [...new Set(cleaned.filter((source) => offered.has(source)))];
}

function parseDecision(text: string): z.infer<typeof Decision> | undefined {
  // Small models wrap JSON in prose or a code fence: take the outermost object.
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start < 0 || end <= start) return undefined;
  try {
    const parsed = Decision.safeParse(JSON.parse(text.slice(start, end + 1)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function triage(crew: TriageCrew, request: AskRequest): Promise<AskReply> {
  const config = crew.config();
  const channel = channelOf(request.from);
  const unavailable = (why: string, extra: Partial<AskReply> = {}): AskReply => ({
    kind: "unavailable",
    text: `${why} ${channel.fallback}`,
    sources: [],
    ...extra,
  });
  if (!config.triage.enabled) return unavailable("Triage is off (triage.enabled is false).");
  if (request.text.length > ASK_MAX_CHARS)
    return unavailable(
      `That message is ${request.text.length} characters; triage reads at most ${ASK_MAX_CHARS}. Shorten it, or write it as a task.`,
    );
  const model = agentModel(config, "triage");
  if ("problem" in model) return unavailable(`I cannot triage messages: ${model.problem}.`);
  const over = budgetState(await crew.spend.totals(), config, model.tier, crew.now()).overBudget;
  if (over)
    return unavailable(
      `Tier ${model.tier} is over its ${over.period} budget ($${over.spent.toFixed(2)} of $${over.budget.toFixed(2)}), so I did not ask the model.`,
    );
  const [status, notifications, sharedMind] = await Promise.all([
    crew.status(),
    crew.notifications(30),
    crew.sharedMindText(),
  ]);
  const context = buildTriageContext({
    question: request.text,
    status,
    sharedMind,
    notifications,
    limitChars: config.triage.contextChars,
  });
  const agents = [...new Set([...Object.keys(config.agents), ...Object.keys(status.pending)])];
  const user = `The crew now:\n${context.text}\n\nThe operator's message (${channel.asker}):\n${request.text.trim()}`;
  let answer: Awaited<ReturnType<typeof askAndRecord>>;
  try {
    answer = await askAndRecord(crew, "triage", model, systemPrompt(agents, config), user);
  } catch (error) {
    return unavailable(`I could not triage this: ${(error as Error).message}.`, { tier: model.tier });
  }
  const spent = { tier: model.tier, costUsd: answer.costUsd ?? 0 };
  const decision = parseDecision(answer.text);
  if (!decision)
    return unavailable(
      `The triage model (tier ${model.tier}, ${model.model}) did not answer with the JSON I asked for.`,
      spent,
    );
  if (decision.action === "delegate")
    return { ...(await delegate(crew, decision, request, agents)), ...spent };
  const cited = citedSources(decision.sources, context);
  // Uncited: name the files behind the lines the message was about, not every file sent.
  const sources = cited.length ? cited : context.relevant.slice(0, 5);
  return { kind: "answer", text: decision.answer.trim(), sources, ...spent };
}
