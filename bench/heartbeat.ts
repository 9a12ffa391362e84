/**
 * Heartbeat benchmark (issue 4): the cost of one beat on a crew with 10,000 archived tasks,
 * a 10,000-line ledger and 1,000 learnings (target: under 50 ms), both idle and right after
 * SHARED_MIND.md changed; and an idle daemon's CPU and memory, sampled from /proc.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseConfig } from "../shared/config.js";
import { formatLearning, SHARED_MIND_TEMPLATE } from "../shared/shared-mind.js";
import { createCrewContext } from "../core/crew-context.js";
import { initCrewRoot } from "../core/crew-root.js";
import { Engine } from "../core/engine/engine.js";
import { Heartbeat } from "../core/heartbeat/heartbeat.js";
import { Scheduler } from "../core/schedule/scheduler.js";
import { ms, percentile } from "./stats.js";

const ARCHIVED = 10_000;
const LEARNINGS = 1_000;
const BEATS = 100;
const CHANGED_BEATS = 20;
const IDLE_SECONDS = 10;
const SETTLE_MS = 10_000;
const BIN = fileURLToPath(new URL("../../bin/switchyard.js", import.meta.url));

const CONFIG = {
  costs: { importInteractive: false },
  tiers: { "1": { budget: { daily: 5 } }, "2": { billing: "subscription", window: { hours: 5, runs: 50 } } },
  schedules: [{ name: "nightly", cron: "0 3 * * *", agent: "agent-a", task: { task: "Nightly summary" } }],
};

/** A crew with a long history: archived tasks with footers, their ledger, many learnings. */
async function crewWithHistory(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "switchyard-bench-heartbeat-"));
  await initCrewRoot(root);
  await writeFile(join(root, "switchyard.json"), JSON.stringify(CONFIG));
  const ledger: string[] = [];
  const started = Date.now() - 30 * 86_400_000;
  for (let batch = 0; batch < ARCHIVED; batch += 500)
    await Promise.all(
      Array.from({ length: 500 }, (_, offset) => {
        const index = batch + offset;
        const at = new Date(started + index * 250_000).toISOString();
        const id = `task-${String(index).padStart(5, "0")}`;
        ledger.push(
          JSON.stringify({
            at,
            taskId: id,
            agent: "agent-a",
            tier: 2,
            model: "sonnet",
            attempt: 1,
            costUsd: 0.01,
          }),
        );
        return writeFile(
          join(root, "coordination/completed", `${id}.md`),
          `TASK: Archived job ${index}\nPRIORITY: normal\n\n---\nSTATUS: done\nAGENT: agent-a\nTIER: 2\nATTEMPTS: 1\nFINISHED: ${at}\nCOST_USD: 0.0100\nRESULT: ok\n`,
        );
      }),
    );
  await writeFile(join(root, ".switchyard/ledger.jsonl"), `${ledger.join("\n")}\n`);
  const learnings = Array.from({ length: LEARNINGS }, (_, index) =>
    formatLearning("2026-01-01", `Learning number ${index}: something worth remembering about the crew`),
  );
  await writeFile(join(root, "SHARED_MIND.md"), `${SHARED_MIND_TEMPLATE}${learnings.join("\n")}\n`);
  return root;
}

async function beatCosts(root: string): Promise<{ idle: number[]; changed: number[] }> {
  const parsed = parseConfig(JSON.stringify(CONFIG));
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  const config = parsed.config;
  const crew = createCrewContext(root, () => config);
  const { notifier, spend } = crew;
  const engine = new Engine({ crew, watch: false });
  await engine.start();
  const scheduler = new Scheduler({ root, schedules: () => config.schedules, notifier });
  await scheduler.start();
  const heartbeat = new Heartbeat({
    root,
    config: crew.config,
    engine,
    notifier,
    scheduler,
    spend: () => spend.totals(),
  });
  for (let warm = 0; warm < 5; warm++) await heartbeat.beat();
  const idle: number[] = [];
  for (let beat = 0; beat < BEATS; beat++) {
    const started = performance.now();
    await heartbeat.beat();
    idle.push(performance.now() - started);
  }
  const changed: number[] = [];
  for (let beat = 0; beat < CHANGED_BEATS; beat++) {
    await appendFile(
      join(root, "SHARED_MIND.md"),
      `${formatLearning("2026-04-09", `Fresh learning ${beat}`)}\n`,
    );
    const started = performance.now();
    await heartbeat.beat();
    changed.push(performance.now() - started);
  }
  await scheduler.stop();
  await engine.stop();
  await notifier.close();
  return { idle, changed };
}

/** utime + stime of a process, in clock ticks (1/100 s on Linux), from /proc/<pid>/stat. */
async function cpuTicks(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]); // fields 14 and 15 of the full line
}

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

async function idleDaemon(root: string): Promise<{ cpuPercent: number; rssMiB: number }> {
  const child: ChildProcess = spawn(process.execPath, [BIN, "daemon", "--root", root, "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  try {
    const deadline = Date.now() + 30_000;
    while (!output.includes("dashboard:")) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`the daemon did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS)); // start-up, the first beat and a first GC settle
    const pid = child.pid ?? 0;
    const before = await cpuTicks(pid);
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    const after = await cpuTicks(pid);
    return { cpuPercent: ((after - before) / 100 / IDLE_SECONDS) * 100, rssMiB: await rssMiB(pid) };
  } finally {
    child.kill("SIGTERM");
    if (child.exitCode === null) await once(child, "exit");
  }
}

/** /proc counts CPU in 10 ms ticks: over 10 s, no tick at all means under 0.1 %. */
const cpuText = (percent: number): string =>
  percent === 0 ? `< ${(1 / IDLE_SECONDS).toFixed(1)} % (no 10 ms tick used)` : `${percent.toFixed(2)} %`;

export async function runHeartbeatBench(): Promise<Record<string, number>> {
  const root = await crewWithHistory();
  try {
    const { idle, changed } = await beatCosts(root);
    const results: Record<string, number> = {
      beatP50Ms: percentile(idle, 50),
      beatP95Ms: percentile(idle, 95),
      changedBeatP50Ms: percentile(changed, 50),
      changedBeatP95Ms: percentile(changed, 95),
    };
    console.log(
      `\nheartbeat cost (${ARCHIVED.toLocaleString("en")} archived tasks, ${LEARNINGS.toLocaleString("en")} learnings, ${BEATS} beats):`,
    );
    console.log(
      `  nothing changed:         p50 ${ms(results.beatP50Ms ?? 0)}, p95 ${ms(results.beatP95Ms ?? 0)}  [target < 50 ms]`,
    );
    console.log(
      `  SHARED_MIND.md changed:  p50 ${ms(results.changedBeatP50Ms ?? 0)}, p95 ${ms(results.changedBeatP95Ms ?? 0)}  (${CHANGED_BEATS} beats, each after a new learning)`,
    );
    if (process.platform === "linux") {
      const fresh = await mkdtemp(join(tmpdir(), "switchyard-bench-idle-"));
      await initCrewRoot(fresh);
      await writeFile(
        join(fresh, "switchyard.json"),
        JSON.stringify({ costs: { importInteractive: false } }),
      );
      for (const [label, crewRoot, key] of [
        ["a fresh crew", fresh, "idleFresh"],
        [`the crew with ${ARCHIVED.toLocaleString("en")} archived tasks`, root, "idleHistory"],
      ] as const) {
        const daemon = await idleDaemon(crewRoot);
        results[`${key}CpuPercent`] = daemon.cpuPercent;
        results[`${key}RssMiB`] = daemon.rssMiB;
        console.log(
          `idle daemon on ${label} (default 300 s heartbeat), over ${IDLE_SECONDS} s: CPU ${cpuText(daemon.cpuPercent)}, RSS ${daemon.rssMiB.toFixed(1)} MiB  [target CPU < 1 %]`,
        );
      }
      await rm(fresh, { recursive: true, force: true });
    } else {
      console.log("idle daemon: skipped (reads /proc, Linux only)");
    }
    return results;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
