/**
 * A hand edit of switchyard.json reaches the running crew: a valid one applies at once to
 * every part and says so; an invalid one keeps the last good config running and says what is
 * wrong, in the feed and in the status, until it is fixed.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
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
  worker: { command: "sh", args: ["-c", 'echo ok > "$SWITCHYARD_EXPECTED_OUTPUT"'] },
  costs: { importInteractive: false },
  notifications: { desktop: false },
};

const edit = (root: string, config: unknown) =>
  writeFile(
    join(root, "switchyard.json"),
    typeof config === "string" ? config : JSON.stringify(config, null, 2),
  );
const titles = async (root: string) => (await readFeed(root)).map((notification) => notification.title);

describe("hand edits of switchyard.json", { timeout: 30_000 }, () => {
  it("apply a valid edit at once to the running crew, and say so", async () => {
    crew = await makeCrew(CONFIG);
    service = await CrewService.open(crew.root, { watch: true, channels: [] });
    await service.start();
    const running = service;
    await edit(crew.root, {
      ...CONFIG,
      agents: { "agent-a": { concurrency: 0 } },
      locks: { staleAfterMinutes: 7 },
    });
    await until(() => running.currentConfig.locks.staleAfterMinutes === 7, "the edit to apply");
    await crew.drop("for_agent_a", "held.md", "TASK: wait\nEXPECTED_OUTPUT: outputs/held.md\n");
    await until(
      async () =>
        (await running.status()).pending["agent-a"]?.[0]?.waitingFor === "agent-a is paused (concurrency 0)",
      "the task to wait for the paused agent",
    );
    expect(await titles(crew.root)).toContain("switchyard.json changed: the crew runs on the new config");
  });

  it("keep the last good config on an invalid edit, say what is wrong, and apply the fix", async () => {
    crew = await makeCrew({ ...CONFIG, locks: { staleAfterMinutes: 30 } });
    service = await CrewService.open(crew.root, { watch: true, channels: [] });
    await service.start();
    const running = service;
    const root = crew.root;
    await edit(root, {
      ...CONFIG,
      worker: { ...CONFIG.worker, maxAttemps: 5 },
      locks: { staleAfterMinutes: 3 },
    });
    await until(
      async () => (await titles(root)).some((title) => /switchyard\.json/.test(title)),
      "the warning",
    );
    expect(running.currentConfig.locks.staleAfterMinutes).toBe(30);
    const warning = (await readFeed(root)).find((notification) => /invalid/.test(notification.title));
    expect(warning?.body).toContain('worker.maxAttemps: unknown key; did you mean "maxAttempts"?');
    expect((await running.status()).problems).toEqual([
      expect.stringContaining('switchyard.json: worker.maxAttemps: unknown key; did you mean "maxAttempts"?'),
    ]);
    await edit(root, "{ not json");
    await until(
      async () => (await running.status()).problems.some((problem) => /line 1, column 3/.test(problem)),
      "the JSON error in the status",
    );
    await edit(root, { ...CONFIG, locks: { staleAfterMinutes: 3 } });
    await until(() => running.currentConfig.locks.staleAfterMinutes === 3, "the fix to apply");
    expect((await running.status()).problems).toEqual([]);
  });
});
