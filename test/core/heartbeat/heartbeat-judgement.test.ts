/**
 * The heartbeat is cheap by construction: its checks are code, and a model reads HEARTBEAT.md
 * only when a beat finds something an item names. Real files, a real Heartbeat, and the Ollama
 * stand-in counting every call.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Heartbeat, type BeatReport } from "../../../core/heartbeat/heartbeat.js";
import { Notifier } from "../../../core/notify/notifier.js";
import { readStatus } from "../../../core/status.js";
import { appendResultFooter } from "../../../shared/task-file.js";
import { type CrewFixture, crewConfig, makeCrew, SEED_TASK } from "../../support/crew-fixture.js";
import { type OllamaStandin, startOllamaStandin } from "../../support/ollama-standin.js";

let crew: CrewFixture | undefined;
let standin: OllamaStandin | undefined;
let heartbeat: Heartbeat | undefined;
afterEach(async () => {
  await heartbeat?.stop();
  await standin?.close();
  await crew?.cleanup();
  heartbeat = undefined;
  standin = undefined;
  crew = undefined;
});

const CHECKLIST =
  "- [failed] If a task failed, tell me whether retrying it would help\n- Anything else worth a look\n";

async function start(answer: () => string | Promise<string>) {
  standin = await startOllamaStandin(answer);
  crew = await makeCrew({
    tiers: { "0": { model: "qwen2.5:7b" } },
    heartbeat: { checkIn: { enabled: true, url: standin.url } },
    costs: { importInteractive: false },
    notifications: { desktop: false },
  });
  await writeFile(join(crew.root, "HEARTBEAT.md"), CHECKLIST);
  const config = await crewConfig(crew);
  const root = crew.root;
  heartbeat = new Heartbeat({
    root,
    config: () => config,
    engine: {
      rescan: async () => undefined,
      workers: () => [],
      waiting: () => [],
      inboxDepths: () => new Map(),
    },
    notifier: new Notifier(root, { channels: [] }),
  });
  return { root, config, heartbeat, requests: standin.requests };
}

const failTask = (root: string) =>
  writeFile(
    join(root, "coordination/failed/listing_update.md"),
    appendResultFooter(SEED_TASK, {
      status: "failed",
      agent: "agent-b",
      attempts: 3,
      reason: "exited with code 1",
    }),
  );

const readBeat = async (root: string): Promise<BeatReport> =>
  JSON.parse(await readFile(join(root, ".switchyard/heartbeat.json"), "utf8")) as BeatReport;

describe("the heartbeat's model calls", () => {
  it("makes none over 100 quiet beats, and one when a failure triggers a checklist item", async () => {
    const { root, config, heartbeat, requests } = await start(() => JSON.stringify({ actionable: false }));
    for (let beat = 0; beat < 100; beat++) {
      const report = await heartbeat.beat();
      expect(report.found.findings).toEqual([]);
      expect(report.found.checkIn).toBe("quiet");
    }
    expect(requests).toEqual([]);

    await failTask(root);
    const report = await heartbeat.beat();
    expect(report.found.findings).toEqual([
      'failed: listing_update (agent-b) "Update all ClawMart listings with new pricing" failed: exited with code 1 (coordination/failed/listing_update.md)',
    ]);
    expect(report.found.checkIn).toBe("nothing");
    expect(requests).toHaveLength(1);
    for (let beat = 0; beat < 10; beat++) await heartbeat.beat();
    expect(requests).toHaveLength(1);

    // Its tokens count against its own cap, shown with the costs.
    const { alwaysOn } = await readStatus(root, config);
    expect(alwaysOn.heartbeat).toMatchObject({ calls: 1, usd: 0, tokenCap: 20_000 });
    expect(alwaysOn.heartbeat.tokens).toBeGreaterThan(0);
  });

  it("records a beat only once its checks, the model's judgement included, have run", async () => {
    let release: (answer: string) => void = () => undefined;
    const answered = new Promise<string>((resolve) => {
      release = resolve;
    });
    const { root, heartbeat, requests } = await start(() => answered);
    const first = await heartbeat.beat();
    await failTask(root);
    const beating = heartbeat.beat();
    while (requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await readBeat(root)).at).toBe(first.at); // the model is still thinking: not recorded yet
    release(JSON.stringify({ actionable: false }));
    const second = await beating;
    expect(await readBeat(root)).toMatchObject({ at: second.at, found: { checkIn: "nothing" } });
  });
});
