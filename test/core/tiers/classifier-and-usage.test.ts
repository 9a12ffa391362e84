/**
 * The classifier's route reaches the approval gate and the status; the operator's own
 * Claude Code usage from a `~/.claude/projects` tree joins the meters without double-counting.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../../shared/config.js";
import { CrewService } from "../../../core/crew-service.js";
import { importClaudeUsage } from "../../../core/costs/claude-usage.js";
import { appendLedger } from "../../../core/costs/ledger.js";
import { readStatus } from "../../../core/status.js";
import { type CrewFixture, makeCrew } from "../../support/crew-fixture.js";
import { type OllamaStandin, startOllamaStandin } from "../../support/ollama-standin.js";

let crew: CrewFixture | undefined;
let ollama: OllamaStandin | undefined;
let service: CrewService | undefined;
afterEach(async () => {
  await service?.stop();
  await ollama?.close();
  await crew?.cleanup();
  service = ollama = crew = undefined;
});

const assistantLine = (fields: {
  id: string;
  session: string;
  model: string;
  at: string;
  costUSD?: number;
  input?: number;
  output?: number;
}) =>
  JSON.stringify({
    type: "assistant",
    timestamp: fields.at,
    sessionId: fields.session,
    requestId: `req_${fields.id}`,
    ...(fields.costUSD === undefined ? {} : { costUSD: fields.costUSD }),
    message: {
      id: `msg_${fields.id}`,
      model: fields.model,
      usage: { input_tokens: fields.input ?? 0, output_tokens: fields.output ?? 0 },
    },
  });

describe("the classifier in the engine", () => {
  it("routes a task by the local classifier and asks for approval when it says tier 3", async () => {
    ollama = await startOllamaStandin(() => JSON.stringify({ tier: 3, reason: "moves customer money" }));
    crew = await makeCrew({
      worker: { command: "true" },
      routing: { classifier: { url: ollama.url, model: "qwen2.5:3b" } },
      costs: { importInteractive: false },
    });
    await crew.drop("for_agent_a", "refunds.md", "TASK: Summarize the refunds queue\n");
    service = await CrewService.open(crew.root, { watch: false });
    await service.start();
    await service.engineHandle.whenIdle();
    const status = await service.status();
    expect(status.awaitingApproval).toHaveLength(1);
    expect(status.awaitingApproval[0]?.route).toEqual({
      tier: 3,
      model: "opus",
      reason: "local classifier: moves customer money",
    });
    expect(status.awaitingApproval[0]?.approval?.reason).toBe("tier 3 (highest stakes) always asks first");
  });
});

describe("interactive usage import", () => {
  it("adds the operator's Claude Code spend to the meters, once per message, skipping worker sessions", async () => {
    crew = await makeCrew();
    const projects = join(crew.root, "fake-home/.claude/projects");
    await mkdir(join(projects, "-home-me-app"), { recursive: true });
    const today = new Date().toISOString();
    await writeFile(
      join(projects, "-home-me-app/11111111-aaaa.jsonl"),
      [
        JSON.stringify({ type: "user", timestamp: today, message: { role: "user", content: "hi" } }),
        assistantLine({
          id: "a",
          session: "interactive-1",
          model: "claude-sonnet-4-5",
          at: today,
          costUSD: 0.5,
        }),
        assistantLine({
          id: "a",
          session: "interactive-1",
          model: "claude-sonnet-4-5",
          at: today,
          costUSD: 0.5,
        }), // repeated line
        assistantLine({
          id: "b",
          session: "interactive-1",
          model: "claude-opus-4-1",
          at: today,
          input: 1_000_000,
          output: 100_000,
        }),
        assistantLine({
          id: "c",
          session: "worker-session",
          model: "claude-sonnet-4-5",
          at: today,
          costUSD: 9,
        }),
        "{ half-written",
      ].join("\n"),
    );
    await appendLedger(crew.root, {
      at: today,
      taskId: "t",
      agent: "agent-a",
      tier: 2,
      model: "sonnet",
      attempt: 1,
      costUsd: 0.25,
      sessionId: "worker-session",
    });
    const parsed = parseConfig(JSON.stringify({ costs: { claudeProjectsDir: projects } }));
    if (!parsed.ok) throw new Error("bad config");

    const imported = await importClaudeUsage(projects, parsed.config, new Set(["worker-session"]));
    expect(imported.map((entry) => [entry.tier, entry.costUsd])).toEqual([
      [2, 0.5],
      [3, 15 + 7.5], // 1M input × $15 + 100k output × $75 per million tokens
    ]);
    const status = await readStatus(crew.root, parsed.config);
    expect(status.costs["2"].today).toBeCloseTo(0.25 + 0.5, 9);
    expect(status.costs["3"].today).toBeCloseTo(22.5, 9);
  });
});
