/**
 * Picks a task's tier and model, with a one-line reason shown wherever the task is
 * (SPEC §5). Explicit TIER/MODEL in the task win; otherwise the agent's default tier.
 */
import { type Config, DEFAULT_TIER_MODELS } from "../../../shared/config.js";
import type { TaskFields } from "../../../shared/task-file.js";

export interface Route {
  tier: number;
  model: string;
  reason: string;
}

const TIER_OF_MODEL: [RegExp, number][] = [
  [/haiku/i, 1],
  [/sonnet/i, 2],
  [/opus/i, 3],
];

export function modelForTier(config: Config, tier: number): string {
  return (
    config.tiers[String(tier) as "0"]?.model ?? DEFAULT_TIER_MODELS[tier] ?? DEFAULT_TIER_MODELS[1] ?? "haiku"
  );
}

export function routeTask(fields: TaskFields, agent: string, config: Config): Route {
  if (fields.tier !== undefined) {
    const model = fields.model ?? modelForTier(config, fields.tier);
    return { tier: fields.tier, model, reason: `TIER: ${fields.tier} in the task` };
  }
  if (fields.model) {
    const tier = TIER_OF_MODEL.find(([pattern]) => pattern.test(fields.model ?? ""))?.[1] ?? 2;
    return { tier, model: fields.model, reason: `MODEL: ${fields.model} in the task` };
  }
  const tier = config.agents[agent]?.tier ?? 2;
  return { tier, model: modelForTier(config, tier), reason: `${agent}'s default tier` };
}
