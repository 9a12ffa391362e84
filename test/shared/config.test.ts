/**
 * switchyard.json says what it does: every section is strict, a typo names the key and the
 * closest valid one, and a file that is not JSON says where (line and column).
 */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../shared/config.js";

const problemsOf = (value: unknown): string[] => {
  const parsed = parseConfig(typeof value === "string" ? value : JSON.stringify(value, null, 2));
  return parsed.ok ? [] : parsed.problems;
};

describe("switchyard.json", () => {
  it.each([
    [{ worker: { maxAttemps: 3 } }, 'worker.maxAttemps: unknown key; did you mean "maxAttempts"?'],
    [{ worker: { concurency: 2 } }, 'worker.concurency: unknown key; did you mean "concurrency"?'],
    [
      { tiers: { "1": { budget: { dayly: 2 } } } },
      'tiers.1.budget.dayly: unknown key; did you mean "daily"?',
    ],
    [{ approval: { aboveUSD: 1 } }, 'approval.aboveUSD: unknown key; did you mean "aboveUsd"?'],
    [
      { agents: { "agent-a": { concurrancy: 2 } } },
      'agents.agent-a.concurrancy: unknown key; did you mean "concurrency"?',
    ],
    [
      { locks: { staleAfterMinute: 5 } },
      'locks.staleAfterMinute: unknown key; did you mean "staleAfterMinutes"?',
    ],
    [
      { costs: { importInteractiv: false } },
      'costs.importInteractiv: unknown key; did you mean "importInteractive"?',
    ],
    [{ routing: { clasifier: {} } }, 'routing.clasifier: unknown key; did you mean "classifier"?'],
    [{ web: { prot: 8080 } }, 'web.prot: unknown key; did you mean "port"?'],
    [{ notifcations: {} }, 'notifcations: unknown key; did you mean "notifications"?'],
    [{ tiers: { "2": { windw: { runs: 3 } } } }, 'tiers.2.windw: unknown key; did you mean "window"?'],
  ])("refuses %j: %s", (config, problem) => {
    expect(problemsOf(config)).toEqual([problem]);
  });

  it("names an unknown key without a guess when nothing valid is close", () => {
    expect(problemsOf({ worker: { frobnicate: true } })).toEqual(["worker.frobnicate: unknown key"]);
  });

  it("says the line and column of a JSON syntax error", () => {
    expect(problemsOf('{\n  "worker": {\n    "maxAttempts": 3,\n  }\n}\n')).toEqual([
      expect.stringMatching(/^switchyard\.json is not valid JSON at line 4, column 3: /),
    ]);
    expect(problemsOf('{\n  "worker": {')).toEqual([
      expect.stringMatching(/^switchyard\.json is not valid JSON at line 2, column 14: /),
    ]);
  });

  it("still accepts every documented key", () => {
    expect(
      problemsOf({
        agents: { "agent-b": { tier: 2, concurrency: 2, inbox: "for_agent_b" } },
        tiers: {
          "0": { model: "qwen2.5-coder:7b", env: { ANTHROPIC_BASE_URL: "http://127.0.0.1:11434" } },
          "1": { budget: { daily: 2, monthly: 30 } },
          "2": { billing: "subscription", window: { hours: 5, runs: 40 } },
        },
        worker: { maxAttempts: 3, timeoutSeconds: 1800, hangSeconds: 600, passEnv: ["MY_SETTING"] },
        approval: { aboveUsd: 1 },
        locks: { staleAfterMinutes: 30 },
        web: { port: 8080 },
        costs: {
          importInteractive: true,
          prices: { "claude-haiku-4-5": { inputPerMTok: 1, outputPerMTok: 5, cacheReadPerMTok: 0.1 } },
        },
        routing: { classifier: { url: "http://127.0.0.1:11434", model: "qwen", timeoutMs: 500 } },
      }),
    ).toEqual([]);
  });
});
