import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Config, parseConfig, type ScheduleConfig } from "../../../shared/config.js";
import type { Notification } from "../../../shared/notification.js";
import { parseTaskFile } from "../../../shared/task-file.js";
import { CrewService } from "../../../core/crew-service.js";
import { Notifier } from "../../../core/notify/notifier.js";
import { Scheduler } from "../../../core/schedule/scheduler.js";
import { type CrewFixture, makeCrew } from "../../support/crew-fixture.js";
import { FakeClock } from "../../support/fake-clock.js";
import { clockWords } from "../../../shared/time-words.js";

let crew: CrewFixture | undefined;
let service: CrewService | undefined;
let scheduler: Scheduler | undefined;
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
  await service?.stop();
  service = undefined;
  await crew?.cleanup();
  crew = undefined;
});

function configOf(json: unknown): Config {
  const parsed = parseConfig(JSON.stringify(json));
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.config;
}

const inboxFiles = async (root: string, inbox = "for_reporter") =>
  (await readdir(join(root, "coordination", inbox)).catch(() => [] as string[]))
    .filter((name) => !name.startsWith("."))
    .sort();

/** A scheduler on a fake clock; the agent's inbox is where its tasks land. */
async function fakeScheduler(schedules: unknown[], start: string) {
  crew ??= await makeCrew();
  const root = crew.root;
  const clock = new FakeClock(start);
  const feed: Notification[] = [];
  const notifier = new Notifier(root, {
    clock,
    channels: [{ name: "window", deliver: async (notification) => void feed.push(notification) }],
  });
  const config = configOf({ schedules });
  scheduler = new Scheduler({ root, schedules: () => config.schedules, notifier, clock });
  const current = scheduler;
  /** Moves the fake time on, then waits for the run its timer started (file writes take real time). */
  const advance = async (ms: number) => {
    await clock.advance(ms);
    await current.tick();
  };
  return { root, clock, feed, scheduler, advance };
}

const hourly: ScheduleConfig[] | unknown[] = [
  {
    name: "digest",
    cron: "*/1 * * * *",
    agent: "reporter",
    task: { task: "Summarize what changed", expectedOutput: "outputs/digest-{date}.md" },
  },
];

describe("schedules", () => {
  it("drop a task file every second for `*/1 * * * * *`, and the status shows the next run", async () => {
    crew = await makeCrew({
      costs: { importInteractive: false },
      // A paused agent: the tasks stay in its inbox where the test can count them.
      agents: { reporter: { concurrency: 0 } },
      schedules: [
        { name: "tick", cron: "*/1 * * * * *", agent: "reporter", task: { task: "Check the queue" } },
      ],
    });
    service = await CrewService.open(crew.root, { channels: [] });
    await service.start();
    const startedAt = Date.now();

    const status = await service.status();
    expect(status.schedules).toHaveLength(1);
    expect(status.schedules[0]).toMatchObject({ name: "tick", cron: "*/1 * * * * *" });
    const next = Date.parse(status.schedules[0]?.next ?? "");
    expect(next).toBeGreaterThan(startedAt - 1000);
    expect(next).toBeLessThanOrEqual(startedAt + 1000);

    await new Promise((resolve) => setTimeout(resolve, 2_600));
    const files = await inboxFiles(crew.root);
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(files.length).toBeLessThanOrEqual(3);
    const parsed = parseTaskFile(
      await readFile(join(crew.root, "coordination/for_reporter", files[0] ?? ""), "utf8"),
    );
    expect(parsed.ok && parsed.value.fields).toMatchObject({
      task: "Check the queue",
      from: "schedule:tick",
    });
    const state = JSON.parse(await readFile(join(crew.root, ".switchyard/schedules.json"), "utf8"));
    expect(state.schedules.tick.lastRun).toBeDefined();
  });

  it("run a schedule missed during downtime once on start, not once per missed time", async () => {
    crew = await makeCrew();
    await writeFile(
      join(crew.root, ".switchyard/schedules.json"),
      JSON.stringify({ schedules: { digest: { cron: "*/1 * * * *", lastRun: "2026-04-09T09:00:30.000Z" } } }),
    );
    const { root, advance, feed } = await fakeScheduler(hourly, "2026-04-09T10:00:30.000Z");

    const runs = await scheduler?.start();
    expect(runs).toMatchObject([{ name: "digest", missed: 60 }]);
    expect(await inboxFiles(root)).toHaveLength(1);
    expect(feed[0]).toMatchObject({ kind: "schedule", title: "Ran missed schedule digest once" });
    expect(feed[0]?.body).toContain(`60 run(s) since ${clockWords("2026-04-09T09:01:00.000Z")} were missed`);

    await advance(20_000); // 10:00:50: not yet
    expect(await inboxFiles(root)).toHaveLength(1);
    await advance(15_000); // 10:01:05: the next minute's run, on time and not "missed"
    expect(await inboxFiles(root)).toHaveLength(2);
    expect(feed).toHaveLength(1);
  });

  it("run once after the machine slept through several runs", async () => {
    const { root, clock } = await fakeScheduler(hourly, "2026-04-09T10:00:30.000Z");
    await scheduler?.start();
    expect(await inboxFiles(root)).toHaveLength(0); // a new schedule owes nothing from before it existed
    clock.jump(10 * 60_000); // asleep for ten minutes: no timer fired
    const runs = await scheduler?.tick();
    expect(runs).toMatchObject([{ name: "digest", missed: 10 }]);
    expect(await inboxFiles(root)).toHaveLength(1);
  });

  it("fill {date} in the task and stamp FROM: schedule:<name>", async () => {
    const { root, advance } = await fakeScheduler(hourly, "2026-04-09T10:00:30");
    await scheduler?.start();
    await advance(60_000);
    const [file] = await inboxFiles(root);
    const parsed = parseTaskFile(await readFile(join(root, "coordination/for_reporter", file ?? ""), "utf8"));
    expect(parsed.ok && parsed.value.fields).toMatchObject({
      task: "Summarize what changed",
      from: "schedule:digest",
      expectedOutput: "outputs/digest-2026-04-09.md",
    });
  });

  it("drop a template's task, read at each run, and say so when the template is missing", async () => {
    crew = await makeCrew();
    await mkdir(join(crew.root, "templates"));
    await writeFile(
      join(crew.root, "templates/backup.md"),
      "TASK: Back up the database\nPRIORITY: high\nLOCKS: db\n\nUse the {schedule} script.\n",
    );
    const { root, advance, feed } = await fakeScheduler(
      [
        { name: "backup", cron: "0 * * * *", agent: "reporter", template: "templates/backup.md" },
        { name: "broken", cron: "0 * * * *", agent: "reporter", template: "templates/missing.md" },
      ],
      "2026-04-09T10:59:00",
    );
    await scheduler?.start();
    await advance(60_000);
    const files = await inboxFiles(root);
    expect(files).toHaveLength(1);
    const text = await readFile(join(root, "coordination/for_reporter", files[0] ?? ""), "utf8");
    const parsed = parseTaskFile(text);
    expect(parsed.ok && parsed.value.fields).toMatchObject({
      task: "Back up the database",
      priority: "high",
      locks: ["db"],
      from: "schedule:backup",
    });
    expect(text).toContain("Use the backup script.");
    expect(feed).toMatchObject([
      {
        kind: "schedule",
        priority: "high",
        title: "Schedule broken could not run",
        where: "templates/missing.md",
      },
    ]);
  });

  it("are checked when the config is read: a bad cron or a duplicate name names the key", () => {
    const parsed = parseConfig(
      JSON.stringify({
        schedules: [
          { name: "a", cron: "every monday", agent: "x", task: { task: "t" } },
          { name: "a", cron: "0 9 * * 1", agent: "x" },
        ],
      }),
    );
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems).toEqual(
      expect.arrayContaining([
        "schedules.0.cron: not a cron expression croner can read",
        'schedules.1: give exactly one of "task" (the fields) or "template" (a task file in the root)',
        'schedules.1.name: "a" is used twice',
      ]),
    );
  });
});
