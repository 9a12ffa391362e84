/**
 * The `switchyard` command line (ARCHITECTURE.md, "The crew root"; ARCHITECTURE.md, "Task files"; ARCHITECTURE.md, "Locks"; ARCHITECTURE.md, "Hosts, the CLI and status"), run as a real child process against
 * temporary crew roots: what a user types, what they see, and the exit codes scripts rely on.
 * Long tables of usage mistakes and option placements run the same `runCli` in this process
 * (each table also has a case through the real binary), which keeps the suite fast.
 */
import { mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../cli/main.js";
import { initCrewRoot } from "../../core/crew-root.js";
import { readSharedMind } from "../../shared/shared-mind.js";
import { type Status, StatusSchema } from "../../shared/status.js";
import { parseTaskFile } from "../../shared/task-file.js";
import { ensureBuilt, removeDir, runCli, runCliInProcess, tempDir } from "./run-cli.js";

const SEED_TASK = `TASK: Update all ClawMart listings with new pricing
PRIORITY: high
FROM: agent-b
CONTEXT: Stripe payment links updated, need to inject into listings 2, 5, and 9
EXPECTED_OUTPUT: outputs/listing_update_result.md
DEADLINE: before next cron run
`;

const dirs: string[] = [];

async function scratchDir(): Promise<string> {
  const dir = await tempDir();
  dirs.push(dir);
  return dir;
}

/** A fresh crew root (made in-process: `init` itself is tested through the CLI below). */
async function newRoot(): Promise<string> {
  const dir = await scratchDir();
  await initCrewRoot(dir);
  return dir;
}

/** `echo "<content>" > coordination/in_progress/<resource>-$(date +%s).lock`, made `ageSeconds` ago. */
async function handWrittenLock(dir: string, ageSeconds = 0, content = "agent-a: updating articles\n") {
  const name = `devto-${Math.floor(Date.now() / 1000) - ageSeconds}.lock`;
  await writeFile(join(dir, "coordination/in_progress", name), content);
  return name;
}

/** Every path under `dir` with its kind, size, mode, mtime and (for files) content. */
async function snapshot(dir: string): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  for (const name of (await readdir(dir, { recursive: true })).sort()) {
    const path = join(dir, name);
    const info = await stat(path);
    result[name] = {
      kind: info.isDirectory() ? "dir" : "file",
      size: info.size,
      mode: info.mode,
      mtimeMs: info.mtimeMs,
      ...(info.isFile() ? { content: await readFile(path, "utf8") } : {}),
    };
  }
  return result;
}

async function statusJson(dir: string): Promise<Status> {
  const result = await runCli(["status", "--json", "--root", dir]);
  expect(result.stderr).toBe("");
  expect(result.exitCode).toBe(0);
  return JSON.parse(result.stdout);
}

beforeAll(async () => {
  await ensureBuilt();
});

afterAll(async () => {
  await Promise.all(dirs.map(removeDir));
});

describe.concurrent("switchyard init", () => {
  it("creates every folder of the crew root and SHARED_MIND.md", async () => {
    const dir = join(await scratchDir(), "crew");
    const result = await runCli(["init", dir]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`crew root: ${dir}`);
    for (const folder of [
      "coordination/for_agent_a",
      "coordination/for_agent_b",
      "coordination/in_progress",
      "coordination/completed",
      "coordination/failed",
      "outputs",
      ".switchyard",
    ])
      expect((await stat(join(dir, folder))).isDirectory(), folder).toBe(true);
    const mind = readSharedMind(await readFile(join(dir, "SHARED_MIND.md"), "utf8"));
    expect(mind.learnings).toEqual([]);
    expect(mind.lastUpdated).toBeDefined();
  });

  it("changes nothing the second time: same files, same contents, same mtimes", async () => {
    const root = await scratchDir();
    expect((await runCli(["init", root])).exitCode).toBe(0);
    const before = await snapshot(root);
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(9);
    await new Promise((done) => setTimeout(done, 20));
    const again = await runCli(["init", root]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain("nothing to do");
    expect(await snapshot(root)).toEqual(before);
  });

  it("keeps a SHARED_MIND.md and files that were there, and adds only what is missing", async () => {
    const dir = await scratchDir();
    const mine = "# SHARED_MIND.md\n## ACTIVE STATE\nmy own words\n";
    await writeFile(join(dir, "SHARED_MIND.md"), mine);
    await mkdir(join(dir, "coordination/for_agent_a"), { recursive: true });
    await writeFile(join(dir, "coordination/for_agent_a/task.md"), SEED_TASK);
    const result = await runCli(["init", dir]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/kept as it was: .*SHARED_MIND\.md/);
    expect(await readFile(join(dir, "SHARED_MIND.md"), "utf8")).toBe(mine);
    expect(await readFile(join(dir, "coordination/for_agent_a/task.md"), "utf8")).toBe(SEED_TASK);
    expect((await stat(join(dir, "coordination/for_agent_b"))).isDirectory()).toBe(true);
  });

  it("asks for the folder when none is given", async () => {
    const root = await newRoot();
    const result = await runCli(["init"], { cwd: root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/init needs the folder/);
  });
});

describe.concurrent("switchyard status", () => {
  it("shows a task dropped by hand in the seed's exact text under pending[agent-b]", async () => {
    const root = await newRoot();
    await writeFile(join(root, "coordination/for_agent_b/update-listings.md"), SEED_TASK);
    const status = await statusJson(root);
    expect(status.pending["agent-b"]).toMatchObject([
      {
        id: "update-listings",
        file: "coordination/for_agent_b/update-listings.md",
        agent: "agent-b",
        task: "Update all ClawMart listings with new pricing",
        priority: "high",
        from: "agent-b",
        expectedOutput: "outputs/listing_update_result.md",
        deadline: "before next cron run",
      },
    ]);
    expect(status.pending["agent-a"]).toEqual([]);
  });

  it("ignores dotfiles and half-written .tmp/.part files in an inbox", async () => {
    const root = await newRoot();
    const inbox = join(root, "coordination/for_agent_b");
    await writeFile(join(inbox, ".draft.md"), SEED_TASK);
    await writeFile(join(inbox, "next.md.tmp"), SEED_TASK);
    await writeFile(join(inbox, "next.md.part"), SEED_TASK);
    expect((await statusJson(root)).pending["agent-b"]).toEqual([]);
  });

  it("reports every key the status contract lists", async () => {
    const root = await newRoot();
    await handWrittenLock(root);
    const status = await statusJson(root);
    for (const key of [
      "pending",
      "awaitingApproval",
      "inProgress",
      "completed",
      "failed",
      "locks",
      "workers",
      "costs",
      "heartbeat",
    ])
      expect(status, key).toHaveProperty(key);
    expect(Object.keys(status.pending).sort()).toEqual(["agent-a", "agent-b"]);
    for (const list of ["awaitingApproval", "inProgress", "completed", "failed", "workers"] as const)
      expect(Array.isArray(status[list]), list).toBe(true);
    expect(Object.keys(status.costs).sort()).toEqual(["0", "1", "2", "3"]);
    for (const tier of ["0", "1", "2", "3"] as const) {
      const window = tier === "2" ? ["window"] : []; // the subscription tier shows its rolling window
      expect(Object.keys(status.costs[tier]).sort(), `costs.${tier}`).toEqual([
        "budget",
        "month",
        "running",
        "today",
        ...window,
      ]);
      expect(status.costs[tier].today).toBe(0);
      expect(status.costs[tier].month).toBe(0);
    }
    expect(status.heartbeat).toHaveProperty("last");
    expect(status.locks).toMatchObject([{ resource: "devto", holder: "agent-a", stale: false }]);
    expect(status.locks[0]?.ageSeconds).toBeGreaterThanOrEqual(0);
    expect(StatusSchema.safeParse(status).success).toBe(true);
  });

  it("reports a task file that does not parse as a problem with its line, not as a pending task", async () => {
    const root = await newRoot();
    await writeFile(join(root, "coordination/for_agent_a/bad.md"), "TASK: x\nPRIORITY: asap\n");
    const status = await statusJson(root);
    expect(status.pending["agent-a"]).toEqual([]);
    expect(status.problems.join("\n")).toMatch(/for_agent_a\/bad\.md: line 2: PRIORITY/);
  });

  it("prints a readable summary without --json", async () => {
    const root = await newRoot();
    await writeFile(join(root, "coordination/for_agent_b/update-listings.md"), SEED_TASK);
    await handWrittenLock(root, 2 * 3600 + 5 * 60);
    const result = await runCli(["status", "--root", root]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^WAITING \(1\)\n +ID +AGENT +PRIORITY +TIER +WAITS FOR +TASK$/m);
    expect(result.stdout).toMatch(
      /^ +update-listings +agent-b +high +2 +a free slot +Update all ClawMart listings with new pricing$/m,
    );
    expect(result.stdout).toMatch(
      /^LOCKS \(1\)\n +RESOURCE +HOLDER +HELD FOR +STATE\n +devto +agent-a +2 h 05 min +stale: /m,
    );
    expect(result.stdout).not.toMatch(/\d{4}s\b/);
  });

  it("says how to make a crew root when the folder is not one", async () => {
    const dir = await scratchDir();
    const result = await runCli(["status", "--root", dir]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/not a crew root/);
    expect(result.stderr).toContain(`switchyard init ${dir}`);
  });
});

describe.concurrent("switchyard task add", () => {
  it("writes a task file into the inbox that parses back to what was asked", async () => {
    const root = await newRoot();
    const result = await runCli([
      "task",
      "add",
      "--to",
      "agent-b",
      "--priority",
      "urgent",
      "--expected-output",
      "outputs/summary.md",
      "--tier",
      "1",
      "--locks",
      "devto, reddit",
      "--root",
      root,
      "Summarize README.md",
    ]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const relative = result.stdout.trim();
    expect(relative).toMatch(/^coordination\/for_agent_b\/\d{8}-\d{6}-summarize-readme-md\.md$/);
    const parsed = parseTaskFile(await readFile(join(root, relative), "utf8"));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.value.fields).toEqual({
      task: "Summarize README.md",
      priority: "urgent",
      from: "operator",
      expectedOutput: "outputs/summary.md",
      tier: 1,
      locks: ["devto", "reddit"],
      approvalRequired: false,
    });
    expect((await statusJson(root)).pending["agent-b"]).toHaveLength(1);
  });

  it("never overwrites: the same task twice in one second makes two files", async () => {
    const root = await newRoot();
    const first = await runCli(["task", "add", "--to", "agent-a", "--root", root, "same"]);
    const second = await runCli(["task", "add", "--to", "agent-a", "--root", root, "same"]);
    expect(first.exitCode).toBe(0);
    expect(second.exitCode).toBe(0);
    expect(second.stdout).not.toBe(first.stdout);
    const files = (await readdir(join(root, "coordination/for_agent_a"))).filter(
      (name) => !name.startsWith("."),
    );
    expect(files).toHaveLength(2);
  });

  it.each([
    [["--to", "agent-z", "text"], /no agent "agent-z"/],
    [["--to", "agent-a", "--priority", "asap", "text"], /--priority must be one of/],
    [["--to", "agent-a", "--expected-output", "../x", "text"], /--expected-output leaves the crew root/],
    [["--to", "agent-a", "--tier", "7", "text"], /--tier must be 0, 1, 2 or 3/],
    [["--to", "agent-a"], /needs the task's text/],
    [["text"], /--to is required/],
  ])("refuses %j with a message and exit 2, writing nothing", async (args, message) => {
    const root = await newRoot();
    const result = await runCliInProcess(["task", "add", "--root", root, ...args]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
    for (const inbox of ["for_agent_a", "for_agent_b"])
      expect(await readdir(join(root, "coordination", inbox))).toEqual([]);
  });
});

describe.concurrent("switchyard lock", () => {
  it("acquire prints the lock's path, and exits 3 while a hand-written lock holds the resource", async () => {
    const root = await newRoot();
    const name = await handWrittenLock(root);
    const busy = await runCli(["lock", "acquire", "devto", "--as", "agent-b", "--wait", "0", "--root", root]);
    expect(busy.exitCode).toBe(3);
    expect(busy.stdout).toBe("");
    expect(busy.stderr).toMatch(/devto is busy: held by agent-a \(updating articles\)/);
    expect(busy.stderr).toContain(name);

    const free = await runCli(["lock", "acquire", "reddit", "--as", "agent-b", "--root", root]);
    expect(free.exitCode).toBe(0);
    const path = free.stdout.trim();
    expect(path).toMatch(new RegExp(`^${root}/coordination/in_progress/reddit-\\d{10}\\.lock$`));
    expect(await readFile(path, "utf8")).toBe("agent-b: \n");
  });

  it("lock list --json shows a lock older than 30 minutes as stale", async () => {
    const root = await newRoot();
    const old = await handWrittenLock(root, 31 * 60, "agent-a: crashed mid-run\n");
    const result = await runCli(["lock", "list", "--json", "--root", root]);
    expect(result.exitCode).toBe(0);
    const locks = JSON.parse(result.stdout);
    expect(locks).toMatchObject([{ file: old, resource: "devto", holder: "agent-a", stale: true }]);
    expect(locks[0].ageSeconds).toBeGreaterThanOrEqual(31 * 60);
    expect(locks[0].staleReason).toMatch(/older than 30 min/);
  });

  it("honours locks.staleAfterMinutes from switchyard.json", async () => {
    const root = await newRoot();
    await writeFile(join(root, "switchyard.json"), JSON.stringify({ locks: { staleAfterMinutes: 5 } }));
    await handWrittenLock(root, 6 * 60);
    const locks = JSON.parse((await runCli(["lock", "list", "--json", "--root", root])).stdout);
    expect(locks[0].stale).toBe(true);
  });

  it("acquire breaks a stale lock and says so on stderr", async () => {
    const root = await newRoot();
    const old = await handWrittenLock(root, 40 * 60);
    const result = await runCli(["lock", "acquire", "devto", "--as", "agent-b", "--root", root]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain(`removed stale lock ${old} held by agent-a`);
    expect(await readdir(join(root, "coordination/in_progress"))).toEqual([
      result.stdout.trim().split("/").at(-1),
    ]);
  });

  it("release refuses someone else's lock (exit 1) and releases the holder's", async () => {
    const root = await newRoot();
    const name = await handWrittenLock(root);
    const wrong = await runCli(["lock", "release", "devto", "--as", "agent-b", "--root", root]);
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stderr).toMatch(/held by someone else/);
    expect(await readdir(join(root, "coordination/in_progress"))).toEqual([name]);
    const right = await runCli(["lock", "release", "devto", "--as", "agent-a", "--root", root]);
    expect(right.exitCode).toBe(0);
    expect(right.stdout).toContain(`released ${name}`);
    expect(await readdir(join(root, "coordination/in_progress"))).toEqual([]);
  });

  it("release of a resource nobody holds exits 1 and says so", async () => {
    const root = await newRoot();
    const result = await runCli(["lock", "release", "devto", "--root", root]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/no lock on devto/);
  });

  it("lock list without --json prints a table with a header and ages in minutes and hours", async () => {
    const root = await newRoot();
    await handWrittenLock(root, 12 * 60 + 5);
    await handWrittenLock(root, 0, "agent-b: quick look\n").then((name) =>
      rename(
        join(root, "coordination/in_progress", name),
        join(root, "coordination/in_progress", name.replace("devto", "reddit")),
      ),
    );
    const result = await runCli(["lock", "list", "--root", root]);
    expect(result.stdout.split("\n")).toEqual([
      expect.stringMatching(/^RESOURCE +HOLDER +HELD FOR +STATE +PURPOSE$/),
      expect.stringMatching(/^devto +agent-a +12 min +live +updating articles$/),
      expect.stringMatching(/^reddit +agent-b +\d s +live +quick look$/),
    ]);
  });
});

describe.concurrent("switchyard state learn", () => {
  it("appends one dated learning line and keeps the rest of SHARED_MIND.md", async () => {
    const root = await newRoot();
    const path = join(root, "SHARED_MIND.md");
    const before = await readFile(path, "utf8");
    const result = await runCli([
      "state",
      "learn",
      "dev.to rate-limits",
      "at 10 posts/hour",
      "--as",
      "agent-a",
      "--root",
      root,
    ]);
    expect(result.exitCode).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(await readFile(path, "utf8")).toBe(
      `${before}- ${today} [agent-a]: dev.to rate-limits at 10 posts/hour\n`,
    );
    expect(await readdir(join(root, "coordination/in_progress"))).toEqual([]);
  });

  it("records who learned it, and never adds the same learning twice", async () => {
    const root = await newRoot();
    const first = await runCliInProcess([
      "state",
      "learn",
      "Reddit blocks body links",
      "--as",
      "agent-b",
      "--root",
      root,
    ]);
    expect(first.stdout).toMatch(/^learned \(\d{4}-\d{2}-\d{2}, agent-b\): Reddit blocks body links$/);
    const again = await runCliInProcess([
      "state",
      "learn",
      "reddit blocks  body links.",
      "--as",
      "agent-a",
      "--root",
      root,
    ]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(
      /^already learned, not added again: \d{4}-\d{2}-\d{2} \[agent-b\]: Reddit blocks body links$/,
    );
    const learnings = readSharedMind(await readFile(join(root, "SHARED_MIND.md"), "utf8")).learnings;
    expect(learnings).toMatchObject([{ agent: "agent-b", text: "Reddit blocks body links" }]);
  });

  it("needs the text and the agent", async () => {
    const root = await newRoot();
    const noText = await runCliInProcess(["state", "learn", "--as", "agent-a", "--root", root]);
    expect(noText.exitCode).toBe(2);
    expect(noText.stderr).toMatch(/needs the learning's text/);
    const noAgent = await runCliInProcess(["state", "learn", "something", "--root", root]);
    expect(noAgent.exitCode).toBe(2);
    expect(noAgent.stderr).toMatch(/--as is required/);
  });
});

describe.concurrent("help and mistakes", () => {
  it.each(COMMANDS.map((command) => command.path.join(" ")))(
    "%s --help prints its usage and exits 0",
    async (words) => {
      const result = await runCliInProcess([...words.split(" "), "--help"]);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain(`usage: switchyard ${words}`);
      expect(result.stdout).toContain("--root DIR");
      expect(result.stderr).toBe("");
    },
  );

  it.each([[["--help"]], [["-h"]], [["help"]], [[]]])(
    "%j prints the list of commands and exits 0",
    async (args) => {
      const result = await runCliInProcess(args);
      expect(result.exitCode).toBe(0);
      for (const command of COMMANDS) expect(result.stdout).toContain(command.path.join(" "));
    },
  );

  it("prints help through the real binary: top-level and per command, exit 0", async () => {
    const top = await runCli(["--help"]);
    expect(top.exitCode).toBe(0);
    expect(top.stdout).toContain("usage: switchyard <command>");
    const command = await runCli(["lock", "acquire", "--help"]);
    expect(command.exitCode).toBe(0);
    expect(command.stdout).toContain("usage: switchyard lock acquire <resource> --as AGENT");
    expect(command.stderr).toBe("");
  });

  it.each(COMMANDS.map((command) => command.path.join(" ")))(
    "%s --help lists every option it accepts, and only those",
    async (words) => {
      const command = COMMANDS.find((candidate) => candidate.path.join(" ") === words);
      const help = (await runCliInProcess([...words.split(" "), "--help"])).stdout;
      const listed = [...(help.split("options:")[1]?.matchAll(/^\s+(?:-\w, )?--([\w-]+)/gm) ?? [])].map(
        (match) => match[1],
      );
      expect(listed.sort()).toEqual([...Object.keys(command?.options ?? {}), "root", "help"].sort());
      for (const name of listed.filter((name) => name !== "help"))
        expect(help.split("options:")[0]).toContain(`--${name}`);
    },
  );

  it("answers an unknown command with a message on stderr and exit 2", async () => {
    const root = await newRoot();
    const result = await runCli(["frobnicate", "--root", root]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/unknown command "frobnicate"; switchyard --help lists every command/);
  });

  it.each([
    [["stauts", "--json"], 'unknown command "stauts"; did you mean "status"?'],
    [["--root", "/tmp/x", "lok", "list"], 'unknown command "lok"; did you mean "lock"?'],
    [
      ["task", "aprove", "deploy", "--reason", "x"],
      'unknown command "task aprove"; did you mean "task approve"?',
    ],
    [["lock", "relase", "devto", "--as", "a"], 'did you mean "lock release"?'],
    [["task", "frobnicate"], "which one? task add, task approve"],
  ])("suggests the closest command for %j and never echoes its options", async (args, message) => {
    const result = await runCliInProcess(args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/--(json|root|reason|as)\b|\/tmp\/x/);
  });

  it("asks which one for a command group without its verb", async () => {
    const root = await newRoot();
    const result = await runCliInProcess(["lock", "--root", root]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/which one\? lock acquire, lock release, lock list, lock run/);
  });

  it.each([
    [["lock", "acquire", "--as", "agent-a"], /name the resource to lock/],
    [["lock", "acquire", "devto"], /--as is required/],
    [["lock", "acquire", "devto", "--as", "agent-a", "--wait", "soon"], /--wait takes a number of seconds/],
    [["lock", "acquire", "../etc", "--as", "agent-a"], /is not a resource name/],
    [["lock", "run", "devto", "--as", "agent-a"], /give the command to run after --/],
    [["status", "--bogus"], /--bogus/],
  ])("exits 2 with a message on stderr for %j", async (args, message) => {
    const root = await newRoot();
    const result = await runCliInProcess([...args, "--root", root]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
  });
});

describe.concurrent("--root", () => {
  it.each([
    ["before the command", (dir: string) => ["--root", dir, "lock", "acquire", "devto", "--as", "agent-b"]],
    [
      "between the command's words",
      (dir: string) => ["lock", "--root", dir, "acquire", "devto", "--as", "agent-b"],
    ],
    [
      "after the command's words",
      (dir: string) => ["lock", "acquire", "--root", dir, "devto", "--as", "agent-b"],
    ],
    ["at the end", (dir: string) => ["lock", "acquire", "devto", "--as", "agent-b", "--root", dir]],
    ["as --root=DIR", (dir: string) => [`--root=${dir}`, "lock", "acquire", "devto", "--as", "agent-b"]],
  ])("works %s", async (_where, args) => {
    const root = await newRoot();
    const result = await runCliInProcess(args(root));
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout.startsWith(`${root}/coordination/in_progress/devto-`)).toBe(true);
  });

  it("works before init and status too", async () => {
    const dir = join(await scratchDir(), "crew");
    expect((await runCli(["--root", dir, "init"])).exitCode).toBe(0);
    expect((await stat(join(dir, "coordination/in_progress"))).isDirectory()).toBe(true);
    expect((await runCli(["--root", dir, "status"])).exitCode).toBe(0);
  });

  it("falls back to $SWITCHYARD_ROOT, then to the current folder", async () => {
    const root = await newRoot();
    const other = await scratchDir();
    const fromEnv = await runCli(["lock", "acquire", "devto", "--as", "a"], {
      cwd: other,
      env: { SWITCHYARD_ROOT: root },
    });
    expect(fromEnv.stdout.startsWith(`${root}/`)).toBe(true);
    const fromCwd = await runCli(["lock", "acquire", "reddit", "--as", "a"], { cwd: root });
    expect(fromCwd.stdout.startsWith(`${root}/`)).toBe(true);
    const flagWins = await runCli(["lock", "list", "--json", "--root", root], {
      cwd: other,
      env: { SWITCHYARD_ROOT: other },
    });
    expect(JSON.parse(flagWins.stdout)).toHaveLength(2);
  });
});
