/**
 * Picks a task's tier and model, with a one-line reason shown wherever the task is
 * (README, "Tiers, routing, costs and approvals"). Explicit TIER/MODEL win; then an optional local classifier; then the rules
 * ("read/summarize/classify/decide-between ⇒ 0–1; multi-step, novel writing, judgement ⇒ 2;
 * highest stakes ⇒ 3"); then cost forcing moves work that is neither time-sensitive nor
 * interactive to a free or subscription tier below it instead of spending API dollars.
 */
import { billingOf, type Config, DEFAULT_TIER_MODELS } from "../../shared/config.js";
import type { TaskFields } from "../../shared/task-file.js";

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

/** Words that mark a task's kind, checked from the highest stakes down. */
const RULES: { tier: number; pattern: RegExp; kind: string }[] = [
  {
    tier: 3,
    pattern:
      /\b(production|prod\b|irreversible|delete|drop (?:the )?(?:database|table)|payments?|billing|legal|contract|security audit|migrate|high[- ]stakes)/i,
    kind: "high stakes or irreversible",
  },
  {
    tier: 1,
    pattern:
      /^\s*(read|summari[sz]e|classify|categori[sz]e|extract|format|convert|list|count|translate|tag|label|decide between|choose between|pick)\b/i,
    kind: "read/summarize/classify/extract/format/decide-between",
  },
  {
    tier: 2,
    pattern:
      /\b(build|implement|write|draft|refactor|design|debug|fix|create|plan|research|analy[sz]e|review|investigate|update)\b/i,
    kind: "multi-step work, novel writing or judgement",
  },
];

/** A tier's model: configured, else the CLI's alias; tier 0 exists only when configured. */
export function modelForTier(config: Config, tier: number): string | undefined {
  return config.tiers[String(tier) as "0"]?.model ?? DEFAULT_TIER_MODELS[tier];
}

const isUsable = (config: Config, tier: number) => modelForTier(config, tier) !== undefined;

/** Time-sensitive or interactive work keeps its tier; everything else may be cost-forced. */
function costForcingExempt(fields: TaskFields, now: Date): string | undefined {
  if (fields.priority === "urgent" || fields.priority === "high") return `${fields.priority} priority`;
  if (fields.deadlineAt && Date.parse(fields.deadlineAt) - now.getTime() < 24 * 3600_000)
    return "deadline within a day";
  if (fields.from?.startsWith("telegram:")) return "interactive (from Telegram)";
  return undefined;
}

function withCostForcing(route: Route, fields: TaskFields, config: Config, now: Date): Route {
  if (billingOf(config, route.tier) !== "api" || route.tier === 3 || costForcingExempt(fields, now))
    return route;
  for (let tier = route.tier - 1; tier >= 0; tier--) {
    const billing = billingOf(config, tier);
    if (billing === "api" || !isUsable(config, tier)) continue;
    return {
      tier,
      model: modelForTier(config, tier) ?? route.model,
      reason: `${route.reason}; cost forcing: not time-sensitive, so tier ${tier} (${billing}) instead of tier ${route.tier}'s API spend`,
    };
  }
  return route;
}

function finish(tier: number, reason: string, config: Config): Route {
  // Tier 0 is used only when a local model is configured; otherwise its work goes to tier 1.
  const usable = isUsable(config, tier) ? tier : tier + 1;
  const suffix = usable === tier ? "" : " (no local model configured: tier 1)";
  return { tier: usable, model: modelForTier(config, usable) ?? "haiku", reason: reason + suffix };
}

/**
 * The tier a model belongs to: the tier the config gives that model, else the CLI's family
 * names (haiku 1, sonnet 2, opus 3); undefined for a model the crew does not know.
 */
export function tierOfModel(config: Config, model: string): number | undefined {
  const name = model.toLowerCase();
  for (const tier of [3, 2, 1, 0])
    if (config.tiers[String(tier) as "0"]?.model?.toLowerCase() === name) return tier;
  return TIER_OF_MODEL.find(([pattern]) => pattern.test(model))?.[1];
}

/**
 * The route when a task names its tier or model: no rule, no forcing. The model decides the
 * tier, for the approval gate and the meters alike: `TIER: 1` with `MODEL: opus` runs Opus,
 * so it is tier 3 (a declared TIER: 3 still asks first, see approval-gate.ts).
 */
export function explicitRoute(fields: TaskFields, config: Config): Route | undefined {
  const modelTier = fields.model ? tierOfModel(config, fields.model) : undefined;
  if (fields.model && modelTier !== undefined && fields.tier !== undefined && modelTier !== fields.tier)
    return {
      tier: modelTier,
      model: fields.model,
      reason: `MODEL: ${fields.model} in the task is a tier-${modelTier} model (the task says TIER: ${fields.tier})`,
    };
  if (fields.tier !== undefined) {
    const model = fields.model ?? modelForTier(config, fields.tier) ?? "haiku";
    return { tier: fields.tier, model, reason: `TIER: ${fields.tier} in the task` };
  }
  if (fields.model)
    return { tier: modelTier ?? 2, model: fields.model, reason: `MODEL: ${fields.model} in the task` };
  return undefined;
}

/** The rules alone: instant, and what the status view shows before a run starts. */
export function routeByRules(fields: TaskFields, agent: string, config: Config, now = new Date()): Route {
  const explicit = explicitRoute(fields, config);
  if (explicit) return explicit;
  const rule = RULES.find((candidate) => candidate.pattern.test(fields.task));
  const route = rule
    ? finish(rule.tier, `rule: ${rule.kind}`, config)
    : finish(config.agents[agent]?.tier ?? 2, `${agent}'s default tier`, config);
  return withCostForcing(route, fields, config, now);
}

/** A tier suggested by a local classifier, or why it could not answer. */
export type Classifier = (
  fields: TaskFields,
) => Promise<{ tier: number; reason: string } | { error: string }>;

export async function routeTask(
  fields: TaskFields,
  agent: string,
  config: Config,
  classify?: Classifier,
  now = new Date(),
): Promise<Route> {
  const explicit = explicitRoute(fields, config);
  if (explicit || !classify) return explicit ?? routeByRules(fields, agent, config, now);
  const answer = await classify(fields);
  if ("error" in answer) {
    const fallback = routeByRules(fields, agent, config, now);
    return { ...fallback, reason: `${fallback.reason} (classifier unavailable: ${answer.error})` };
  }
  return withCostForcing(
    finish(answer.tier, `local classifier: ${answer.reason}`, config),
    fields,
    config,
    now,
  );
}
