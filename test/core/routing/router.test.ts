import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../../shared/config.js";
import { parseTaskFile, type TaskFields } from "../../../shared/task-file.js";
import { decideGate } from "../../../core/approvals/approval-gate.js";
import { ollamaClassifier } from "../../../core/routing/ollama-classifier.js";
import { routeByRules, routeTask } from "../../../core/routing/router.js";
import { type OllamaStandin, startOllamaStandin } from "../../support/ollama-standin.js";

const config = (json: unknown = {}) => {
  const parsed = parseConfig(JSON.stringify(json));
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.config;
};

const fields = (text: string): TaskFields => {
  const parsed = parseTaskFile(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value.fields;
};

const NOW = new Date("2026-11-25T12:00:00Z");

describe("routing rules", () => {
  it.each([
    ["TASK: Summarize README.md", 1, "haiku", "rule: read/summarize/classify/extract/format/decide-between"],
    [
      "TASK: Classify these tickets by urgency",
      1,
      "haiku",
      "rule: read/summarize/classify/extract/format/decide-between",
    ],
    [
      "TASK: Decide between Stripe and Paddle",
      1,
      "haiku",
      "rule: read/summarize/classify/extract/format/decide-between",
    ],
    ["TASK: Build the landing page", 2, "sonnet", "rule: multi-step work, novel writing or judgement"],
    ["TASK: Write a launch article", 2, "sonnet", "rule: multi-step work, novel writing or judgement"],
    ["TASK: Deploy the new pricing to production", 3, "opus", "rule: high stakes or irreversible"],
    ["TASK: Delete the old customer records", 3, "opus", "rule: high stakes or irreversible"],
    ["TASK: Ping the team", 2, "sonnet", "agent-b's default tier"],
    ["TASK: Summarize README.md\nTIER: 3", 3, "opus", "TIER: 3 in the task"],
    ["TASK: Build it\nMODEL: claude-haiku-4-5", 1, "claude-haiku-4-5", "MODEL: claude-haiku-4-5 in the task"],
  ])("routes %j to tier %i (%s)", (text, tier, model, reason) => {
    expect(routeByRules(fields(text), "agent-b", config(), NOW)).toEqual({ tier, model, reason });
  });

  it("lets a task's MODEL decide its tier, for the gate and the meters alike", () => {
    const opus = routeByRules(
      fields("TASK: Summarize README.md\nTIER: 1\nMODEL: opus"),
      "agent-b",
      config(),
      NOW,
    );
    expect(opus).toEqual({
      tier: 3,
      model: "opus",
      reason: "MODEL: opus in the task is a tier-3 model (the task says TIER: 1)",
    });
    const gate = (text: string) => {
      const route = routeByRules(fields(text), "agent-b", config(), NOW);
      return decideGate({
        fields: fields(text),
        route,
        estimatedCostUsd: 0,
        aboveUsd: 1,
        budget: {},
        now: NOW,
      });
    };
    expect(gate("TASK: Summarize README.md\nTIER: 1\nMODEL: opus")).toEqual({
      action: "ask",
      reason: "tier 3 (highest stakes) always asks first",
    });
    // The stakes a task declares still ask first, whatever cheaper model it names.
    expect(gate("TASK: Summarize README.md\nTIER: 3\nMODEL: haiku")).toMatchObject({ action: "ask" });
    const local = config({ tiers: { "0": { model: "qwen2.5:7b" }, "3": { model: "claude-opus-4-1" } } });
    expect(routeByRules(fields("TASK: x\nMODEL: qwen2.5:7b"), "agent-b", local, NOW)).toMatchObject({
      tier: 0,
    });
    expect(
      routeByRules(fields("TASK: x\nTIER: 0\nMODEL: claude-opus-4-1"), "agent-b", local, NOW),
    ).toMatchObject({
      tier: 3,
    });
  });

  it("uses the agent's default tier when no rule matches", () => {
    expect(
      routeByRules(
        fields("TASK: Ping the team"),
        "agent-a",
        config({ agents: { "agent-a": { tier: 1 } } }),
        NOW,
      ),
    ).toMatchObject({ tier: 1 });
  });

  it("sends tier-0 work to tier 1 when no local model is configured", () => {
    const route = routeByRules(
      fields("TASK: Ping the team"),
      "agent-a",
      config({ agents: { "agent-a": { tier: 0 } } }),
      NOW,
    );
    expect(route).toEqual({
      tier: 1,
      model: "haiku",
      reason: "agent-a's default tier (no local model configured: tier 1)",
    });
  });

  it("forces work that is not time-sensitive from API tier 1 down to the free local tier", () => {
    const withLocal = config({ tiers: { "0": { model: "qwen2.5:7b" } } });
    expect(
      routeByRules(fields("TASK: Summarize README.md\nPRIORITY: low"), "agent-b", withLocal, NOW),
    ).toEqual({
      tier: 0,
      model: "qwen2.5:7b",
      reason:
        "rule: read/summarize/classify/extract/format/decide-between; cost forcing: not time-sensitive, so tier 0 (free) instead of tier 1's API spend",
    });
    for (const exempt of ["PRIORITY: urgent", "FROM: telegram:42", "DEADLINE: 2026-11-25T18:00:00Z"])
      expect(
        routeByRules(fields(`TASK: Summarize README.md\n${exempt}`), "agent-b", withLocal, NOW).tier,
      ).toBe(1);
  });
});

describe("the local classifier", () => {
  let ollama: OllamaStandin | undefined;
  afterEach(async () => {
    await ollama?.close();
    ollama = undefined;
  });

  it("routes a task by the classifier's JSON answer", async () => {
    ollama = await startOllamaStandin(() => JSON.stringify({ tier: 3, reason: "touches customer payments" }));
    const classify = ollamaClassifier({ url: ollama.url, model: "qwen2.5:3b", timeoutMs: 1000 });
    const route = await routeTask(
      fields("TASK: Summarize the refunds queue"),
      "agent-b",
      config(),
      classify,
      NOW,
    );
    expect(route).toEqual({ tier: 3, model: "opus", reason: "local classifier: touches customer payments" });
    expect(ollama.requests[0]).toMatchObject({ model: "qwen2.5:3b", format: "json", stream: false });
    expect(JSON.stringify(ollama.requests[0])).toContain("Summarize the refunds queue");
  });

  it("falls back to the rules within a second when Ollama is down", async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const port = (probe.address() as { port: number }).port;
        probe.close(() => resolve(port));
      });
    });
    const classify = ollamaClassifier({
      url: `http://127.0.0.1:${closedPort}`,
      model: "any",
      timeoutMs: 1000,
    });
    const started = performance.now();
    const route = await routeTask(fields("TASK: Summarize README.md"), "agent-b", config(), classify, NOW);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(route.tier).toBe(1);
    expect(route.reason).toMatch(/^rule: read\/summarize.* \(classifier unavailable: .+\)$/);
  });

  it("falls back to the rules when Ollama is too slow", async () => {
    ollama = await startOllamaStandin(() => undefined);
    const classify = ollamaClassifier({ url: ollama.url, model: "any", timeoutMs: 300 });
    const started = performance.now();
    const route = await routeTask(fields("TASK: Build the landing page"), "agent-b", config(), classify, NOW);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(route).toMatchObject({
      tier: 2,
      reason:
        "rule: multi-step work, novel writing or judgement (classifier unavailable: no answer within 300 ms)",
    });
  });

  it("ignores an answer that is not a tier", async () => {
    ollama = await startOllamaStandin(() => "I think tier seven");
    const classify = ollamaClassifier({ url: ollama.url, model: "any", timeoutMs: 1000 });
    const route = await routeTask(fields("TASK: Summarize README.md"), "agent-b", config(), classify, NOW);
    expect(route.tier).toBe(1);
    expect(route.reason).toContain("classifier unavailable");
  });
});
