/** The bounded context a triage sends: what the message names first, every line with its file. */
import { describe, expect, it } from "vitest";
import { buildTriageContext } from "../../../core/agent/triage-context.js";
import { makeStatus, makeWorker } from "../../support/status-fixture.js";

const completed = Array.from({ length: 200 }, (_, index) => ({
  id: `report-${index}`,
  file: `coordination/completed/report-${index}.md`,
  task: `Write weekly report number ${index} about the newsletter and its many subscribers`,
  finishedAt: "2026-04-09T20:00:00.000Z",
  footer: {
    status: "done" as const,
    agent: "agent-a",
    output: `outputs/report-${index}.md (verified, 10 bytes)`,
  },
}));

const status = makeStatus({
  completed,
  failed: [
    {
      id: "listing_update",
      file: "coordination/failed/listing_update.md",
      task: "Update all ClawMart listings with new pricing",
      finishedAt: "2026-04-09T21:00:00.000Z",
      footer: { status: "failed", agent: "agent-b", tier: 2, attempts: 3, reason: "exited with code 1" },
    },
  ],
  workers: [makeWorker("deploy", { agent: "agent-b" })],
  inProgress: [
    {
      id: "deploy",
      file: "coordination/in_progress/deploy.md",
      agent: "agent-b",
      task: "Deploy the site",
      priority: "normal",
      createdAt: "2026-04-09T21:20:00.000Z",
    },
  ],
});

const MIND = `# SHARED_MIND.md
## ACTIVE STATE
Last updated: 2026-04-09T21:20Z | agent-a
### agent-b
- Deploying the site; ClawMart listings pending
## WHAT'S NEEDED NEXT
- First conversion
## WHAT EACH AGENT HAS LEARNED
[append-only section — never deleted]
- 2026-04-09: ClawMart rate-limits listing edits to 10 a minute
- 2026-04-08: Reddit blocks body links from new accounts
`;

describe("the triage context", () => {
  it("puts what the message names first, within triage.contextChars, each line marked with its file", () => {
    const context = buildTriageContext({
      question: "Why did the listing task fail?",
      status,
      sharedMind: MIND,
      notifications: [],
      limitChars: 1500,
    });
    expect(context.text.length).toBeLessThan(1500 + 800); // the overview lines always go
    expect(context.text).toContain(
      '- listing_update (agent-b, tier 2): "Update all ClawMart listings with new pricing" — exited with code 1; finished 2026-04-09T21:00:00.000Z after 3 attempt(s) [coordination/failed/listing_update.md]',
    );
    expect(context.text).toContain(
      "learned 2026-04-09: ClawMart rate-limits listing edits to 10 a minute [SHARED_MIND.md]",
    );
    expect(context.text).not.toContain("Reddit");
    expect(context.relevant[0]).toBe("coordination/failed/listing_update.md");
    expect(context.sources).toContain("SHARED_MIND.md");
    expect(context.sources).not.toContain("coordination/completed/report-199.md");
  });

  it("always sends the counts, today's spend and who is running what", () => {
    const context = buildTriageContext({
      question: "hello",
      status,
      sharedMind: "",
      notifications: [],
      limitChars: 500,
    });
    expect(context.text).toContain(
      "## Crew now\n- 0 waiting in inboxes, 0 awaiting approval, 1 running, 200 completed, 1 failed",
    );
    expect(context.text).toContain("- tier 2: today $0.00, this month $0.00 [.switchyard/ledger.jsonl]");
    expect(context.text).toContain('- agent-b runs deploy: "Deploy the site" (tier 2 sonnet');
    expect(context.text).toContain("[coordination/in_progress/deploy.md]");
  });
});
