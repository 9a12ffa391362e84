/**
 * A decision is final and bound to what was decided: a rejected task never asks again, an
 * approval covers the task the operator saw (not a later edit, nor another file under the same
 * name), and entries for tasks that are gone are cleaned up.
 */
import { readdir, readFile, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { decideApproval } from "../../../core/approvals/approval-actions.js";
import { CrewService } from "../../../core/crew-service.js";
import { readFeed } from "../../../core/notify/feed.js";
import { type CrewFixture, makeCrew } from "../../support/crew-fixture.js";
import { until } from "../../support/daemon-api.js";

let crew: CrewFixture | undefined;
let service: CrewService | undefined;
afterEach(async () => {
  await service?.stop();
  await crew?.cleanup();
  service = crew = undefined;
});

const CONFIG = {
  worker: { command: "sh", args: ["-c", 'echo "$SWITCHYARD_TASK_ID" >> outputs/ran.log'] },
  costs: { importInteractive: false },
  notifications: { desktop: false },
};

async function runningService(): Promise<{ crew: CrewFixture; service: CrewService }> {
  crew = await makeCrew(CONFIG);
  service = await CrewService.open(crew.root, { watch: true, channels: [] });
  await service.start();
  return { crew, service };
}

const approvalsFile = async (root: string) =>
  JSON.parse(await readFile(join(root, ".switchyard/approvals.json"), "utf8").catch(() => "{}")) as Record<
    string,
    { state: string }
  >;
const ran = async (root: string) =>
  (await readFile(join(root, "outputs/ran.log"), "utf8").catch(() => "")).split("\n").filter(Boolean);
const approvalRequests = async (root: string) =>
  (await readFeed(root)).filter((notification) => notification.kind === "approval");
const settle = () => new Promise((resolve) => setTimeout(resolve, 600));

describe("approval decisions", { timeout: 30_000 }, () => {
  it("never asks again for a task rejected from another process while the daemon runs", async () => {
    const { crew } = await runningService();
    await crew.drop("for_agent_a", "deploy.md", "TASK: Deploy the site\nAPPROVAL: required\n");
    await until(async () => (await approvalRequests(crew.root)).length === 1, "the approval request");
    expect(await decideApproval(crew.root, "deploy", "reject")).toMatchObject({ ok: true });
    await settle();
    expect(await approvalsFile(crew.root)).toEqual({});
    const asked = await approvalRequests(crew.root);
    expect(asked.map((notification) => notification.count ?? 1)).toEqual([1]);
    expect(await readdir(join(crew.root, "coordination/failed"))).toEqual(["deploy.md"]);
  });

  it("lets two waiting files with the same id ask in turn, never over each other", async () => {
    const { crew, service } = await runningService();
    await crew.drop("for_agent_a", "deploy.md", "TASK: Deploy the EU site\nAPPROVAL: required\n");
    await until(async () => (await approvalRequests(crew.root)).length === 1, "the first request");
    await crew.drop("for_agent_b", "deploy.md", "TASK: Deploy the US site\nAPPROVAL: required\n");
    await until(
      () =>
        service.engineHandle
          .waiting()
          .some((entry) => /after coordination\/for_agent_a\/deploy\.md/.test(entry.reason)),
      "the second file to wait its turn",
    );
    for (let pass = 0; pass < 5; pass++) await service.engineHandle.pump();
    expect((await approvalsFile(crew.root)).deploy).toMatchObject({
      file: "coordination/for_agent_a/deploy.md",
    });
    expect(await approvalRequests(crew.root)).toHaveLength(1);
  });

  it("cleans up approval entries of tasks that left their inbox some other way", async () => {
    const { crew, service } = await runningService();
    const path = await crew.drop(
      "for_agent_a",
      "gone.md",
      "TASK: Will be removed by hand\nAPPROVAL: required\n",
    );
    await until(async () => Object.keys(await approvalsFile(crew.root)).length === 1, "the approval request");
    await unlink(path);
    await service.engineHandle.rescan();
    expect(await approvalsFile(crew.root)).toEqual({});
  });

  it("asks again when the approved file is edited, or replaced by another file of the same name", async () => {
    crew = await makeCrew(CONFIG);
    const path = await crew.drop(
      "for_agent_a",
      "deploy.md",
      "TASK: Deploy the docs site\nAPPROVAL: required\n",
    );
    expect(await decideApproval(crew.root, "deploy", "approve")).toMatchObject({ ok: true });
    await writeFile(path, "TASK: Deploy the docs site and drop the database\nAPPROVAL: required\n");
    service = await CrewService.open(crew.root, { watch: true, channels: [] });
    await service.start();
    const running = service;
    await until(async () => (await running.status()).awaitingApproval.length === 1, "a new approval request");
    await settle();
    expect(await ran(crew.root)).toEqual([]);
    expect((await approvalsFile(crew.root)).deploy?.state).toBe("awaiting");

    // Approved as it reads now, then swapped for a different file under the same name.
    expect(await decideApproval(crew.root, "deploy", "approve")).toMatchObject({ ok: true });
    await until(async () => (await ran(crew?.root ?? "")).length === 1, "the approved task to run");
    await crew.drop("for_agent_b", "deploy.md", "TASK: Something else entirely\nAPPROVAL: required\n");
    await until(async () => (await running.status()).awaitingApproval.length === 1, "the new file to ask");
    await settle();
    expect(await ran(crew.root)).toEqual(["deploy"]);
  });
});
