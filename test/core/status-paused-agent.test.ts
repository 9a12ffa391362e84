/**
 * A paused agent's tasks (concurrency 0) wait for the agent, not for the operator: the status
 * says so the same way whether it is read from the files or from a running host's queue, and
 * nobody is asked to approve work that cannot run.
 */
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../core/config/config-file.js";
import { CrewService } from "../../core/crew-service.js";
import { readStatus } from "../../core/status.js";
import { type CrewFixture, makeCrew } from "../support/crew-fixture.js";
import { until } from "../support/daemon-api.js";

const PAUSED = "agent-a is paused (concurrency 0)";
const CONFIG = { costs: { importInteractive: false }, agents: { "agent-a": { concurrency: 0 } } };
const NEEDS_APPROVAL = "TASK: deploy the site\nAPPROVAL: required\nEXPECTED_OUTPUT: outputs/deploy.md\n";

let crew: CrewFixture | undefined;
let service: CrewService | undefined;
afterEach(async () => {
  await service?.stop();
  await crew?.cleanup();
  service = crew = undefined;
});

describe("a paused agent's task that needs approval", { timeout: 30_000 }, () => {
  it("waits for the agent in the status read from the files", async () => {
    crew = await makeCrew(CONFIG);
    await crew.drop("for_agent_a", "deploy.md", NEEDS_APPROVAL);
    const loaded = await loadConfig(crew.root);
    if (!loaded.ok) throw new Error(loaded.problems.join("\n"));
    const status = await readStatus(crew.root, loaded.config);
    expect(status.awaitingApproval).toEqual([]);
    expect(status.pending["agent-a"]?.map((task) => task.waitingFor)).toEqual([PAUSED]);
  });

  it("waits for the agent in a running host's status, even after it was asked about the task", async () => {
    crew = await makeCrew({ ...CONFIG, agents: { "agent-a": { concurrency: 1 } } });
    service = await CrewService.open(crew.root, { watch: true, channels: [] });
    await service.start();
    const running = service;
    await crew.drop("for_agent_a", "deploy.md", NEEDS_APPROVAL);
    await until(async () => (await running.status()).awaitingApproval.length === 1, "the approval request");
    expect(await running.writeConfig(JSON.stringify(CONFIG))).toEqual({ ok: true });
    await until(
      async () => (await running.status()).pending["agent-a"]?.[0]?.waitingFor === PAUSED,
      "the task to wait for the paused agent",
    );
    expect((await running.status()).awaitingApproval).toEqual([]);
  });
});
