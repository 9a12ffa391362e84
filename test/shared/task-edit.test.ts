import { describe, expect, it } from "vitest";
import { editTaskHeader } from "../../shared/task-edit.js";
import { parseTaskFile } from "../../shared/task-file.js";

const SEED = `TASK: Update all ClawMart listings with new pricing
PRIORITY: high
FROM: agent-b
CONTEXT: Stripe payment links updated,
  need to inject into listings 2, 5, and 9
X-Ticket: CM-12
EXPECTED_OUTPUT: outputs/listing_update_result.md

Body text stays.
TIER: not a header line
`;

describe("editing a waiting task's header", () => {
  it("changes only the named keys, in place, keeping unknown keys, continuation lines of others and the body", () => {
    const edited = editTaskHeader(SEED, { tier: 3, priority: "urgent" });
    expect(edited).toBe(
      SEED.replace("PRIORITY: high", "PRIORITY: urgent").replace(
        "EXPECTED_OUTPUT: outputs/listing_update_result.md\n",
        "EXPECTED_OUTPUT: outputs/listing_update_result.md\nTIER: 3\n",
      ),
    );
    const parsed = parseTaskFile(edited);
    expect(parsed.ok && parsed.value.fields).toMatchObject({ tier: 3, priority: "urgent", from: "agent-b" });
    expect(parsed.ok && parsed.value.body).toContain("TIER: not a header line");
  });

  it("replaces a multi-line value whole and removes a key set to null", () => {
    const edited = editTaskHeader(SEED, { context: "One line now", expectedOutput: null });
    expect(edited).toContain("CONTEXT: One line now\nX-Ticket: CM-12\n\nBody text stays.");
    expect(edited).not.toContain("need to inject");
    expect(edited).not.toContain("EXPECTED_OUTPUT");
  });

  it("keeps the key's spelling and CRLF line endings", () => {
    const crlf = "task: Do it\r\ntier: 1\r\n";
    expect(editTaskHeader(crlf, { tier: 2 })).toBe("task: Do it\r\ntier: 2\r\n");
    expect(editTaskHeader(crlf, { tier: null })).toBe("task: Do it\r\n");
  });
});
