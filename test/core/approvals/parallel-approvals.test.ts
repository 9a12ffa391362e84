/**
 * Decisions are never lost to a race: twelve operators (or one impatient script) approving at
 * once, from twelve CLI processes or twelve requests to one daemon, all land in
 * `.switchyard/approvals.json`, and every approved task runs.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, startCli } from "../../cli/run-cli.js";
import { type CrewFixture, makeCrew } from "../../support/crew-fixture.js";
import { type DaemonApi, startDaemonApi, until } from "../../support/daemon-api.js";

const COUNT = 12;
const ids = Array.from({ length: COUNT }, (_, index) => `deploy-${String(index).padStart(2, "0")}`);

let crew: CrewFixture | undefined;
let api: DaemonApi | undefined;
beforeAll(ensureBuilt, 60_000);
afterEach(async () => {
  await api?.daemon.stop("SIGKILL");
  await crew?.cleanup();
  api = crew = undefined;
});

const CONFIG = {
  worker: { command: "sh", args: ["-c", 'echo ok > "$SWITCHYARD_EXPECTED_OUTPUT"'], concurrency: 4 },
  agents: { "agent-a": { concurrency: 4 } },
  costs: { importInteractive: false },
  notifications: { desktop: false },
};

async function dropWaitingTasks(fixture: CrewFixture): Promise<void> {
  for (const id of ids)
    await fixture.drop(
      "for_agent_a",
      `${id}.md`,
      `TASK: ship ${id}\nAPPROVAL: required\nEXPECTED_OUTPUT: outputs/${id}.md\n`,
    );
}

const approvals = async (root: string) =>
  JSON.parse(await readFile(join(root, ".switchyard/approvals.json"), "utf8")) as Record<
    string,
    { state: string }
  >;

describe("approving in parallel", { timeout: 60_000 }, () => {
  it(`stores all ${COUNT} decisions of ${COUNT} parallel \`task approve\` processes`, async () => {
    crew = await makeCrew(CONFIG);
    await dropWaitingTasks(crew);
    const root = crew.root;
    const results = await Promise.all(ids.map((id) => startCli(["task", "approve", id, "--root", root])));
    expect(results.map((result) => result.exitCode)).toEqual(ids.map(() => 0));
    const stored = await approvals(root);
    expect(Object.keys(stored).sort()).toEqual(ids);
    expect(Object.values(stored).every((decision) => decision.state === "approved")).toBe(true);
  });

  it(`runs all ${COUNT} tasks after ${COUNT} parallel POST /api/approve to one daemon`, async () => {
    crew = await makeCrew(CONFIG);
    const root = crew.root;
    api = await startDaemonApi(root);
    const daemon = api;
    // Dropped while the daemon runs and approved at once: the engine is asking for approvals
    // while the decisions arrive.
    await dropWaitingTasks(crew);
    const replies = await Promise.all(ids.map((id) => daemon.post("approve", { id })));
    expect(replies.map((reply) => reply.body)).toEqual(ids.map(() => expect.objectContaining({ ok: true })));
    // Dot-names are writes in flight (ARCHITECTURE.md, "Task files": readers skip them).
    const completed = async () =>
      (await readdir(join(root, "coordination/completed"))).filter((name) => !name.startsWith(".")).sort();
    await until(async () => (await completed()).length === COUNT, `all ${COUNT} approved tasks to finish`);
    expect(await completed()).toEqual(ids.map((id) => `${id}.md`));
    expect(await approvals(root)).toEqual({}); // claimed tasks leave no decision behind
  });
});
