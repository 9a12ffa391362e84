/** Claiming: one winner among racing claimers, and half-done claims of dead processes undone. */
import { link, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { claimTask, recoverParkedClaims } from "../../../core/engine/claim.js";
import { type RunRecord, writeRunRecord } from "../../../core/engine/run-record.js";
import { ensureBuilt, REPO } from "../../cli/run-cli.js";
import { type CrewFixture, makeCrew } from "../../support/crew-fixture.js";

let crew: CrewFixture | undefined;
afterEach(async () => {
  await crew?.cleanup();
  crew = undefined;
});

const record = (id: string, fileName: string, source: string): RunRecord => ({
  id,
  agent: "agent-a",
  source,
  fileName,
  state: "claiming",
  ownerPid: process.pid,
  route: { tier: 2, model: "sonnet", reason: "test" },
  sessionId: "s",
  sessionStarted: false,
  attempts: [],
  locks: [],
  startedAt: new Date().toISOString(),
  mindUpdated: false,
});

/** A pid that is certainly not running. */
const DEAD_PID = 2 ** 22 + 17;

describe("claimTask", () => {
  it("lets exactly one of many racing claimers win, and the task keeps its name", async () => {
    crew = await makeCrew();
    const source = await crew.drop("for_agent_a", "seed.md", "TASK: x\n");
    const results = await Promise.all(
      Array.from({ length: 8 }, () => claimTask(crew?.root ?? "", source, record)),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await readdir(join(crew.root, "coordination/in_progress"))).toEqual(["seed.md"]);
    expect(await readdir(join(crew.root, "coordination/for_agent_a"))).toEqual([]);
  });

  it("takes a suffix when the name is already used by a finished task", async () => {
    crew = await makeCrew();
    await writeFile(join(crew.root, "coordination/completed/seed.md"), "TASK: old\n");
    const source = await crew.drop("for_agent_a", "seed.md", "TASK: new\n");
    const result = await claimTask(crew.root, source, record);
    expect(result.ok && result.record.id).toBe("seed-2");
    expect(await crew.read("coordination/in_progress/seed-2.md")).toBe("TASK: new\n");
  });
});

describe("recoverParkedClaims", () => {
  it("hands a file parked by a dead claimer back to its inbox", async () => {
    crew = await makeCrew();
    await writeFile(
      join(crew.root, `coordination/in_progress/.claim.${DEAD_PID}.for_agent_b.seed.md`),
      "TASK: x\n",
    );
    expect(await recoverParkedClaims(crew.root)).toEqual(["coordination/for_agent_b/seed.md"]);
    expect(await crew.read("coordination/for_agent_b/seed.md")).toBe("TASK: x\n");
    expect(await readdir(join(crew.root, "coordination/in_progress"))).toEqual([]);
  });

  it("releases the run folder a dead claimer reserved, so the task keeps its name when claimed again", async () => {
    crew = await makeCrew();
    await writeFile(
      join(crew.root, `coordination/in_progress/.claim.${DEAD_PID}.for_agent_b.seed.md`),
      "TASK: x\n",
    );
    await mkdir(join(crew.root, ".switchyard/runs/seed"), { recursive: true });
    await writeRunRecord(crew.root, {
      ...record("seed", "seed.md", "coordination/for_agent_b/seed.md"),
      ownerPid: DEAD_PID,
    });
    await recoverParkedClaims(crew.root);
    const again = await claimTask(crew.root, join(crew.root, "coordination/for_agent_b/seed.md"), record);
    expect(again.ok && again.record.id).toBe("seed");
  });

  it("releases a run folder a dead claimer reserved but died before writing its record into", async () => {
    crew = await makeCrew();
    await writeFile(
      join(crew.root, `coordination/in_progress/.claim.${DEAD_PID}.for_agent_b.seed.md`),
      "TASK: x\n",
    );
    await mkdir(join(crew.root, ".switchyard/runs/seed"), { recursive: true });
    await writeFile(join(crew.root, `.switchyard/runs/seed/.run.json.${DEAD_PID}.0.tmp`), "{");
    await mkdir(join(crew.root, ".switchyard/runs/other"), { recursive: true });
    await recoverParkedClaims(crew.root);
    const again = await claimTask(crew.root, join(crew.root, "coordination/for_agent_b/seed.md"), record);
    expect(again.ok && again.record.id).toBe("seed");
    expect(await readdir(join(crew.root, ".switchyard/runs"))).toEqual(["other", "seed"]);
  });

  it("only drops the parking name when the claim was already linked into in_progress/", async () => {
    crew = await makeCrew();
    const parked = join(crew.root, `coordination/in_progress/.claim.${DEAD_PID}.for_agent_b.seed.md`);
    await writeFile(parked, "TASK: x\n");
    await link(parked, join(crew.root, "coordination/in_progress/seed.md"));
    expect(await recoverParkedClaims(crew.root)).toEqual([]);
    expect(await readdir(join(crew.root, "coordination/in_progress"))).toEqual(["seed.md"]);
    expect(await readdir(join(crew.root, "coordination/for_agent_b"))).toEqual([]);
  });

  it("hands back a claim that died half-way from an inbox whose name has dots (for_bot.v2)", async () => {
    await ensureBuilt();
    crew = await makeCrew();
    await mkdir(join(crew.root, "coordination/for_bot.v2"));
    const source = await crew.drop("for_bot.v2", "report.v1.md", "TASK: x\n");
    // A real claimer that dies (SIGKILL) right after parking the file, before its run record exists.
    const claim = pathToFileURL(join(REPO, "dist/core/engine/claim.js")).href;
    const died = await execa(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const { claimTask } = await import(${JSON.stringify(claim)});
         await claimTask(${JSON.stringify(crew.root)}, ${JSON.stringify(source)}, () => process.kill(process.pid, "SIGKILL"));`,
      ],
      { reject: false },
    );
    expect(died.signal).toBe("SIGKILL");
    expect(await readdir(join(crew.root, "coordination/for_bot.v2"))).toEqual([]);
    expect(await recoverParkedClaims(crew.root)).toEqual(["coordination/for_bot.v2/report.v1.md"]);
    expect(await crew.read("coordination/for_bot.v2/report.v1.md")).toBe("TASK: x\n");
    expect(await readdir(join(crew.root, "coordination/in_progress"))).toEqual([]);
  });

  it("leaves the parked file of a live claimer alone", async () => {
    crew = await makeCrew();
    const parked = join(crew.root, `coordination/in_progress/.claim.${process.pid}.for_agent_b.seed.md`);
    await writeFile(parked, "TASK: x\n");
    expect(await recoverParkedClaims(crew.root)).toEqual([]);
    expect(await readFile(parked, "utf8")).toBe("TASK: x\n");
  });
});
