/**
 * `switchyard lock run` between real processes (ARCHITECTURE.md, "Locks"; ARCHITECTURE.md, "Hosts, the CLI and status"): mutual exclusion when many
 * processes race for one resource, and the lock released on any exit, a failure or a kill.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initCrewRoot } from "../../core/crew-root.js";
import { ensureBuilt, removeDir, runCli, startCli, tempDir } from "./run-cli.js";

const dirs: string[] = [];

async function newRoot(): Promise<string> {
  const dir = await tempDir("switchyard-race-");
  dirs.push(dir);
  await initCrewRoot(dir);
  return dir;
}

/** `lock run devto --as agent-a --root <root> -- <command…>`: the line every single-run test uses. */
const lockRunAsAgentA = (root: string, ...command: string[]) => [
  "lock",
  "run",
  "devto",
  "--as",
  "agent-a",
  "--root",
  root,
  "--",
  ...command,
];

const locksIn = async (root: string) =>
  (await readdir(join(root, "coordination/in_progress"))).filter((name) => name.endsWith(".lock"));

async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 25));
  }
}

beforeAll(async () => {
  await ensureBuilt();
});

afterAll(async () => {
  await Promise.all(dirs.map(removeDir));
});

describe.concurrent("lock run", () => {
  it("never lets two of 8 racing processes into the critical section at once", async () => {
    const root = await newRoot();
    const log = join(root, "outputs/race.log");
    const critical = (n: number) =>
      [
        'const fs = require("node:fs");',
        `fs.appendFileSync(${JSON.stringify(log)}, "start ${n}\\n");`,
        "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);",
        `fs.appendFileSync(${JSON.stringify(log)}, "end ${n}\\n");`,
      ].join(" ");
    const runs = Array.from({ length: 8 }, (_, n) =>
      startCli([
        "lock",
        "run",
        "devto",
        "--as",
        `agent-${n}`,
        "--wait",
        "60",
        "--root",
        root,
        "--",
        process.execPath,
        "-e",
        critical(n),
      ]),
    );
    const results = await Promise.all(runs);
    for (const result of results) expect(result.exitCode, String(result.stderr)).toBe(0);

    const lines = (await readFile(log, "utf8")).trimEnd().split("\n");
    expect(lines).toHaveLength(16);
    const seen = new Set<string>();
    for (let index = 0; index < lines.length; index += 2) {
      const start = /^start (\d)$/.exec(lines[index] ?? "");
      expect(start, `line ${index + 1}: ${lines[index]}`).not.toBeNull();
      const n = start?.[1] ?? "";
      expect(lines[index + 1], `the critical section of ${n} was interrupted`).toBe(`end ${n}`);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual(["0", "1", "2", "3", "4", "5", "6", "7"]);
    expect(await locksIn(root)).toEqual([]);
  });

  it("passes the command's exit code on and releases the lock when the command fails", async () => {
    const root = await newRoot();
    const result = await runCli(lockRunAsAgentA(root, process.execPath, "-e", "process.exit(7)"));
    expect(result.exitCode).toBe(7);
    expect(await locksIn(root)).toEqual([]);
    const again = await runCli(["lock", "acquire", "devto", "--as", "agent-b", "--root", root]);
    expect(again.exitCode).toBe(0);
  });

  it("holds the lock while the command runs, visible to the seed's `ls devto-*.lock`", async () => {
    const root = await newRoot();
    const result = await runCli([
      "lock",
      "run",
      "devto",
      "--as",
      "agent-a",
      "--root",
      root,
      "--",
      process.execPath,
      "-e",
      `const fs = require("node:fs"); const dir = ${JSON.stringify(join(root, "coordination/in_progress"))};
       const locks = fs.readdirSync(dir).filter((name) => /^devto-\\d+\\.lock$/.test(name));
       process.stdout.write(locks.map((name) => fs.readFileSync(dir + "/" + name, "utf8").split("\\n")[0]).join(","));`,
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^agent-a: /);
    expect(await locksIn(root)).toEqual([]);
  });

  it("exits 127 with a message, and releases the lock, when the command cannot be started", async () => {
    const root = await newRoot();
    const result = await runCli(lockRunAsAgentA(root, "switchyard-test-no-such-command"));
    expect(result.exitCode).toBe(127);
    expect(result.stderr).toMatch(/could not run switchyard-test-no-such-command/);
    expect(await locksIn(root)).toEqual([]);
  });

  it("releases the lock and stops the command when switchyard itself gets SIGTERM", async () => {
    const root = await newRoot();
    const started = join(root, "outputs/started");
    const finished = join(root, "outputs/finished");
    const run = startCli(
      lockRunAsAgentA(
        root,
        process.execPath,
        "-e",
        `const fs = require("node:fs"); fs.writeFileSync(${JSON.stringify(started)}, String(process.pid));
       setTimeout(() => fs.writeFileSync(${JSON.stringify(finished)}, "ran to the end"), 20000);`,
      ),
    );
    await waitFor(() => existsSync(started), "the command to start");
    expect(await locksIn(root)).toHaveLength(1);
    run.kill("SIGTERM");
    const result = await run;
    expect(result.exitCode).toBe(128 + 15);
    expect(await locksIn(root)).toEqual([]);
    const childPid = Number(await readFile(started, "utf8"));
    expect(() => process.kill(childPid, 0)).toThrow();
    expect(existsSync(finished)).toBe(false);
  });

  it("leaves a lock that counts as stale at once when switchyard is killed outright", async () => {
    const root = await newRoot();
    const started = join(root, "outputs/started");
    const run = startCli(
      lockRunAsAgentA(
        root,
        process.execPath,
        "-e",
        `require("node:fs").writeFileSync(${JSON.stringify(started)}, String(process.pid)); setTimeout(() => {}, 20000);`,
      ),
    );
    await waitFor(() => existsSync(started), "the command to start");
    run.kill("SIGKILL");
    // Nothing is left to stop the orphaned command, and it holds the pipes execa waits on.
    process.kill(Number(await readFile(started, "utf8")), "SIGKILL");
    await run;
    const list = await runCli(["lock", "list", "--json", "--root", root]);
    expect(JSON.parse(list.stdout)).toMatchObject([{ holder: "agent-a", stale: true }]);
    const next = await runCli(["lock", "acquire", "devto", "--as", "agent-b", "--root", root]);
    expect(next.exitCode).toBe(0);
    expect(next.stderr).toMatch(/removed stale lock .* held by agent-a: its holder's process \d+ is gone/);
  });
});
