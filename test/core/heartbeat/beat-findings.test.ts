/** What counts as new for the heartbeat's checklist, and how HEARTBEAT.md items are read. */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { NewFindings } from "../../../core/heartbeat/beat-findings.js";
import { itemsNeedingJudgement, parseChecklist } from "../../../core/heartbeat/checklist.js";
import type { Notification } from "../../../shared/notification.js";
import { type CrewFixture, makeCrew } from "../../support/crew-fixture.js";

let crew: CrewFixture | undefined;
afterEach(async () => {
  await crew?.cleanup();
  crew = undefined;
});

async function findings() {
  crew = await makeCrew();
  const feed: Omit<Notification, "id" | "at">[] = [];
  const watch = new NewFindings(crew.root, {
    notify: async (input) => {
      feed.push(input);
      return { ...input, id: "n", at: "" };
    },
  });
  return { root: crew.root, watch, feed };
}

const none = { waiting: [], inboxDepths: new Map<string, number>(), inboxLimit: 10 };

describe("new findings", () => {
  it("takes the history a host inherits as the baseline, then reports what finished since", async () => {
    const { root, watch } = await findings();
    await writeFile(join(root, "coordination/completed/old.md"), "TASK: Old work\n");
    expect(await watch.collect(none)).toEqual([]);
    await writeFile(
      join(root, "coordination/completed/new.md"),
      "TASK: New work\n\n---\nSTATUS: done\nAGENT: agent-b\nOUTPUT: outputs/new.md (verified, 5 bytes)\n",
    );
    expect(await watch.collect(none)).toEqual([
      {
        trigger: "done",
        line: 'new (agent-b) "New work" done, output outputs/new.md (verified, 5 bytes) (coordination/completed/new.md)',
      },
    ]);
    expect(await watch.collect(none)).toEqual([]);
  });

  it("reports a task that starts waiting, or waits for a new reason, once", async () => {
    const { watch } = await findings();
    const waiting = (reason: string) => ({
      ...none,
      waiting: [{ path: "/crew/coordination/for_agent_b/deploy.md", reason }],
    });
    expect(await watch.collect(none)).toEqual([]);
    expect(await watch.collect(waiting("awaiting approval: tier 3"))).toEqual([
      { trigger: "waiting", line: "deploy waits: awaiting approval: tier 3" },
    ]);
    expect(await watch.collect(waiting("awaiting approval: tier 3"))).toEqual([]);
    expect(await watch.collect(waiting("waiting for lock site"))).toHaveLength(1);
  });

  it("tells once when an inbox grows past heartbeat.inboxDepth, and again only after it drained", async () => {
    const { watch, feed } = await findings();
    const depth = (count: number) => ({ ...none, inboxDepths: new Map([["agent-b", count]]) });
    expect(await watch.collect(depth(11))).toEqual([
      { trigger: "inbox", line: "agent-b's inbox holds 11 tasks (more than heartbeat.inboxDepth, 10)" },
    ]);
    expect(await watch.collect(depth(12))).toEqual([]);
    expect(await watch.collect(depth(3))).toEqual([]);
    expect(await watch.collect(depth(11))).toHaveLength(1);
    expect(feed.map((notification) => notification.title)).toEqual([
      "agent-b's inbox holds 11 tasks",
      "agent-b's inbox holds 11 tasks",
    ]);
    expect(feed[0]?.where).toBe("coordination/for_agent_b/");
  });
});

describe("HEARTBEAT.md items", () => {
  it("reads tags, ignores task-list boxes and links, and keeps prose as one item", () => {
    const { items, problems } = parseChecklist(
      "# Watch\n- [failed, stuck] Retry or kill\n- [x] [always] Say hi\n* [docs](https://x) are current\nnot an item\n1. Plain one\n",
    );
    expect(problems).toEqual([]);
    expect(items).toEqual([
      { line: 2, text: "Retry or kill", triggers: ["failed", "stuck"] },
      { line: 3, text: "Say hi", triggers: ["always"] },
      { line: 4, text: "[docs](https://x) are current", triggers: [] },
      { line: 6, text: "Plain one", triggers: [] },
    ]);
    expect(parseChecklist("Keep an eye on the deploys.").items).toEqual([
      { line: 1, text: "Keep an eye on the deploys.", triggers: [] },
    ]);
  });

  it("needs judgement for tagged items on their findings, untagged ones on any, [always] on every beat", () => {
    const { items } = parseChecklist("- [failed] A\n- B\n- [always] C\n");
    const texts = (found: Parameters<typeof itemsNeedingJudgement>[1]) =>
      itemsNeedingJudgement(items, found).map((item) => item.text);
    expect(texts([])).toEqual(["C"]);
    expect(texts([{ trigger: "stuck", line: "x" }])).toEqual(["B", "C"]);
    expect(texts([{ trigger: "failed", line: "x" }])).toEqual(["A", "B", "C"]);
  });
});
