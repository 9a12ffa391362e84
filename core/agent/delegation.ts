/**
 * Turns triage's "this is work" into a task, through the one add-task path, and says what will
 * happen to it in the words the gate will act on: which agent, which tier and model, the
 * expected output, and whether it runs, waits or needs the operator's approval (and why).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { AskReply } from "../../shared/bridge.js";
import type { Config } from "../../shared/config.js";
import { checkRelativePath, parseTaskFile, type Priority } from "../../shared/task-file.js";
import { previewGate } from "../approvals/gate-preview.js";
import { tierOutlooks } from "../costs/budget.js";
import type { SpendView } from "../costs/spend-totals.js";
import { modelForTier } from "../routing/router.js";
import { addTask } from "../tasks/add-task.js";
import { taskFileStem } from "../tasks/task-writer.js";
import { channelOf } from "./ask-channel.js";

export interface Delegation {
  agent: string;
  task: string;
  tier: number;
  expectedOutput?: string;
  priority: Priority;
  why: string;
}

export interface DelegationCrew {
  root: string;
  config: () => Config;
  now: () => Date;
  spend: { totals(): Promise<SpendView> };
}

const sentence = (text: string): string => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

/** The agent a message's work goes to when triage names none that exists. */
export function defaultAgent(config: Config, known: readonly string[]): string {
  return config.telegram.agent ?? Object.keys(config.agents)[0] ?? known[0] ?? "agent-a";
}

export async function delegate(
  crew: DelegationCrew,
  decision: Delegation,
  asked: { text: string; from: string },
  knownAgents: readonly string[],
): Promise<Omit<AskReply, "tier" | "costUsd">> {
  const config = crew.config();
  const now = crew.now();
  const channel = channelOf(asked.from);
  const notes: string[] = [];
  let agent = decision.agent;
  if (!knownAgents.includes(agent)) {
    agent = defaultAgent(config, knownAgents);
    notes.push(`(triage named "${decision.agent}", which is not an agent here)`);
  }
  // Tier 0 exists only with a local model; the router would send its work to tier 1 anyway.
  const tier = decision.tier === 0 && !modelForTier(config, 0) ? 1 : decision.tier;
  const expectedOutput =
    decision.expectedOutput && !checkRelativePath(decision.expectedOutput)
      ? decision.expectedOutput
      : `outputs/${taskFileStem(decision.task, now)}.md`;
  const added = await addTask(crew, {
    agent,
    task: decision.task,
    tier,
    expectedOutput,
    priority: decision.priority,
    context: [
      `Asked ${channel.asker} at ${now.toISOString()}: "${asked.text.trim()}"`,
      decision.why ? `Triage: ${decision.why}` : "",
    ]
      .filter(Boolean)
      .join("\n"),
    from: asked.from,
  });
  if (!added.ok)
    return {
      kind: "unavailable",
      text: `I meant to queue this for ${agent}, but ${added.reason}. ${channel.fallback}`,
      sources: [],
    };
  const parsed = parseTaskFile(await readFile(join(crew.root, added.file), "utf8"));
  if (!parsed.ok) throw new Error(`the task just written does not parse: ${added.file}`);
  const gate = previewGate({
    fields: parsed.value.fields,
    agent,
    config,
    outlook: tierOutlooks(await crew.spend.totals(), config, now),
    now,
  });
  const { verdict, route } = gate;
  // The same order the engine decides in: a paused agent first, then the gate.
  const paused = config.agents[agent]?.concurrency === 0;
  const next = paused
    ? `It waits: ${agent} is paused (concurrency 0).`
    : verdict.action === "ask"
      ? `Needs your approval because ${verdict.reason}.`
      : verdict.action === "hold"
        ? `It waits: ${verdict.reason}.`
        : `It starts when ${agent} has a free slot.`;
  const text = [
    `Queued for ${agent} on tier ${route.tier} (${route.model}) as ${added.id}: it writes ${expectedOutput}.`,
    next,
    decision.why ? `Why: ${sentence(decision.why)}` : "",
    ...notes,
    channel.reportBack,
  ]
    .filter(Boolean)
    .join(" ");
  return { kind: "delegated", text, sources: [added.file], taskId: added.id };
}
