import { describe, expect, it } from "vitest";
import { DEFAULT_PRICES, priceOf, priceUsage } from "../../shared/prices.js";

describe("the price table", () => {
  it("finds a model by its exact name, else by the longest key its name contains", () => {
    const table = { ...DEFAULT_PRICES, "claude-sonnet-5": { inputPerMTok: 4, outputPerMTok: 20 } };
    expect(priceOf("claude-sonnet-5", table)?.inputPerMTok).toBe(4);
    expect(priceOf("claude-sonnet-4-5-20250929", table)?.inputPerMTok).toBe(3);
    expect(priceOf("Claude-Opus-4", table)?.outputPerMTok).toBe(75);
    expect(priceOf("qwen2.5-coder:7b", table)).toBeUndefined();
  });

  it("prices input, output and the prompt cache, and a local model at nothing", () => {
    const usage = { input: 1_000_000, output: 100_000, cacheWrite: 1_000_000, cacheRead: 1_000_000 };
    // 3 + 1.5 + 3.75 (1.25 × input) + 0.3 (0.1 × input)
    expect(priceUsage({ "claude-sonnet-5": usage }, DEFAULT_PRICES)).toBeCloseTo(8.55, 6);
    expect(priceUsage({ "qwen2.5-coder:7b": usage }, DEFAULT_PRICES)).toBe(0);
  });
});
