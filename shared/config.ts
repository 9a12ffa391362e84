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

export const ConfigSchema = z
  .object({
    agents: z.record(z.string(), AgentSchema).default({}),
    tiers: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
    worker: z.record(z.string(), z.unknown()).default({}),
    heartbeat: z.object({ intervalSeconds: z.number().min(1).default(300) }).prefault({}),
    locks: z.object({ staleAfterMinutes: z.number().positive().default(30) }).prefault({}),
    schedules: z.array(z.record(z.string(), z.unknown())).default([]),
    notifications: z.record(z.string(), z.unknown()).default({}),
    telegram: z.record(z.string(), z.unknown()).default({}),
    web: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type Config = z.infer<typeof ConfigSchema>;

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
