import { describe, expect, it } from "vitest";
import { diffSharedMind, hasChanges } from "../../../core/heartbeat/shared-mind-diff.js";

const BEFORE = `# SHARED_MIND.md
## ACTIVE STATE
Last updated: 2026-04-09T10:00:00Z | agent-a
- Listings 2, 5, 9 need new links
### agent-b
- 2026-04-09T09:12Z t-7: Update pricing → done
## WHAT'S NEEDED NEXT
- Deploy the site
## WHAT EACH AGENT HAS LEARNED
- 2026-04-01: Stripe links expire after 24 h
- 2026-04-02: Reddit blocks body links
`;

describe("diffSharedMind", () => {
  it("finds new learnings, state lines and needed-next items, and who wrote last", () => {
    const after = BEFORE.replace(
      "Last updated: 2026-04-09T10:00:00Z | agent-a",
      "Last updated: 2026-04-09T11:00:00Z | agent-b",
    )
      .replace("### agent-b\n", "### agent-b\nWorking on the Devto articles\n")
      .replace("- Deploy the site\n", "- Deploy the site\n- Rotate the API keys\n")
      .concat("- 2026-04-09: Devto rate-limits at 10 posts/h\n");
    const changes = diffSharedMind(BEFORE, after);
    expect(changes.newLearnings.map((learning) => learning.text)).toEqual([
      "Devto rate-limits at 10 posts/h",
    ]);
    expect(changes.newStateLines).toEqual([{ agent: "agent-b", line: "Working on the Devto articles" }]);
    expect(changes.newNeededNext).toEqual(["- Rotate the API keys"]);
    expect(changes.lostLearnings).toEqual([]);
    expect(changes.updatedBy).toBe("agent-b");
  });

  it("lists a removed learning line as lost", () => {
    const after = BEFORE.replace("- 2026-04-01: Stripe links expire after 24 h\n", "");
    expect(diffSharedMind(BEFORE, after).lostLearnings).toEqual([
      "- 2026-04-01: Stripe links expire after 24 h",
    ]);
  });

  it("does not count the app's own task outcome lines as news", () => {
    const after = BEFORE.replace(
      "### agent-b\n",
      "### agent-b\n- 2026-04-09T11:02Z t-8: Write the changelog → done\n",
    );
    expect(hasChanges(diffSharedMind(BEFORE, after))).toBe(false);
  });
});
