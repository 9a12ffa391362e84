/**
 * Stuck and overdue work, and locks held by live runs, through Heartbeat.beat() with a fake
 * clock and a stand-in engine: minutes of silence take no real time.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Config, parseConfig } from "../../../shared/config.js";
import type { Notification } from "../../../shared/notification.js";
import { emptyProgress } from "../../../shared/worker-stream.js";
import type { WorkerSnapshot } from "../../../core/engine/engine.js";
import { reserveRunDir, writeRunRecord } from "../../../core/engine/run-record.js";
import { Heartbeat } from "../../../core/heartbeat/heartbeat.js";
import { Notifier } from "../../../core/notify/notifier.js";
import { type CrewFixture, makeCrew } from "../../support/crew-fixture.js";
import { FakeClock } from "../../support/fake-clock.js";

let crew: CrewFixture | undefined;
afterEach(async () => {
  await crew?.cleanup();
  crew = undefined;
});

const MINUTE = 60_000;

function configOf(json: unknown): Config {
  const parsed = parseConfig(JSON.stringify(json));
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.config;
}

async function setup(options: { deadline?: string; lockAgeSeconds?: number } = {}) {
  crew = await makeCrew();
  const root = crew.root;
  const clock = new FakeClock(new Date(Math.floor(Date.now() / 1000) * 1000));
  const start = clock.now();
  const inProgress = join(root, "coordination/in_progress");
  const lockFile = `devto-${Math.floor(start.getTime() / 1000) - (options.lockAgeSeconds ?? 0)}.lock`;
  await writeFile(
    join(inProgress, "t1.md"),
    `TASK: Update all ClawMart listings\n${options.deadline ? `DEADLINE: ${options.deadline}\n` : ""}`,
  );
  await writeFile(join(inProgress, lockFile), `agent-a: task t1.md\npid: ${process.pid}\n`);
  await reserveRunDir(root, "t1");
  await writeRunRecord(root, {
    id: "t1",
    agent: "agent-a",
    source: "coordination/for_agent_a/t1.md",
    fileName: "t1.md",
    state: "running",
    ownerPid: process.pid,
    route: { tier: 2, model: "sonnet", reason: "default" },
    sessionId: "00000000-0000-4000-8000-000000000001",
    sessionStarted: true,
    attempts: [],
    locks: [join(inProgress, lockFile)],
    startedAt: start.toISOString(),
    mindUpdated: false,
  });
  const worker: WorkerSnapshot = {
    task: "t1",
    agent: "agent-a",
    tier: 2,
    model: "sonnet",
    routeReason: "default",
    pid: 4242,
    startedAt: start.toISOString(),
    attempt: 1,
    progress: { ...emptyProgress(), lines: 3, costUsd: 0.12 },
    cost: { usd: 0.12, estimate: false },
  };
  const engine = {
    workers: [worker],
    waiting: [] as { path: string; reason: string }[],
  };
  const feed: Notification[] = [];
  const notifier = new Notifier(root, {
    clock,
    channels: [{ name: "window", deliver: async (notification) => void feed.push(notification) }],
  });
  const config = configOf({ heartbeat: { intervalSeconds: 60, stuckAfterMinutes: 5 } });
  const heartbeat = new Heartbeat({
    root,
    config: () => config,
    engine: { rescan: async () => {}, workers: () => engine.workers, waiting: () => engine.waiting },
    notifier,
    clock,
  });
  return { root, clock, heartbeat, engine, worker, feed, lockFile };
}

describe("stuck and overdue workers", () => {
  it("reports a worker with no output for stuckAfterMinutes once, and again only after it spoke", async () => {
    const { clock, heartbeat, worker, feed } = await setup();
    await heartbeat.beat();
    await clock.advance(4 * MINUTE);
    await heartbeat.beat();
    expect(feed).toEqual([]);

    await clock.advance(2 * MINUTE);
    const report = await heartbeat.beat();
    expect(report.found.stuckWorkers).toEqual(["t1"]);
    expect(feed).toHaveLength(1);
    expect(feed[0]).toMatchObject({
      kind: "worker",
      title: "No output for 6 min: Update all ClawMart listings",
      taskId: "t1",
      where: ".switchyard/runs/t1",
    });
    expect(feed[0]?.body).toContain("$0.12 so far");

    await clock.advance(MINUTE);
    await heartbeat.beat();
    expect(feed).toHaveLength(1);

    worker.progress = { ...worker.progress, lines: 4 };
    await heartbeat.beat();
    await clock.advance(6 * MINUTE);
    expect((await heartbeat.beat()).found.stuckWorkers).toEqual(["t1"]);
  });

  it("does not call a worker stuck while it waits for the operator's permission", async () => {
    const { clock, heartbeat, worker, feed } = await setup();
    await heartbeat.beat();
    worker.waitingOnOperator = true;
    await clock.advance(10 * MINUTE);
    expect((await heartbeat.beat()).found.stuckWorkers).toEqual([]);
    // Answered: its silence counts from then on.
    worker.waitingOnOperator = false;
    await clock.advance(4 * MINUTE);
    expect((await heartbeat.beat()).found.stuckWorkers).toEqual([]);
    await clock.advance(2 * MINUTE);
    expect((await heartbeat.beat()).found.stuckWorkers).toEqual(["t1"]);
    expect(feed).toHaveLength(1);
  });

  it("reports a worker still running past its DEADLINE", async () => {
    const deadline = new Date(Math.floor(Date.now() / 1000) * 1000 + 2 * MINUTE).toISOString();
    const { clock, heartbeat, feed } = await setup({ deadline });
    await heartbeat.beat();
    expect(feed).toEqual([]);
    await clock.advance(3 * MINUTE);
    const report = await heartbeat.beat();
    expect(report.found.overdue).toEqual(["t1"]);
    expect(feed[0]).toMatchObject({
      kind: "worker",
      priority: "high",
      title: "Past its deadline and still running: Update all ClawMart listings",
    });
    expect(feed[0]?.body).toContain(`DEADLINE ${deadline} passed 1 min ago`);
  });

  it("reports a task still waiting past its DEADLINE", async () => {
    const { root, clock, heartbeat, engine, feed } = await setup();
    const path = join(root, "coordination/for_agent_b/report.md");
    await writeFile(path, `TASK: Send the weekly report\nDEADLINE: ${clock.now().toISOString()}\n`);
    engine.workers = [];
    engine.waiting = [{ path, reason: "waiting for lock devto held by agent-a (updating articles)" }];
    await clock.advance(MINUTE);
    await heartbeat.beat();
    expect(feed[0]).toMatchObject({
      title: "Past its deadline and not started: Send the weekly report",
      taskId: "report",
      where: "coordination/for_agent_b/report.md",
    });
    expect(feed[0]?.body).toContain("it is waiting for lock devto held by agent-a");
  });
});

describe("locks held by live runs", () => {
  it("are not broken by age while their run goes on, and are once it is gone", async () => {
    const { clock, heartbeat, engine, feed, lockFile } = await setup({ lockAgeSeconds: 40 * 60 });
    let report = await heartbeat.beat();
    expect(report.found.staleLocks).toEqual([]);

    engine.workers = [];
    await clock.advance(MINUTE);
    report = await heartbeat.beat();
    expect(report.found.staleLocks.map((lock) => lock.resource)).toEqual(["devto"]);
    expect(feed.at(-1)?.title).toBe("Removed stale lock devto: agent-a held it 41 min (task t1.md)");
    expect(lockFile).toMatch(/^devto-/);
  });
});
