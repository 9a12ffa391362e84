/** What `switchyard status` prints for people (the JSON is checked in cli.test.ts). */
import { describe, expect, it } from "vitest";
import { formatStatus } from "../../cli/commands/status.js";
import { makeStatus } from "../support/status-fixture.js";

describe("switchyard status, as text", () => {
  it("says what the always-on agent's own model calls cost today, and the heartbeat's token cap", () => {
    const text = formatStatus(
      makeStatus({
        alwaysOn: {
          triage: { calls: 3, tokens: 4_200, usd: 0.0123 },
          heartbeat: { calls: 1, tokens: 900, usd: 0, tokenCap: 20_000 },
        },
      }),
    );
    expect(text).toContain("always-on agent today: triage 3 calls, 4,200 tokens, $0.01");
    expect(text).toContain("heartbeat check-in 1 call, 900 of 20,000 tokens");
  });
});
