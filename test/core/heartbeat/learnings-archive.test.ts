/**
 * Past `sharedMind.keepLearnings`, the oldest learnings move to SHARED_MIND.archive.md: none is
 * lost, the heartbeat does not put a moved one back, and it still puts back one someone deleted.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SharedMindWatch } from "../../../core/heartbeat/shared-mind-watch.js";
import { formatLearning, readSharedMind, SHARED_MIND_TEMPLATE } from "../../../shared/shared-mind.js";
import { type CrewFixture, makeCrew } from "../../support/crew-fixture.js";

let crew: CrewFixture | undefined;
afterEach(async () => {
  await crew?.cleanup();
  crew = undefined;
});

const learning = (index: number) => formatLearning("2026-01-01", `Learning number ${index}`);
const quiet = { notify: async () => ({}) as never };

describe("the learnings archive", () => {
  it("moves the oldest learnings out past the limit, and the heartbeat never puts them back", async () => {
    crew = await makeCrew();
    const path = join(crew.root, "SHARED_MIND.md");
    const all = Array.from({ length: 300 }, (_, index) => learning(index));
    const watch = new SharedMindWatch(
      crew.root,
      quiet,
      () => 30,
      () => 100,
    );
    await writeFile(path, `${SHARED_MIND_TEMPLATE}${all.slice(0, 10).join("\n")}\n`);
    await watch.check(); // the baseline
    await writeFile(path, `${SHARED_MIND_TEMPLATE}${all.join("\n")}\n`);
    await watch.check();
    const kept = readSharedMind(await crew.read("SHARED_MIND.md")).learnings.map((entry) => entry.line);
    expect(kept).toEqual(all.slice(200));
    const archive = await readFile(join(crew.root, "SHARED_MIND.archive.md"), "utf8");
    expect(archive.trim().split("\n").slice(2)).toEqual(all.slice(0, 200));

    // Next beats: nothing moved is resurrected, but a learning deleted by hand is.
    await watch.check();
    const withoutOne = (await crew.read("SHARED_MIND.md")).replace(`${learning(250)}\n`, "");
    await writeFile(path, withoutOne);
    const found = await watch.check();
    expect(found.restored).toBe(1);
    const after = readSharedMind(await crew.read("SHARED_MIND.md")).learnings.map((entry) => entry.line);
    expect(after).toHaveLength(100);
    expect(after).toContain(learning(250));
    expect(after).not.toContain(learning(0));
  });
});
