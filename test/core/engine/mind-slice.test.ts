/**
 * A worker's share of SHARED_MIND.md stays within its budget at 10 or 10,000 learnings, and
 * keeps what matters first: the agent's own state, what is needed next, the learnings that
 * bear on the task.
 */
import { describe, expect, it } from "vitest";
import { CHARS_PER_TOKEN, mindSlice } from "../../../core/engine/mind-slice.js";
import { formatLearning, readSharedMind } from "../../../shared/shared-mind.js";

const BUDGET_TOKENS = 4_000;

function sharedMind(learnings: number): string {
  const lines = Array.from({ length: learnings }, (_, index) =>
    formatLearning("2026-01-01", `Learning ${index}: notes about deploys, retries and the crew's habits`),
  );
  // The one that matters to the task below is the oldest of all.
  lines[0] = formatLearning(
    "2025-06-01",
    "Stripe payment links expire after 24 hours: regenerate before injecting",
  );
  return [
    "# SHARED_MIND.md",
    "## ACTIVE STATE",
    "Last updated: 2026-04-09T10:00:00Z | agent-b",
    "- Product 9 relaunch is this week",
    "### agent-b",
    "- 2026-04-09T09:00Z listings-1: updated listing 2 → done",
    "### agent-a",
    "- 2026-04-09T08:00Z research-4: competitor prices → done",
    "## WHAT'S NEEDED NEXT",
    "- Update listings 5 and 9 with the new Stripe links",
    "## WHAT EACH AGENT HAS LEARNED",
    "[append-only section — never deleted]",
    ...lines,
    "",
  ].join("\n");
}

const TASK = "TASK: Inject the new Stripe payment links into listings 5 and 9\nPRIORITY: high\n";

describe("the worker's slice of SHARED_MIND.md", () => {
  it("keeps the agent's own state, what is needed next and the relevant learning, within budget, at 10,000 learnings", () => {
    const slice = mindSlice(readSharedMind(sharedMind(10_000)), "agent-b", TASK, BUDGET_TOKENS);
    expect(slice.text.length).toBeLessThanOrEqual(BUDGET_TOKENS * CHARS_PER_TOKEN);
    expect(slice.text).toContain("- 2026-04-09T09:00Z listings-1: updated listing 2 → done");
    expect(slice.text).toContain("- Product 9 relaunch is this week");
    expect(slice.text).toContain("- Update listings 5 and 9 with the new Stripe links");
    expect(slice.text).toContain("Stripe payment links expire after 24 hours");
    expect(slice.text).not.toContain("research-4"); // another agent's own state is its business
    expect(slice.learningsTotal).toBe(10_000);
    expect(slice.learningsShown).toBeLessThan(500);
  });

  it("shows every learning while they fit", () => {
    const slice = mindSlice(readSharedMind(sharedMind(10)), "agent-b", TASK, BUDGET_TOKENS);
    expect(slice.learningsShown).toBe(10);
    expect(slice.text.indexOf("Stripe payment links expire")).toBeLessThan(slice.text.indexOf("Learning 9:"));
  });

  it("stays within a small budget even when the state alone would not fit", () => {
    const long = sharedMind(5).replace(
      "### agent-b\n",
      `### agent-b\n${Array.from({ length: 400 }, (_, index) => `- step ${index} ${"x".repeat(60)}`).join("\n")}\n`,
    );
    const slice = mindSlice(readSharedMind(long), "agent-b", TASK, 500);
    expect(slice.text.length).toBeLessThanOrEqual(500 * CHARS_PER_TOKEN);
    expect(slice.text).toContain("- step 0 ");
    expect(slice.text).toMatch(/more lines in SHARED_MIND\.md/);
    expect(slice.text).toContain("- Update listings 5 and 9 with the new Stripe links");
  });
});
