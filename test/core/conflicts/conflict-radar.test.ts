/** The conflict radar: two writers, one path, one window, no lock between them. */
import { describe, expect, it } from "vitest";
import { conflictFix, resourceForPath } from "../../../core/conflicts/conflict-fix.js";
import { readConflicts } from "../../../core/conflicts/conflict-log.js";
import { ConflictRadar, type FileWrite, type Writer } from "../../../core/conflicts/conflict-radar.js";
import type { LockHold } from "../../../core/conflicts/lock-holds.js";
import type { NotificationInput } from "../../../core/notify/notifier.js";
import { parseConfig } from "../../../shared/config.js";
import { makeCrew } from "../../support/crew-fixture.js";

const paneA: Writer = { kind: "session", id: "s-a", label: "agent-a (pane 1)", agent: "agent-a" };
const paneB: Writer = { kind: "session", id: "s-b", label: "agent-b (pane 2)", agent: "agent-b" };
const worker: Writer = { kind: "worker", id: "seed", label: "agent-b (task seed)", agent: "agent-b" };

const at = (minutes: number) => new Date(Date.UTC(2026, 3, 9, 21, minutes)).toISOString();

async function radar(holds: LockHold[] = [], windowMinutes = 10) {
  const crew = await makeCrew();
  const parsed = parseConfig(JSON.stringify({ conflicts: { windowMinutes } }));
  if (!parsed.ok) throw new Error("config");
  const raised: NotificationInput[] = [];
  const instance = new ConflictRadar({
    root: crew.root,
    config: () => parsed.config,
    notifier: { notify: async (input) => void raised.push(input) as never },
    lockHolds: async () => holds,
  });
  const write = (
    writer: Writer,
    minutes: number,
    path = `${crew.root}/outputs/report.md`,
  ): Promise<unknown> => instance.record({ path, at: at(minutes), writer } satisfies FileWrite);
  return { crew, raised, write, instance };
}

describe("the conflict radar", () => {
  it("raises a conflict, with the fix, when a second writer writes within the window", async () => {
    const { crew, raised, write } = await radar();
    expect(await write(paneA, 0)).toBeUndefined();
    const conflict = await write(worker, 4);
    expect(conflict).toMatchObject({
      path: "outputs/report.md",
      writers: [
        { kind: "session", id: "s-a", label: "agent-a (pane 1)", at: at(0) },
        { kind: "worker", id: "seed", label: "agent-b (task seed)", at: at(4) },
      ],
      resource: "outputs-report.md",
      fix: {
        locksLine: "LOCKS: outputs-report.md",
        lockRun: "switchyard lock run outputs-report.md --as agent-b --wait 60 -- <command>",
      },
    });
    expect(raised.map((notification) => notification.title)).toEqual([
      "Conflict: agent-a (pane 1) and agent-b (task seed) both wrote outputs/report.md",
    ]);
    expect(await readConflicts(crew.root, new Date(at(0)))).toEqual([conflict]);
    await crew.cleanup();
  });

  it("is quiet for one writer writing again, for writes further apart than the window, and for other files", async () => {
    const { crew, raised, write } = await radar();
    await write(paneA, 0);
    await write(paneA, 1);
    await write(paneB, 11);
    await write(paneA, 30, `${crew.root}/outputs/other.md`);
    expect(raised).toEqual([]);
    await crew.cleanup();
  });

  it("raises one conflict per pair and path per window", async () => {
    const { crew, raised, write } = await radar();
    await write(paneA, 0);
    await write(paneB, 1);
    await write(paneA, 2);
    await write(paneB, 3);
    expect(raised).toHaveLength(1);
    // Once the window has passed since it was raised, the same pair raises it again.
    await write(paneB, 12);
    await write(paneA, 14);
    expect(raised).toHaveLength(2);
    await crew.cleanup();
  });

  it("is quiet when both writers held one lock resource at their writes", async () => {
    const holds: LockHold[] = [
      {
        resource: "outputs-report.md",
        holder: "agent-a",
        fromMs: Date.parse(at(0)) - 1000,
        toMs: Date.parse(at(1)),
      },
      {
        resource: "outputs-report.md",
        holder: "agent-b",
        fromMs: Date.parse(at(2)),
        toMs: Number.POSITIVE_INFINITY,
      },
    ];
    const { crew, raised, write } = await radar(holds);
    await write(paneA, 0);
    await write(paneB, 3);
    expect(raised).toEqual([]);
    await crew.cleanup();
  });

  it("still raises it when only one of them held the lock", async () => {
    const holds: LockHold[] = [
      { resource: "outputs-report.md", holder: "agent-a", fromMs: 0, toMs: Number.POSITIVE_INFINITY },
    ];
    const { crew, raised, write } = await radar(holds);
    await write(paneA, 0);
    await write(paneB, 3);
    expect(raised).toHaveLength(1);
    await crew.cleanup();
  });
});

describe("the fix a conflict offers", () => {
  it.each([
    ["outputs/report.md", "outputs-report.md"],
    ["src/app/main.tsx", "src-app-main.tsx"],
    ["/home/op/notes with spaces.md", "home-op-notes-with-spaces.md"],
    ["...", "shared-file"],
  ])("names a valid lock resource after %s", (path, resource) => {
    expect(resourceForPath(path)).toBe(resource);
  });

  it("says how to take it in a task and around a pane's command", () => {
    expect(conflictFix("outputs-report.md")).toEqual({
      locksLine: "LOCKS: outputs-report.md",
      lockRun: "switchyard lock run outputs-report.md --as <agent> --wait 60 -- <command>",
    });
  });
});
