/**
 * `switchyard run-once` as cron runs it, with the real Claude Code CLI as the worker: the exit
 * status says whether everything ran, every failure says why, and a worker that cannot sign in
 * is reported once, with what to do, instead of burning three attempts on every task.
 */
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ClaudeCrew, claudeCrew, readTaskFile } from "../support/claude-crew.js";
import { failWith, type StandinScript, writeThenReport } from "../../bench/support/messages-api-standin.js";
import { ensureBuilt, runCli } from "./run-cli.js";

const crews: ClaudeCrew[] = [];
beforeAll(ensureBuilt);
afterEach(async () => {
  for (const crew of crews.splice(0)) await crew.cleanup();
});

async function crewWith(script: (root: string) => StandinScript): Promise<ClaudeCrew> {
  const setup = await claudeCrew(script);
  crews.push(setup);
  return setup;
}

describe("switchyard run-once", () => {
  it("exits 0 when every task is done", async () => {
    const { crew } = await crewWith((root) => writeThenReport(join(root, "outputs/a.md"), "A\n", "Wrote A."));
    await crew.drop("for_agent_a", "a.md", "TASK: Write A\nEXPECTED_OUTPUT: outputs/a.md\n");
    const result = await runCli(["run-once", "--root", crew.root]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("done a");
    expect(result.exitCode).toBe(0);
  });

  it("exits 1 when a task failed, printing each failure's reason, a bad file's too", async () => {
    const { crew } = await crewWith(() => failWith(500, "the stand-in is down"));
    await crew.drop("for_agent_a", "a.md", "TASK: Write A\n");
    await crew.drop("for_agent_b", "broken.md", "PRIORITY: high\n");
    const result = await runCli(["run-once", "--root", crew.root]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^failed a: exited with code 1: .+$/m);
    expect(result.stderr).toMatch(/rejected .*broken\.md: .*TASK.*missing/);
    expect(result.stderr).toContain("2 tasks failed");
  });

  it("says once that Claude Code is not logged in, with what to do, and holds the other tasks untouched", async () => {
    const { crew, standin } = await crewWith(() => failWith(401, "invalid x-api-key"));
    await crew.drop("for_agent_a", "first.md", "TASK: First job\nPRIORITY: high\n");
    await crew.drop("for_agent_a", "second.md", "TASK: Second job\n");
    const result = await runCli(["run-once", "--root", crew.root]);
    expect(result.exitCode).toBe(1);
    expect(standin.mainRequests()).toHaveLength(1);
    const reasons = result.stdout.match(/not logged in.*\/login.*retry this task/g) ?? [];
    expect(reasons).toHaveLength(1);
    expect(result.stdout).toMatch(/left waiting: .*second\.md: held: Claude Code is not logged in/);
    const failed = await readTaskFile(crew, "coordination/failed/first.md");
    expect(failed.footer?.attempts).toBe(1);
    expect(failed.footer?.reason).toContain("Invalid API key");
    expect(await crew.read("coordination/for_agent_a/second.md")).toBe("TASK: Second job\n");
  });
});
