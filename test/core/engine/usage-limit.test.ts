/** The CLI's words for a subscription limit, read into when the tier may run again. */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Engine } from "../../../core/engine/engine.js";
import { readUsageLimit } from "../../../core/engine/usage-limit.js";
import { footerOf } from "../../../shared/task-file.js";
import { type CrewFixture, crewConfig, makeCrew } from "../../support/crew-fixture.js";

const now = new Date("2026-04-09T10:20:00.000Z");

describe("reading a usage limit", () => {
  it("reads the CLI's sentence with a time today in a named time zone", () => {
    // 2.1.x: `You've hit your ${limit} · resets ${time} (${zone})`
    const limit = readUsageLimit("You've hit your session limit · resets 3pm (Europe/Berlin)", now);
    expect(limit).toEqual({
      text: "You've hit your session limit · resets 3pm (Europe/Berlin)",
      resetsAt: new Date("2026-04-09T13:00:00.000Z"),
    });
  });

  it("takes a time already past as tomorrow's, and reads a date when the reset is days away", () => {
    expect(readUsageLimit("You've hit your session limit · resets 9:30am (UTC)", now)?.resetsAt).toEqual(
      new Date("2026-04-10T09:30:00.000Z"),
    );
    expect(
      readUsageLimit("You've hit your weekly limit · resets Apr 12, 9am (America/New_York)", now)?.resetsAt,
    ).toEqual(new Date("2026-04-12T13:00:00.000Z"));
  });

  it("reads the older CLI's epoch form, and a limit without a readable time", () => {
    expect(readUsageLimit("Claude AI usage limit reached|1775743200", now)?.resetsAt).toEqual(
      new Date(1775743200 * 1000),
    );
    expect(readUsageLimit("You've hit your Opus limit", now)).toEqual({ text: "You've hit your Opus limit" });
  });

  it("does not mistake other failures for a limit", () => {
    expect(readUsageLimit("API Error: 500 overloaded", now)).toBeUndefined();
    expect(
      readUsageLimit("the worker reported success but outputs/x.md was not written", now),
    ).toBeUndefined();
  });
});

/**
 * A worker that answers like the CLI at a usage limit the first time a tier-2 task runs
 * (the result line and exit code of `claude -p --output-format stream-json`), then works.
 * The real CLI reports a subscription limit only when signed in to claude.ai, which the
 * Messages API stand-in cannot stand in for; the words are the CLI's (see usage-limit.ts).
 */
const LIMITED_WORKER = {
  command: "sh",
  args: [
    "-c",
    `if [ "$SWITCHYARD_TIER" = 2 ] && [ ! -e outputs/limit-hit ]; then
       touch outputs/limit-hit
       echo "{\\"type\\":\\"result\\",\\"subtype\\":\\"success\\",\\"is_error\\":true,\\"result\\":\\"Claude AI usage limit reached|$(( $(date +%s) + 1 ))\\"}"
       exit 1
     fi
     echo "$SWITCHYARD_TASK_ID" >> outputs/order.log; echo ok > "$SWITCHYARD_EXPECTED_OUTPUT"`,
  ],
};

describe("a subscription usage limit", () => {
  let crew: CrewFixture | undefined;
  let engine: Engine | undefined;
  afterEach(async () => {
    await engine?.stop();
    await crew?.cleanup();
  });

  it("holds its tier's queue until the reset and resumes by itself, with one notification and no failure", async () => {
    crew = await makeCrew({ worker: LIMITED_WORKER, costs: { importInteractive: false } });
    const task = (id: string, tier: number) =>
      `TASK: job ${id}\nEXPECTED_OUTPUT: outputs/${id}.md\nTIER: ${tier}\n`;
    await crew.drop("for_agent_a", "first.md", task("first", 2));
    await crew.drop("for_agent_a", "second.md", task("second", 2));
    await crew.drop("for_agent_b", "cheap.md", task("cheap", 1));
    const config = await crewConfig(crew);
    engine = new Engine({ root: crew.root, config, watch: true, usageLimitMarginMs: 200 });
    const held = new Promise<string>((resolve) =>
      engine?.on("event", (event) => event.type === "task-held" && resolve(event.id)),
    );
    await engine.start();
    expect(await held).toBe("first");
    expect(
      engine
        .waiting()
        .map((entry) => entry.reason)
        .join("\n"),
    ).toMatch(/tier 2 hit its subscription usage limit/);
    const done = async () => (await readdir(join(crew?.root ?? "", "coordination/completed"))).length === 3;
    for (let wait = 0; !(await done()); wait++) {
      if (wait > 200) throw new Error("the held tier never resumed");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await readdir(join(crew.root, "coordination/failed"))).toEqual([]);
    const footer = footerOf(await crew.read("coordination/completed/first.md"));
    expect(footer?.attempts).toBe(1); // the held attempt does not count
    const feed = (await crew.read(".switchyard/notifications.jsonl"))
      .split("\n")
      .filter((line) => line.includes('"budget"'));
    expect(feed).toHaveLength(1);
    expect(feed[0]).toContain("usage limit");
  });
});
