/**
 * The heartbeat end to end, with real files and real timers at `intervalSeconds: 1`: the
 * CrewService the daemon runs, a lock or SHARED_MIND.md changed by hand between two beats.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { appendLearning, setAgentState } from "../../../shared/shared-mind.js";
import { CrewService } from "../../../core/crew-service.js";
import type { BeatReport } from "../../../core/heartbeat/heartbeat.js";
import { type CrewFixture, makeCrew } from "../../support/crew-fixture.js";

let crew: CrewFixture | undefined;
let service: CrewService | undefined;
afterEach(async () => {
  await service?.stop();
  service = undefined;
  await crew?.cleanup();
  crew = undefined;
});

/** Resolves on the service's next heartbeat change. */
const nextBeat = (crewService: CrewService): Promise<void> =>
  new Promise((resolve) => {
    const listener = (change: { kind: string }) => {
      if (change.kind !== "heartbeat") return;
      crewService.off("change", listener);
      resolve();
    };
    crewService.on("change", listener);
  });

async function startCrew(prepare?: (fixture: CrewFixture) => Promise<void>): Promise<CrewService> {
  crew = await makeCrew({ heartbeat: { intervalSeconds: 1 }, costs: { importInteractive: false } });
  await prepare?.(crew);
  service = await CrewService.open(crew.root, { channels: [] });
  const first = nextBeat(service);
  await service.start();
  await first;
  return service;
}

const unixSeconds = (secondsAgo: number) => Math.floor(Date.now() / 1000) - secondsAgo;

async function goneProcessId(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await once(child, "exit");
  return child.pid ?? 0;
}

async function readBeat(root: string): Promise<BeatReport> {
  return JSON.parse(await readFile(join(root, ".switchyard/heartbeat.json"), "utf8")) as BeatReport;
}

describe("heartbeat every second", () => {
  it("removes a lock aged 40 minutes and a lock whose holder is gone, keeps a fresh one, and says who held them", async () => {
    const crewService = await startCrew();
    const inProgress = join(crewService.root, "coordination/in_progress");
    const deadPid = await goneProcessId();
    await writeFile(join(inProgress, `devto-${unixSeconds(40 * 60)}.lock`), "agent-a: updating articles\n");
    await writeFile(join(inProgress, `site-${unixSeconds(5)}.lock`), "agent-b: deploying\n");
    await writeFile(
      join(inProgress, `db-${unixSeconds(10)}.lock`),
      `agent-b: migrating\npid: ${deadPid}\nhost: ${hostname()}\n`,
    );

    await nextBeat(crewService);

    const locks = (await crewService.status()).locks.map((lock) => lock.resource);
    expect(locks).toEqual(["site"]);
    const titles = (await crewService.notifications()).map((notification) => notification.title);
    expect(titles).toContain("Removed stale lock devto: agent-a held it 40 min (updating articles)");
    expect(titles).toContainEqual(
      expect.stringMatching(/^Removed stale lock db: agent-b held it 1\d s \(migrating\)$/),
    );
    const db = (await crewService.notifications()).find((notification) => notification.title.includes("db"));
    expect(db?.body).toContain(`its holder's process ${deadPid} is gone`);
    const history = (await readFile(join(crewService.root, ".switchyard/lock-history.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map(
        (line) => JSON.parse(line) as { resource: string; holder: string; how: string; heldSeconds: number },
      );
    expect(history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ resource: "devto", holder: "agent-a", how: "stale" }),
        expect.objectContaining({ resource: "db", holder: "agent-b", how: "stale" }),
      ]),
    );
    const beat = await readBeat(crewService.root);
    expect(beat.found.staleLocks.map((lock) => lock.resource).sort()).toEqual(["db", "devto"]);
  });

  it("writes heartbeat.json each beat, and the status shows the last and next beat", async () => {
    const crewService = await startCrew();
    const first = await readBeat(crewService.root);
    await nextBeat(crewService);
    const second = await readBeat(crewService.root);
    expect(Date.parse(second.at)).toBeGreaterThan(Date.parse(first.at));
    expect(Date.parse(second.next) - Date.parse(second.at)).toBe(1000);
    expect(second.durationMs).toBeGreaterThanOrEqual(0);
    expect(second.found.problems).toEqual([]);
    const status = await crewService.status();
    expect(status.heartbeat.last).not.toBeNull();
    expect(status.heartbeat.next).not.toBeNull();
  });

  it("puts a learning added to SHARED_MIND.md by hand in the feed on the next beat", async () => {
    const crewService = await startCrew();
    const path = join(crewService.root, "SHARED_MIND.md");
    await writeFile(
      path,
      appendLearning(await readFile(path, "utf8"), "2026-04-09", "Reddit blocks body links"),
    );

    await nextBeat(crewService);

    const feed = await crewService.notifications();
    expect(feed[0]).toMatchObject({
      kind: "shared-mind",
      title: "New learning: Reddit blocks body links",
      where: "SHARED_MIND.md",
    });
    const beat = await readBeat(crewService.root);
    expect(beat.found.sharedMind).toMatchObject({ changed: true, newLearnings: 1 });
  });

  it("credits a new learning to the agent its line names, not to whoever stamped the file last", async () => {
    const crewService = await startCrew();
    const path = join(crewService.root, "SHARED_MIND.md");
    const stamped = setAgentState(await readFile(path, "utf8"), "agent-a", "posting", "2026-04-09T20:00:00Z");
    await writeFile(path, stamped);
    await nextBeat(crewService);
    await writeFile(path, appendLearning(stamped, "2026-04-09", "Reddit blocks body links", "agent-b"));
    await nextBeat(crewService);
    const [latest] = await crewService.notifications();
    expect(latest).toMatchObject({
      title: "New learning from agent-b: Reddit blocks body links",
      body: "- 2026-04-09 [agent-b]: Reddit blocks body links",
    });
  });

  it("restores a learning line deleted from SHARED_MIND.md and reports it", async () => {
    const line = "- 2026-04-01: Stripe links expire after 24 h";
    const crewService = await startCrew(async (fixture) => {
      const path = join(fixture.root, "SHARED_MIND.md");
      await writeFile(path, `${await readFile(path, "utf8")}${line}\n`);
    });
    const path = join(crewService.root, "SHARED_MIND.md");
    await writeFile(path, (await readFile(path, "utf8")).replace(`${line}\n`, ""));

    await nextBeat(crewService);

    expect(await readFile(path, "utf8")).toContain(line);
    const restored = (await crewService.notifications()).find((notification) =>
      notification.title.startsWith("Restored"),
    );
    expect(restored).toMatchObject({
      title: "Restored 1 deleted learning in SHARED_MIND.md",
      priority: "normal",
    });
    expect(restored?.body).toContain(line);
  });

  it("does not read SHARED_MIND.md again while it is unchanged", async () => {
    const crewService = await startCrew();
    await nextBeat(crewService);
    const beat = await readBeat(crewService.root);
    expect(beat.found.sharedMind.changed).toBe(false);
  });
});
