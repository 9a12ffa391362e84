import { describe, expect, it } from "vitest";
import { formatHeld, staleLockTitle } from "../../../core/locks/lock-supervisor.js";

describe("stale lock wording", () => {
  it("says how long a lock was held in seconds, minutes or hours", () => {
    expect(formatHeld(45)).toBe("45 s");
    expect(formatHeld(40 * 60)).toBe("40 min");
    expect(formatHeld(125 * 60)).toBe("2 h 5 min");
    expect(formatHeld(180 * 60)).toBe("3 h");
  });

  it("names the resource, the holder, the time held and the purpose", () => {
    const lock = {
      resource: "devto",
      file: "devto-1775700000.lock",
      holder: "agent-a",
      purpose: "updating articles",
      acquiredAt: "2026-04-09T02:00:00.000Z",
      ageSeconds: 2400,
      stale: true,
    };
    expect(staleLockTitle(lock)).toBe("Removed stale lock devto: agent-a held it 40 min (updating articles)");
    expect(staleLockTitle({ ...lock, purpose: "" })).toBe("Removed stale lock devto: agent-a held it 40 min");
  });
});
