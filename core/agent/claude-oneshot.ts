/**
 * Tier 1 for the always-on agent: one turn of the Claude Code CLI that runs tier 1's workers
 * (same command, same environment, so the same sign-in and the same ANTHROPIC_BASE_URL), with
 * no tools, no session saved and nothing of the crew's CLAUDE.md: a single Messages API call
 * whose cost the CLI reports. Arguments are an array, never a shell string, so a message
 * cannot become a command.
 */
import { tmpdir } from "node:os";
import { execa } from "execa";
import { z } from "zod";
import type { Config } from "../../shared/config.js";
import { resolveClaudeCommand } from "../engine/claude-command.js";
import { type ChatAnswer, ModelCallError } from "./model-call.js";

export interface ClaudeOneShotRequest {
  config: Config;
  model: string;
  system: string;
  user: string;
  timeoutMs: number;
}

const ResultLine = z.object({
  type: z.literal("result"),
  is_error: z.boolean().default(false),
  result: z.string().default(""),
  total_cost_usd: z.number().default(0),
  session_id: z.string().optional(),
  usage: z.record(z.string(), z.unknown()).optional(),
  modelUsage: z.record(z.string(), z.unknown()).optional(),
});

const count = (usage: Record<string, unknown> | undefined, key: string): number => {
  const value = usage?.[key];
  return typeof value === "number" ? value : 0;
};

export function oneShotArgs(request: Pick<ClaudeOneShotRequest, "model" | "system" | "user">): string[] {
  return [
    "-p",
    request.user,
    "--output-format",
    "json",
    "--model",
    request.model,
    "--system-prompt",
    request.system,
    // No tools and one turn: triage reads what it is given and answers; it cannot act.
    "--tools",
    "",
    "--max-turns",
    "1",
    "--no-session-persistence",
    // The operator's own settings (sign-in helpers) apply; a crew root's hooks do not.
    "--setting-sources",
    "user",
  ];
}

function parseResult(stdout: string): z.infer<typeof ResultLine> | undefined {
  const lines = stdout.split("\n").filter((line) => line.trim().startsWith("{"));
  for (const line of lines.reverse()) {
    try {
      const parsed = ResultLine.safeParse(JSON.parse(line));
      if (parsed.success) return parsed.data;
    } catch {
      // not JSON: keep looking
    }
  }
  return undefined;
}

export async function claudeOneShot(request: ClaudeOneShotRequest): Promise<ChatAnswer> {
  const { config } = request;
  const tier = config.tiers["1"] ?? {};
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  Object.assign(env, config.worker.env, tier.env);
  const command = tier.command ?? config.worker.command ?? resolveClaudeCommand(env);
  const run = await execa(command, oneShotArgs(request), {
    // Not the crew root: the CLI would read its CLAUDE.md into every triage.
    cwd: tmpdir(),
    env,
    extendEnv: false,
    reject: false,
    stdin: "ignore",
    timeout: request.timeoutMs,
    forceKillAfterDelay: 2_000,
  });
  if (run.timedOut) throw new Error(`the Claude Code CLI gave no answer within ${request.timeoutMs} ms`);
  const result = parseResult(run.stdout);
  if (run.failed && !result) {
    const said = (run.stderr || run.stdout).trim().split("\n").at(-1) || run.shortMessage;
    throw new Error(`the Claude Code CLI (${command}) failed: ${said}`);
  }
  if (!result) throw new Error(`the Claude Code CLI (${command}) printed no result`);
  const usage = result.usage;
  const answer: ChatAnswer = {
    text: result.result,
    costUsd: result.total_cost_usd,
    inputTokens:
      count(usage, "input_tokens") +
      count(usage, "cache_creation_input_tokens") +
      count(usage, "cache_read_input_tokens"),
    outputTokens: count(usage, "output_tokens"),
    ...(result.session_id ? { sessionId: result.session_id } : {}),
    ...(usage ? { usage } : {}),
    ...(result.modelUsage ? { modelUsage: result.modelUsage } : {}),
  };
  // A failed turn may still have been paid for: the error carries what it cost, if anything.
  const paid = answer.costUsd || answer.inputTokens || answer.outputTokens;
  if (result.is_error)
    throw new ModelCallError(
      `the Claude Code CLI reported an error: ${result.result.slice(0, 300)}`,
      paid ? answer : undefined,
    );
  return answer;
}
