/**
 * One bad worker or file must not stop the crew: the real daemon, fed a worker that prints a
 * 600 MB line, a half-written approvals.json, an I/O error in the middle of a claim, a worker
 * that kills its host, FIFOs and a symlink to /dev/zero in an inbox. Each becomes a reported
 * failure or a notification; the daemon keeps answering and keeps running other tasks.
 */
import { execFileSync } from "node:child_process";
import { mkdir, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "../cli/run-cli.js";
import { type CrewFixture, makeCrew } from "../support/crew-fixture.js";
import { type DaemonApi, startDaemonApi, until } from "../support/daemon-api.js";

let crew: CrewFixture | undefined;
const daemons: DaemonApi[] = [];
beforeAll(ensureBuilt, 60_000);
afterEach(async () => {
  for (const api of daemons.splice(0)) await api.daemon.stop("SIGKILL");
  await crew?.cleanup();
  crew = undefined;
});

const BASE = { costs: { importInteractive: false }, notifications: { desktop: false } };
const WRITES_OUTPUT = { command: "sh", args: ["-c", 'echo ok > "$SWITCHYARD_EXPECTED_OUTPUT"'] };

async function daemonOn(config: Record<string, unknown>): Promise<{ crew: CrewFixture; api: DaemonApi }> {
  crew = await makeCrew({ ...BASE, ...config });
  const api = await startDaemonApi(crew.root);
  daemons.push(api);
  return { crew, api };
}

const listing = async (root: string, dir: string) =>
  (await readdir(join(root, "coordination", dir))).filter((name) => !name.startsWith(".")).sort();
const feedText = (root: string) =>
  readFile(join(root, ".switchyard/notifications.jsonl"), "utf8").catch(() => "");

describe("the daemon under faults", { timeout: 120_000 }, () => {
  it("survives a worker that prints a 600 MB line, keeps a capped log and says so in the run record", async () => {
    const { crew, api } = await daemonOn({
      worker: {
        command: "sh",
        args: [
          "-c",
          "head -c 600000000 /dev/zero | tr '\\0' a; echo; echo ok > \"$SWITCHYARD_EXPECTED_OUTPUT\"",
        ],
      },
    });
    await crew.drop("for_agent_a", "loud.md", "TASK: shout\nEXPECTED_OUTPUT: outputs/loud.md\n");
    await until(
      async () => (await listing(crew.root, "completed")).length === 1 || !api.alive(),
      "the run",
      90_000,
    );
    expect(api.alive(), api.daemon.output()).toBe(true);
    expect(await listing(crew.root, "completed")).toEqual(["loud.md"]);
    const record = JSON.parse(await readFile(join(crew.root, ".switchyard/runs/loud/run.json"), "utf8"));
    expect(record.attempts[0].stdoutCapped).toMatch(/^kept the first \d+ MB of \d+ MB/);
    const kept = await stat(join(crew.root, ".switchyard/runs/loud/attempt-1.stdout.jsonl"));
    expect(kept.size).toBeLessThan(100 * 1024 * 1024);
    expect((await api.get("/api/status")).status).toBe(200);
  });

  it("survives a half-written approvals.json: says what is wrong, runs what needs no approval, and asks once it is fixed", async () => {
    const { crew, api } = await daemonOn({ worker: WRITES_OUTPUT });
    await writeFile(join(crew.root, ".switchyard/approvals.json"), '{"deploy": {"state": "appro');
    await crew.drop(
      "for_agent_a",
      "deploy.md",
      "TASK: deploy\nAPPROVAL: required\nEXPECTED_OUTPUT: outputs/deploy.md\n",
    );
    await crew.drop("for_agent_a", "notes.md", "TASK: take notes\nEXPECTED_OUTPUT: outputs/notes.md\n");
    await until(
      async () => (await listing(crew.root, "completed")).includes("notes.md") || !api.alive(),
      "notes.md",
    );
    expect(api.alive(), api.daemon.output()).toBe(true);
    await until(
      async () => /approvals\.json/.test(await feedText(crew.root)),
      "a notification about approvals.json",
    );
    const status = await api.get("/api/status");
    expect(status.status).toBe(200);
    expect(JSON.parse(status.text).problems).toEqual([
      expect.stringMatching(/approvals\.json is unreadable/),
    ]);
    expect(await listing(crew.root, "for_agent_a")).toEqual(["deploy.md"]);
    await writeFile(join(crew.root, ".switchyard/approvals.json"), "{}\n");
    await until(
      async () =>
        /"state": "awaiting"/.test(await readFile(join(crew.root, ".switchyard/approvals.json"), "utf8")),
      "the approval request once the file is fixed",
    );
  });

  it("survives an I/O error in the middle of a claim: the task goes back to its inbox and runs once the disk is fine", async () => {
    const { crew, api } = await daemonOn({ worker: WRITES_OUTPUT });
    // The run folder cannot be made (what a full disk or a broken folder does to a claim).
    await rm(join(crew.root, ".switchyard/runs"), { recursive: true, force: true });
    await writeFile(join(crew.root, ".switchyard/runs"), "not a folder\n");
    await crew.drop("for_agent_a", "job.md", "TASK: do the job\nEXPECTED_OUTPUT: outputs/job.md\n");
    await until(
      async () => /could not claim/i.test(await feedText(crew.root)) || !api.alive(),
      "the claim failure",
    );
    expect(api.alive(), api.daemon.output()).toBe(true);
    // The engine tries again every few seconds, so the file may be parked for a moment: wait for
    // the state between tries, the task in its inbox and no parked copy.
    await until(
      async () =>
        (await listing(crew.root, "for_agent_a")).join() === "job.md" &&
        !(await readdir(join(crew.root, "coordination/in_progress"))).some((name) =>
          name.startsWith(".claim"),
        ),
      "the task back in its inbox, nothing parked",
    );
    await rm(join(crew.root, ".switchyard/runs"));
    await mkdir(join(crew.root, ".switchyard/runs"));
    await until(
      async () => (await listing(crew.root, "completed")).includes("job.md"),
      "the task to run",
      30_000,
    );
  });

  it("stops a crash loop: a worker that kills its host uses up its attempts and fails", async () => {
    crew = await makeCrew({
      ...BASE,
      worker: { command: "sh", args: ["-c", "kill -9 $PPID; sleep 1"], maxAttempts: 2 },
    });
    await crew.drop("for_agent_a", "bomb.md", "TASK: take the host down\n");
    let starts = 0;
    while (starts < 5 && (await listing(crew.root, "failed")).length === 0) {
      starts++;
      const api = await startDaemonApi(crew.root).catch(() => undefined);
      if (!api) continue;
      daemons.push(api);
      const root = crew.root;
      await until(
        async () => !api.alive() || (await listing(root, "failed")).length > 0,
        "a crash or a verdict",
      );
    }
    expect(await listing(crew.root, "failed")).toEqual(["bomb.md"]);
    expect(starts).toBeLessThanOrEqual(3);
    expect(await crew.read("coordination/failed/bomb.md")).toMatch(/REASON: .*Switchyard stopped/);
  });

  it("skips FIFOs and a symlink to /dev/zero in an inbox: status answers at once and other tasks run", async () => {
    const { crew, api } = await daemonOn({ worker: WRITES_OUTPUT });
    const inbox = join(crew.root, "coordination/for_agent_a");
    for (const name of ["a.md", "b.md", "c.md", "d.md", "e.md"]) execFileSync("mkfifo", [join(inbox, name)]);
    await symlink("/dev/zero", join(inbox, "zero.md"));
    await new Promise((resolve) => setTimeout(resolve, 500)); // the watcher has seen them
    const started = performance.now();
    const status = await Promise.race([
      api.get("/api/status"),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5_000)),
    ]);
    const answeredMs = performance.now() - started;
    expect(status?.status, `no answer in 5 s\n${api.daemon.output()}`).toBe(200);
    expect(answeredMs).toBeLessThan(5_000);
    await crew.drop("for_agent_a", "real.md", "TASK: a real task\nEXPECTED_OUTPUT: outputs/real.md\n");
    await until(
      async () => (await listing(crew.root, "completed")).includes("real.md"),
      "the real task to run",
    );
    await until(
      async () => (await listing(crew.root, "failed")).length >= 6,
      "the special files to be set aside",
    );
    expect(await listing(crew.root, "failed")).toEqual(
      expect.arrayContaining(["a.md", "a.md.reason", "zero.md", "zero.md.reason"]),
    );
    expect(await crew.read("coordination/failed/zero.md.reason")).toMatch(/not a regular file/);
    expect(api.alive()).toBe(true);
  });
});
