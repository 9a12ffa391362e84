/**
 * Lock file names and contents (ARCHITECTURE.md, "Locks"): `<resource>-<unix-seconds>.lock` with a first line
 * `<agent>: <purpose>`, so the seed's shell locks and the app's locks are the same thing.
 */
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import {
  formatLockContent,
  isLockOn,
  type LockContent,
  lockFileName,
  parseLockContent,
  parseLockFileName,
  type StalenessInput,
  staleReason,
} from "../../shared/lock-file.js";

describe("lock file names", () => {
  it("names a lock <resource>-<whole unix seconds>.lock, as `date +%s` does", () => {
    expect(lockFileName("devto", 1775768403.987)).toBe("devto-1775768403.lock");
  });

  it.each([
    ["devto-1775768403.lock", { resource: "devto", unixSeconds: 1775768403 }],
    ["devto-x-1775768403.lock", { resource: "devto-x", unixSeconds: 1775768403 }],
    ["build-2024-1775768403.lock", { resource: "build-2024", unixSeconds: 1775768403 }],
    ["shared-mind-999999999.lock", { resource: "shared-mind", unixSeconds: 999999999 }],
  ])("reads %s", (name, expected) => {
    expect(parseLockFileName(name)).toEqual(expected);
  });

  it.each([
    "devto.lock",
    "devto-12.lock",
    "devto-1775768403.lock.tmp",
    "devto-1775768403",
    ".devto-1775768403.lock",
    ".devto-1775768403.lock.4242.removing",
    ".devto.guard",
    "-1775768403.lock",
    "task.md",
  ])("does not take %s for a lock", (name) => {
    expect(parseLockFileName(name)).toBeUndefined();
  });

  it("tells a lock on devto from a lock on devto-x", () => {
    expect(isLockOn("devto-1775768403.lock", "devto")).toBe(true);
    expect(isLockOn("devto-x-1775768403.lock", "devto")).toBe(false);
    expect(isLockOn("devto-1775768403.lock", "devto-x")).toBe(false);
  });

  it("reads back every name it writes (property)", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._]{0,10}(-[A-Za-z0-9._]{1,6}){0,3}$/),
        fc.integer({ min: 1_000_000_000, max: 9_999_999_999 }),
        (resource, seconds) => {
          expect(parseLockFileName(lockFileName(resource, seconds))).toEqual({
            resource,
            unixSeconds: seconds,
          });
        },
      ),
    );
  });
});

describe("lock file content", () => {
  it("writes the seed's first line, then pid and host when given", () => {
    expect(formatLockContent({ holder: "agent-a", purpose: "updating articles" })).toBe(
      "agent-a: updating articles\n",
    );
    expect(formatLockContent({ holder: "agent-a", purpose: "x", pid: 4242, host: "box" })).toBe(
      "agent-a: x\npid: 4242\nhost: box\n",
    );
  });

  it("reads what the seed's `echo` writes", () => {
    expect(parseLockContent("agent-a: updating articles\n")).toEqual({
      holder: "agent-a",
      purpose: "updating articles",
    });
  });

  it("keeps colons in the purpose and reads CRLF files", () => {
    expect(parseLockContent("agent-b: deploy: api v2\r\npid: 17\r\nhost: box\r\n")).toEqual({
      holder: "agent-b",
      purpose: "deploy: api v2",
      pid: 17,
      host: "box",
    });
  });

  it("reads a line without a colon as the holder, and an empty file as an unknown holder", () => {
    expect(parseLockContent("agent-c\n")).toEqual({ holder: "agent-c", purpose: "" });
    expect(parseLockContent("")).toEqual({ holder: "unknown", purpose: "" });
  });

  it("does not read a pid from the first line", () => {
    expect(parseLockContent("pid: 12\n").pid).toBeUndefined();
  });

  it("reads back what it writes (property)", () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
    const content: fc.Arbitrary<LockContent> = fc.record(
      {
        holder: word,
        purpose: fc.string({ maxLength: 40 }).map((text) => text.replace(/[\r\n]/g, " ").trim()),
        pid: fc.integer({ min: 1, max: 4_194_304 }),
        host: word,
      },
      { requiredKeys: ["holder", "purpose"] },
    );
    fc.assert(
      fc.property(content, (lock) => {
        expect(parseLockContent(formatLockContent(lock))).toEqual(lock);
      }),
    );
  });
});

describe("staleReason", () => {
  const base: StalenessInput = {
    ageSeconds: 60,
    staleAfterMinutes: 30,
    thisHost: "box",
    isPidAlive: () => true,
  };

  it("keeps a young lock without a pid live", () => {
    expect(staleReason(base)).toBeUndefined();
  });

  it("calls a lock older than the limit stale and says by how much", () => {
    expect(staleReason({ ...base, ageSeconds: 40 * 60 })).toMatch(/older than 30 min \(40 min\)/);
  });

  it("keeps a lock exactly at the limit live and the next second stale", () => {
    expect(staleReason({ ...base, ageSeconds: 30 * 60 })).toBeUndefined();
    expect(staleReason({ ...base, ageSeconds: 30 * 60 + 1 })).toBeDefined();
  });

  it("uses the configured limit", () => {
    expect(staleReason({ ...base, staleAfterMinutes: 5, ageSeconds: 6 * 60 })).toMatch(/older than 5 min/);
    expect(staleReason({ ...base, staleAfterMinutes: 60, ageSeconds: 40 * 60 })).toBeUndefined();
  });

  it("calls a lock stale when its pid on this host is gone", () => {
    const isPidAlive = vi.fn(() => false);
    expect(staleReason({ ...base, pid: 4242, host: "box", isPidAlive })).toMatch(/process 4242 is gone/);
    expect(isPidAlive).toHaveBeenCalledWith(4242);
  });

  it("judges a pid without a host as on this host", () => {
    expect(staleReason({ ...base, pid: 4242, isPidAlive: () => false })).toBeDefined();
  });

  it("keeps a lock whose pid is alive live", () => {
    expect(staleReason({ ...base, pid: 4242, host: "box", isPidAlive: () => true })).toBeUndefined();
  });

  it("does not judge a pid on another host", () => {
    const isPidAlive = vi.fn(() => false);
    expect(staleReason({ ...base, pid: 4242, host: "other-box", isPidAlive })).toBeUndefined();
    expect(isPidAlive).not.toHaveBeenCalled();
  });

  it("still calls a lock on another host stale by age", () => {
    expect(staleReason({ ...base, ageSeconds: 3600, pid: 4242, host: "other-box" })).toMatch(/older than/);
  });
});
