import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LockStore } from "../../../core/locks/lock-store.js";
import { readTimeline } from "../../../core/views/timeline.js";
import { type CrewFixture, makeCrew } from "../../support/crew-fixture.js";

let crew: CrewFixture | undefined;
afterEach(async () => crew?.cleanup());

const NOW = new Date("2026-04-09T21:30:00.000Z");

async function writeRun(root: string, id: string, agent: string, attempts: object[]) {
  const dir = join(root, ".switchyard", "runs", id);
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, "run.json"),
    JSON.stringify({
      id,
      agent,
      source: `coordination/for_${agent}/${id}.md`,
      fileName: `${id}.md`,
      state: "done",
      ownerPid: 1,
      route: { tier: 2, model: "sonnet", reason: "default" },
      sessionId: "s",
      attempts,
      startedAt: "2026-04-09T20:00:00.000Z",
    }),
  );
}

describe("the timeline", () => {
  it("draws each worker attempt from the run records, on its agent's lane", async () => {
    crew = await makeCrew();
    await writeRun(crew.root, "t1", "agent-a", [
      {
        attempt: 1,
        startedAt: "2026-04-09T20:00:00.000Z",
        endedAt: "2026-04-09T20:05:00.000Z",
        outcome: "crashed: killed by SIGKILL",
      },
      {
        attempt: 2,
        startedAt: "2026-04-09T20:06:00.000Z",
        endedAt: "2026-04-09T20:09:00.000Z",
        outcome: "done",
      },
    ]);
    await writeRun(crew.root, "old", "agent-b", [
      { attempt: 1, startedAt: "2026-04-01T20:00:00.000Z", endedAt: "2026-04-01T20:01:00.000Z" },
    ]);
    const timeline = await readTimeline(crew.root, { hours: 6, now: NOW });
    expect(timeline.from).toBe("2026-04-09T15:30:00.000Z");
    expect(timeline.workers.map((bar) => [bar.lane, bar.label, bar.outcome])).toEqual([
      ["agent-a", "t1 #1", "crashed: killed by SIGKILL"],
      ["agent-a", "t1 #2", "done"],
    ]);
  });

  it("draws lock holds from the history and the locks held now, skipping a torn line", async () => {
    crew = await makeCrew();
    const history = join(crew.root, ".switchyard", "lock-history.jsonl");
    await appendFile(
      history,
      `${JSON.stringify({ resource: "listings", holder: "agent-a", purpose: "task t1", acquiredAt: "2026-04-09T20:00:00.000Z", releasedAt: "2026-04-09T20:09:00.000Z", heldSeconds: 540, how: "released" })}\n{"resource":"listi`,
    );
    await new LockStore(crew.root, { staleAfterMinutes: 30 }).acquire({
      resource: "stripe",
      holder: "agent-b",
      purpose: "rotating keys",
      waitSeconds: 0,
    });
    const timeline = await readTimeline(crew.root, { hours: 6, now: new Date() });
    expect(timeline.locks.map((bar) => [bar.lane, bar.label, bar.end === undefined])).toEqual(
      expect.arrayContaining([["stripe", "agent-b: rotating keys", true]]),
    );
    const past = await readTimeline(crew.root, { hours: 6, now: NOW });
    expect(past.locks[0]).toMatchObject({ lane: "listings", label: "agent-a: task t1", outcome: "released" });
  });
});
