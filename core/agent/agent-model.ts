/**
 * Which model the always-on agent asks, and the ledger line every call leaves. Tier 0 (a local
 * Ollama) when a local model is configured, else tier 1 (Haiku through the Claude Code CLI);
 * `triage.tier` and `heartbeat.checkIn.tier` choose explicitly. Whatever the call costs goes
 * to the tier's meter with its own source, so triage and the heartbeat never pass as worker runs.
 */
import { type Config, DEFAULT_TIER_MODELS, priceTable } from "../../shared/config.js";
import { priceTokens } from "../../shared/prices.js";
import type { AgentPurpose } from "../costs/agent-usage.js";
import { appendLedger } from "../costs/ledger.js";
import { claudeOneShot } from "./claude-oneshot.js";
import { type ChatAnswer, ModelCallError } from "./model-call.js";
import { ollamaChat } from "./ollama-chat.js";

export type { AgentPurpose };

export interface AgentModel {
  tier: 0 | 1;
  model: string;
  ask(system: string, user: string): Promise<ChatAnswer>;
}

/** The name the always-on agent's own calls carry in the ledger (they run no worker). */
export const ALWAYS_ON_AGENT = "always-on";

function settingsFor(config: Config, purpose: AgentPurpose) {
  if (purpose === "triage") {
    const { tier, url, timeoutMs } = config.triage;
    return { tier, url, timeoutMs, model: undefined, key: "triage.tier" };
  }
  const { tier, url, timeoutMs, model } = config.heartbeat.checkIn;
  return { tier, url, timeoutMs, model, key: "heartbeat.checkIn.tier" };
}

export function agentModel(config: Config, purpose: AgentPurpose): AgentModel | { problem: string } {
  const settings = settingsFor(config, purpose);
  const localModel = settings.model ?? config.tiers["0"]?.model;
  const tier = settings.tier ?? (localModel ? 0 : 1);
  if (tier === 0) {
    if (!localModel) return { problem: `${settings.key} is 0 but no local model is set: set tiers.0.model` };
    return {
      tier,
      model: localModel,
      ask: (system, user) =>
        ollamaChat({ url: settings.url, model: localModel, system, user, timeoutMs: settings.timeoutMs }),
    };
  }
  const model = config.tiers["1"]?.model ?? DEFAULT_TIER_MODELS[1] ?? "haiku";
  return {
    tier,
    model,
    ask: (system, user) => claudeOneShot({ config, model, system, user, timeoutMs: settings.timeoutMs }),
  };
}

/**
 * Asks, and appends the call to the ledger: also when the answer is unusable or the call failed
 * after the model had answered, because the tokens were spent either way.
 */
export async function askAndRecord(
  crew: { root: string; config: () => Config; now: () => Date },
  purpose: AgentPurpose,
  model: AgentModel,
  system: string,
  user: string,
): Promise<ChatAnswer> {
  const record = (answer: ChatAnswer) => {
    const usage = answer.usage ?? { input_tokens: answer.inputTokens, output_tokens: answer.outputTokens };
    const costUsd =
      answer.costUsd ??
      priceTokens(
        model.model,
        { input: answer.inputTokens, output: answer.outputTokens, cacheWrite: 0, cacheRead: 0 },
        priceTable(crew.config()),
      );
    return appendLedger(crew.root, {
      at: crew.now().toISOString(),
      agent: ALWAYS_ON_AGENT,
      tier: model.tier,
      model: model.model,
      attempt: 0,
      costUsd,
      source: purpose,
      usage,
      ...(answer.sessionId ? { sessionId: answer.sessionId } : {}),
      ...(answer.modelUsage ? { modelUsage: answer.modelUsage } : {}),
    });
  };
  try {
    const answer = await model.ask(system, user);
    await record(answer);
    return answer;
  } catch (error) {
    if (error instanceof ModelCallError && error.spent) await record(error.spent);
    throw error;
  }
}
