import { describe, expect, it } from "vitest";
import { clockWords, durationWords, relativeWords, stopwatchWords } from "../../shared/time-words.js";

describe("time words", () => {
  it("says durations in s, min, h and d", () => {
    expect(durationWords(45_000)).toBe("45 s");
    expect(durationWords(12 * 60_000 + 20_000)).toBe("12 min");
    expect(durationWords((2 * 60 + 5) * 60_000)).toBe("2 h 05 min");
    expect(durationWords((3 * 24 + 4) * 3_600_000)).toBe("3 d 4 h");
    expect(stopwatchWords(65_000)).toBe("1m 05s");
  });

  it("says clock times in local 24-hour time, with the date when it is not today", () => {
    const now = new Date(2026, 3, 9, 22, 0);
    expect(clockWords(new Date(2026, 3, 9, 14, 5).toISOString(), now)).toBe("14:05");
    expect(clockWords(new Date(2026, 3, 8, 9, 7).toISOString(), now)).toBe("8 Apr 09:07");
    expect(clockWords(new Date(2025, 11, 31, 23, 59).toISOString(), now)).toBe("31 Dec 2025 23:59");
  });

  it("says how long ago or how soon", () => {
    const now = Date.parse("2026-04-09T21:00:00Z");
    expect(relativeWords("2026-04-09T20:48:00Z", now)).toBe("12 min ago");
    expect(relativeWords("2026-04-09T21:04:00Z", now)).toBe("in 4 min");
    expect(relativeWords(null, now)).toBe("never");
  });
});
