/**
 * `switchyard.json` (SPEC §8). Every key is optional; defaults make an empty file a working
 * crew. Parsed once at the edge; the core trusts the result.
 */
import { z } from "zod";

const AgentSchema = z.object({
  inbox: z.string().optional(),
  tier: z.number().int().min(0).max(3).default(2),
  concurrency: z.number().int().min(0).default(1),
});

/** How a worker process is started; a tier may override any part (SPEC §6). */
const LaunchSchema = z.object({
  command: z.string().min(1).optional(),
  args: z.array(z.string()).optional(),
  env: z.record(z.string(), z.string()).optional(),
});

const TierSchema = LaunchSchema.extend({
  model: z.string().min(1).optional(),
  billing: z.enum(["free", "api", "subscription"]).optional(),
  budget: z
    .object({ daily: z.number().nonnegative().optional(), monthly: z.number().nonnegative().optional() })
    .optional(),
  /** A subscription's rolling window: how many runs (and tokens) it allows per `hours`. */
  window: z
    .object({
      hours: z.number().positive().default(5),
      runs: z.number().int().positive().optional(),
      tokens: z.number().positive().optional(),
    })
    .optional(),
  /** USD per million tokens, for workers that report tokens but no cost. */
  prices: z
    .object({ inputPerMTok: z.number().nonnegative(), outputPerMTok: z.number().nonnegative() })
    .optional(),
});

export const WorkerSchema = LaunchSchema.extend({
  /** Runs across all agents at once. */
  concurrency: z.number().int().min(1).default(4),
  maxAttempts: z.number().int().min(1).default(3),
  /** Wall-clock limit of one attempt (a DEADLINE date-time can shorten it). */
  timeoutSeconds: z
    .number()
    .positive()
    .default(30 * 60),
  /** No output on the worker's stream for this long means it hangs. */
  hangSeconds: z
    .number()
    .positive()
    .default(10 * 60),
  /** Lets an unattended worker write in the crew root without asking. */
  permissionMode: z.string().default("acceptEdits"),
  maxBudgetUsd: z.number().positive().optional(),
}).prefault({});

export const ConfigSchema = z
  .object({
    agents: z.record(z.string(), AgentSchema).default({}),
    tiers: z.partialRecord(z.enum(["0", "1", "2", "3"]), TierSchema).default({}),
    worker: WorkerSchema,
    heartbeat: z.object({ intervalSeconds: z.number().min(1).default(300) }).prefault({}),
    locks: z.object({ staleAfterMinutes: z.number().positive().default(30) }).prefault({}),
    schedules: z.array(z.record(z.string(), z.unknown())).default([]),
    notifications: z.record(z.string(), z.unknown()).default({}),
    telegram: z.record(z.string(), z.unknown()).default({}),
    web: z.record(z.string(), z.unknown()).default({}),
    costs: z
      .object({
        /** Count the operator's own Claude Code sessions (~/.claude/projects) in the meters. */
        importInteractive: z.boolean().default(true),
        claudeProjectsDir: z.string().optional(),
      })
      .prefault({}),
    approval: z
      .object({
        /** Tasks whose estimated cost is above this wait for the operator. */
        aboveUsd: z.number().nonnegative().default(1),
      })
      .prefault({}),
    routing: z
      .object({
        /** Optional tier-0 classifier: a local Ollama asked for {tier, reason} as JSON. */
        classifier: z
          .object({
            url: z.string().url(),
            model: z.string(),
            timeoutMs: z.number().int().positive().default(1000),
          })
          .optional(),
      })
      .prefault({}),
  })
  .strict();
export type Config = z.infer<typeof ConfigSchema>;
export type WorkerConfig = Config["worker"];
export type TierConfig = z.infer<typeof TierSchema>;

/** The CLI's model aliases per tier (SPEC §5); tier 0 has no default: it needs a local model. */
export const DEFAULT_TIER_MODELS: Record<number, string | undefined> = {
  0: undefined,
  1: "haiku",
  2: "sonnet",
  3: "opus",
};

/** As in the article the product grew from: local is free, Sonnet runs on the subscription. */
export const DEFAULT_TIER_BILLING: Record<number, "free" | "api" | "subscription"> = {
  0: "free",
  1: "api",
  2: "subscription",
  3: "api",
};

export const billingOf = (config: Config, tier: number): "free" | "api" | "subscription" =>
  config.tiers[String(tier) as "0"]?.billing ?? DEFAULT_TIER_BILLING[tier] ?? "api";

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Validates the config text; problems name the key path, so the operator knows what to fix. */
export function parseConfig(text: string | undefined): ConfigResult {
  if (text === undefined || text.trim() === "") return { ok: true, config: ConfigSchema.parse({}) };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`switchyard.json is not valid JSON: ${(error as Error).message}`] };
  }
  const parsed = ConfigSchema.safeParse(json);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map(
      (issue) => `${issue.path.join(".") || "(top level)"}: ${issue.message}`,
    ),
  };
}
