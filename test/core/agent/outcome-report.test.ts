/** What a finished task's notification says: signal from the verified output, and what to do on failure. */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { outputHead, taskOutcomeNotification } from "../../../core/agent/outcome-report.js";
import { parseTaskFile } from "../../../shared/task-file.js";
import { type CrewFixture, makeCrew } from "../../support/crew-fixture.js";

let crew: CrewFixture | undefined;
afterEach(async () => {
  await crew?.cleanup();
  crew = undefined;
});

const fieldsOf = (text: string) => {
  const parsed = parseTaskFile(text);
  if (!parsed.ok) throw new Error("bad fixture");
  return parsed.value.fields;
};

describe("a finished task's report", () => {
  it("leads with the verified output's first lines, not the worker's last words", async () => {
    crew = await makeCrew();
    await writeFile(
      join(crew.root, "outputs/deploy.md"),
      "# ACE license server deployed\n\n---\n- 3 endpoints live\n- webhook test passed\n- logs at /var/log/ace\n",
    );
    const notification = await taskOutcomeNotification(crew.root, {
      id: "deploy",
      agent: "agent-b",
      footer: {
        status: "done",
        tier: 2,
        costUsd: 0.42,
        attempts: 1,
        output: "outputs/deploy.md (verified, 80 bytes)",
        result: "Build complete",
      },
      fields: fieldsOf("TASK: Deploy the ACE license server\nFROM: telegram:111\n"),
      archived: "coordination/completed/deploy.md",
    });
    expect(notification).toEqual({
      kind: "task-done",
      priority: "normal",
      title: "Done: Deploy the ACE license server",
      body: "agent-b: ACE license server deployed\n3 endpoints live\nwebhook test passed\nTier 2, $0.42, 1 attempt · outputs/deploy.md",
      taskId: "deploy",
      where: "outputs/deploy.md",
      askedBy: "telegram:111",
    });
  });

  it("says what failed and what to do, and is not addressed to anyone who did not ask", async () => {
    crew = await makeCrew();
    const notification = await taskOutcomeNotification(crew.root, {
      id: "listing_update",
      agent: "agent-b",
      footer: { status: "failed", costUsd: 0.1, attempts: 3, reason: "exited with code 1: 401 from Stripe" },
      fields: fieldsOf("TASK: Update all ClawMart listings\nFROM: agent-a\n"),
      archived: "coordination/failed/listing_update.md",
    });
    expect(notification.title).toBe("Failed: Update all ClawMart listings");
    expect(notification.body).toBe(
      "agent-b gave up after 3 attempts ($0.10): exited with code 1: 401 from Stripe\nWhat to do: read .switchyard/runs/listing_update/, then retry it from the Tasks view, or fix coordination/failed/listing_update.md and drop it back into an inbox.",
    );
    expect(notification.askedBy).toBeUndefined();
  });

  it("shows no bytes of an output that is not text, and nothing outside the root", async () => {
    crew = await makeCrew();
    await writeFile(join(crew.root, "outputs/image.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    expect(await outputHead(crew.root, "outputs/image.png")).toBeUndefined();
    expect(await outputHead(crew.root, "../../etc/hostname")).toBeUndefined();
  });
});
