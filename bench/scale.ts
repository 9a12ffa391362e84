/**
 * Cost as the crew grows (issue 14), measured against the real `switchyard daemon` with its
 * watcher, with the baselines in the same run: `xargs -P4` and a minimal Node
 * claim+spawn+archive loop running the same no-op script. Each figure is min / median / max
 * of `BENCH_RUNS` runs (default 3).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmod, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { initCrewRoot } from "../core/crew-root.js";
import { BIN, openDashboardFeed, rssMiB, startBenchDaemon, timedApiStatus } from "./daemon-process.js";
import { percentile } from "./stats.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONCURRENCY = 4;
const DRAIN = 1_000;
const DEEP = 10_000;
const ARCHIVED = 10_000;
const LATENCY_SAMPLES = 60;
/** Tasks left out of the steady-state rate: start-up and the first scan. */
const WARM_UP = 100;
const MEMORY_BATCH = 250;
const MINIMAL_LOOP = fileURLToPath(new URL("./minimal-loop.js", import.meta.url));

const INBOX = "coordination/for_agent_a";
const idOf = (index: number) => `task-${String(index).padStart(5, "0")}`;

interface CrewOptions {
  waiting: number;
  archived?: number;
  /** 0 holds every task in its inbox (status at scale without a drain). */
  agentConcurrency?: number;
}

/** A crew whose worker is a no-op script; tasks are written to dot-names and renamed in. */
async function makeCrew(options: CrewOptions): Promise<{ root: string; script: string }> {
  const root = await mkdtemp(join(tmpdir(), "switchyard-bench-scale-"));
  await initCrewRoot(root);
  const script = join(root, "noop.sh");
  await writeFile(script, "#!/bin/sh\nexit 0\n");
  await chmod(script, 0o755);
  await writeFile(
    join(root, "switchyard.json"),
    JSON.stringify({
      worker: { command: script, args: [], concurrency: CONCURRENCY },
      agents: { "agent-a": { concurrency: options.agentConcurrency ?? CONCURRENCY } },
      costs: { importInteractive: false },
    }),
  );
  await writeTasks(root, 0, options.waiting);
  await writeArchived(root, options.archived ?? 0);
  return { root, script };
}

async function writeTasks(root: string, from: number, count: number): Promise<void> {
  const inbox = join(root, INBOX);
  for (let batch = from; batch < from + count; batch += 200)
    await Promise.all(
      Array.from({ length: Math.min(200, from + count - batch) }, async (_, offset) => {
        const id = idOf(batch + offset);
        await writeFile(join(inbox, `.${id}.tmp`), `TASK: no-op ${id}\nPRIORITY: normal\n`);
        await rename(join(inbox, `.${id}.tmp`), join(inbox, `${id}.md`));
      }),
    );
}

async function writeArchived(root: string, count: number): Promise<void> {
  const started = Date.now() - 30 * 86_400_000;
  for (let batch = 0; batch < count; batch += 200)
    await Promise.all(
      Array.from({ length: Math.min(200, count - batch) }, (_, offset) => {
        const index = batch + offset;
        const at = new Date(started + index * 250_000).toISOString();
        return writeFile(
          join(root, "coordination/completed", `old-${String(index).padStart(5, "0")}.md`),
          `TASK: Archived job ${index}\nPRIORITY: normal\n\n---\nSTATUS: done\nAGENT: agent-a\nTIER: 2\nATTEMPTS: 1\nFINISHED: ${at}\nCOST_USD: 0.0100\nRESULT: ok\n`,
        );
      }),
    );
}

function xargsWall(script: string, count: number): number {
  const input = Array.from({ length: count }, (_, index) => idOf(index)).join("\n");
  const started = performance.now();
  execFileSync("xargs", ["-P", String(CONCURRENCY), "-n", "1", script], { input });
  return performance.now() - started;
}

async function minimalLoopWall(count: number): Promise<number> {
  const { root, script } = await makeCrew({ waiting: count });
  const started = performance.now();
  spawnSync(process.execPath, [
    MINIMAL_LOOP,
    join(root, INBOX),
    join(root, "coordination/in_progress"),
    join(root, "coordination/completed"),
    script,
    String(CONCURRENCY),
  ]);
  const wall = performance.now() - started;
  await rm(root, { recursive: true, force: true });
  return wall;
}

interface DrainResult {
  /** Daemon spawned → the last task done. */
  wallMs: number;
  /** Per task, after the warm-up: (last done − warm-up'th done) / tasks between. */
  perTaskMs: number;
  events: number;
  fileErrors: number;
  failedRuns: number;
}

const FILE_ERRORS = /EMFILE|too many open files/i;

async function daemonDrain(
  options: CrewOptions & { drain: number; dashboard?: boolean },
): Promise<DrainResult> {
  const { root } = await makeCrew(options);
  const daemon = await startBenchDaemon(root);
  const feed = options.dashboard ? openDashboardFeed(daemon) : undefined;
  try {
    await daemon.whenDone(options.drain);
    const last = daemon.doneAt[options.drain - 1] ?? Number.NaN;
    const warm = daemon.doneAt[WARM_UP - 1] ?? Number.NaN;
    return {
      wallMs: last - daemon.spawnedAt,
      perTaskMs: (last - warm) / (options.drain - WARM_UP),
      events: feed?.events() ?? 0,
      fileErrors: daemon.errors.filter((line) => FILE_ERRORS.test(line)).length,
      failedRuns: daemon.errors.filter((line) => /failed unexpectedly/.test(line)).length,
    };
  } finally {
    feed?.close();
    await daemon.stop();
    await rm(root, { recursive: true, force: true });
  }
}

/** Drop → spawn: a task renamed into the inbox of an idle daemon, until its `started` line. */
async function dropToSpawn(): Promise<number[]> {
  const { root } = await makeCrew({ waiting: 0 });
  const daemon = await startBenchDaemon(root);
  const inbox = join(root, INBOX);
  const latencies: number[] = [];
  const started: number[] = [];
  daemon.child.stdout?.on("data", (chunk: Buffer) => {
    if (chunk.toString().includes("started ")) started.push(performance.now());
  });
  try {
    for (let index = 0; index < LATENCY_SAMPLES; index++) {
      const id = `latency-${index}`;
      await writeFile(join(inbox, `.${id}.tmp`), `TASK: no-op ${id}\n`);
      const before = started.length;
      const droppedAt = performance.now();
      await rename(join(inbox, `.${id}.tmp`), join(inbox, `${id}.md`));
      await daemon.whenDone(index + 1, 30_000);
      latencies.push((started[before] ?? Number.NaN) - droppedAt);
    }
    return latencies;
  } finally {
    await daemon.stop();
    await rm(root, { recursive: true, force: true });
  }
}

function cliWall(args: string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [BIN, ...args], { maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`switchyard ${args.join(" ")}: ${result.stderr}`);
  return performance.now() - started;
}

interface StatusResult {
  /** `status --json` on the big crew minus on an empty one (process start), no daemon. */
  cliMs: number;
  /** The same with a daemon running on the crew. */
  cliWithDaemonMs: number;
  /** `GET /api/status`, p50 of 10, from a daemon holding every task. */
  apiMs: number;
  apiBytes: number;
  /** `GET /api/status` p50 and max while the daemon drains 1,000 tasks. */
  apiDrainP50Ms: number;
  apiDrainMaxMs: number;
}

async function statusAtScale(): Promise<StatusResult> {
  const empty = await makeCrew({ waiting: 0 });
  const held = await makeCrew({ waiting: DEEP, archived: ARCHIVED, agentConcurrency: 0 });
  const draining = await makeCrew({ waiting: DRAIN, archived: ARCHIVED });
  try {
    cliWall(["status", "--json", "--root", empty.root]); // warm the file cache
    const startCost = percentile(
      [0, 1, 2].map(() => cliWall(["status", "--json", "--root", empty.root])),
      50,
    );
    cliWall(["status", "--json", "--root", held.root]);
    const cliMs = percentile(
      [0, 1, 2].map(() => cliWall(["status", "--json", "--root", held.root])),
      50,
    );
    const daemon = await startBenchDaemon(held.root);
    let api: { ms: number; bytes: number }[] = [];
    let cliWithDaemon: number;
    try {
      await timedApiStatus(daemon);
      api = [];
      for (let sample = 0; sample < 10; sample++) api.push(await timedApiStatus(daemon));
      cliWithDaemon = percentile(
        [0, 1, 2].map(() => cliWall(["status", "--json", "--root", held.root])),
        50,
      );
    } finally {
      await daemon.stop();
    }
    const drainDaemon = await startBenchDaemon(draining.root);
    const during: number[] = [];
    try {
      while (drainDaemon.doneAt.length < DRAIN - 20) {
        during.push((await timedApiStatus(drainDaemon)).ms);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await drainDaemon.whenDone(DRAIN);
    } finally {
      await drainDaemon.stop();
    }
    return {
      cliMs: cliMs - startCost,
      cliWithDaemonMs: cliWithDaemon - startCost,
      apiMs: percentile(
        api.map((sample) => sample.ms),
        50,
      ),
      apiBytes: api[0]?.bytes ?? 0,
      apiDrainP50Ms: percentile(during, 50),
      apiDrainMaxMs: Math.max(...during),
    };
  } finally {
    for (const crew of [empty, held, draining]) await rm(crew.root, { recursive: true, force: true });
  }
}

/**
 * RSS of a daemon fresh, then after `count` tasks dropped into its inbox and drained: 3 s
 * after (V8's young generation is still grown from the churn) and 15 s after (it has shrunk
 * back; what remains is what the daemon keeps).
 */
async function memoryAfter(
  count: number,
  dashboard: boolean,
): Promise<{ freshMiB: number; afterMiB: number; settledMiB: number }> {
  const { root } = await makeCrew({ waiting: 0 });
  const daemon = await startBenchDaemon(root);
  const feed = dashboard ? openDashboardFeed(daemon) : undefined;
  const pid = daemon.child.pid ?? 0;
  try {
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const freshMiB = await rssMiB(pid);
    // Fed in batches, so this measures what 10,000 tasks leave behind, not a deep queue.
    for (let from = 0; from < count; from += MEMORY_BATCH) {
      await writeTasks(root, from, Math.min(MEMORY_BATCH, count - from));
      await daemon.whenDone(Math.min(from + MEMORY_BATCH, count));
    }
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const afterMiB = await rssMiB(pid);
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    return { freshMiB, afterMiB, settledMiB: await rssMiB(pid) };
  } finally {
    feed?.close();
    await daemon.stop();
    await rm(root, { recursive: true, force: true });
  }
}

const summary = (values: number[], digits = 0, unit = ""): string => {
  const sorted = [...values].sort((a, b) => a - b);
  const fmt = (value: number | undefined) => `${(value ?? Number.NaN).toFixed(digits)}${unit}`;
  return `${fmt(sorted[0])} / ${fmt(percentile(sorted, 50))} / ${fmt(sorted.at(-1))}`;
};

const only = (process.env.BENCH_ONLY ?? "").split(",").filter(Boolean);
const wanted = (part: string) => only.length === 0 || only.includes(part);

export async function runScaleBench(): Promise<void> {
  console.log(`\ncost as the crew grows (min / median / max of ${RUNS} runs; load ${loadAverage()})`);
  if (wanted("dispatch")) {
    const rows: Record<string, number[]> = {
      xargs: [],
      minimal: [],
      daemon: [],
      ratio: [],
      minimalRatio: [],
      perTask1k: [],
      perTask10k: [],
      depthRatio: [],
    };
    for (let run = 0; run < RUNS; run++) {
      const probe = await makeCrew({ waiting: 0 });
      const xargs = xargsWall(probe.script, DRAIN);
      await rm(probe.root, { recursive: true, force: true });
      const minimal = await minimalLoopWall(DRAIN);
      const shallow = await daemonDrain({ waiting: DRAIN, drain: DRAIN });
      const deep = await daemonDrain({ waiting: DEEP, drain: DRAIN });
      rows.xargs?.push(xargs);
      rows.minimal?.push(minimal);
      rows.daemon?.push(shallow.wallMs);
      rows.ratio?.push(shallow.wallMs / xargs);
      rows.minimalRatio?.push(minimal / xargs);
      rows.perTask1k?.push(shallow.perTaskMs);
      rows.perTask10k?.push(deep.perTaskMs);
      rows.depthRatio?.push(deep.perTaskMs / shallow.perTaskMs);
      console.log(
        `  run ${run + 1}: xargs ${xargs.toFixed(0)} ms, minimal loop ${minimal.toFixed(0)} ms, daemon ${shallow.wallMs.toFixed(0)} ms (${(shallow.wallMs / xargs).toFixed(2)}×); per task ${shallow.perTaskMs.toFixed(2)} ms with ${DRAIN} waiting, ${deep.perTaskMs.toFixed(2)} ms with ${DEEP} (load ${loadAverage()})`,
      );
    }
    console.log(`${DRAIN} no-op tasks at concurrency ${CONCURRENCY}:`);
    console.log(`  xargs -P4 ${summary(rows.xargs ?? [], 0, " ms")}`);
    console.log(
      `  minimal Node loop ${summary(rows.minimal ?? [], 0, " ms")}  (${summary(rows.minimalRatio ?? [], 2, "×")} xargs)`,
    );
    console.log(
      `  switchyard daemon ${summary(rows.daemon ?? [], 0, " ms")}  (${summary(rows.ratio ?? [], 2, "×")} xargs)  [target ≤ 3×]`,
    );
    console.log(
      `  per task: ${summary(rows.perTask1k ?? [], 2, " ms")} with ${DRAIN} waiting, ${summary(rows.perTask10k ?? [], 2, " ms")} with ${DEEP} waiting (${summary(rows.depthRatio ?? [], 2, "×")})  [target ≤ 1.2×]`,
    );
  }
  if (wanted("latency")) {
    const p50s: number[] = [];
    const p95s: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const latencies = await dropToSpawn();
      p50s.push(percentile(latencies, 50));
      p95s.push(percentile(latencies, 95));
    }
    console.log(
      `drop (rename) → spawn, ${LATENCY_SAMPLES} drops: p50 ${summary(p50s, 1, " ms")}, p95 ${summary(p95s, 1, " ms")}  [target p50 < 15 ms]`,
    );
  }
  if (wanted("status")) {
    const results: StatusResult[] = [];
    for (let run = 0; run < RUNS; run++) results.push(await statusAtScale());
    const column = (key: keyof StatusResult) => results.map((result) => result[key]);
    console.log(
      `status with ${DEEP.toLocaleString("en")} waiting and ${ARCHIVED.toLocaleString("en")} archived (${(((results[0]?.apiBytes ?? 0) / 1024 / 1024) as number).toFixed(1)} MB of JSON):`,
    );
    console.log(`  status --json, no daemon, beyond process start: ${summary(column("cliMs"), 0, " ms")}`);
    console.log(
      `  status --json, daemon running, beyond process start: ${summary(column("cliWithDaemonMs"), 0, " ms")}`,
    );
    console.log(`  GET /api/status p50: ${summary(column("apiMs"), 0, " ms")}  [target < 100 ms]`);
    console.log(
      `  GET /api/status during a ${DRAIN}-task drain: p50 ${summary(column("apiDrainP50Ms"), 0, " ms")}, max ${summary(column("apiDrainMaxMs"), 0, " ms")}`,
    );
  }
  if (wanted("dashboard")) {
    const without: DrainResult[] = [];
    const withFeed: DrainResult[] = [];
    const drain = Number(process.env.BENCH_DASHBOARD_TASKS ?? DRAIN);
    for (let run = 0; run < RUNS; run++) {
      without.push(await daemonDrain({ waiting: drain, archived: ARCHIVED, drain }));
      withFeed.push(await daemonDrain({ waiting: drain, archived: ARCHIVED, drain, dashboard: true }));
    }
    console.log(`${drain} tasks with ${ARCHIVED.toLocaleString("en")} archived:`);
    console.log(
      `  dashboard closed: ${summary(
        without.map((run) => run.wallMs),
        0,
        " ms",
      )}`,
    );
    console.log(
      `  dashboard open:   ${summary(
        withFeed.map((run) => run.wallMs),
        0,
        " ms",
      )}  (${summary(
        withFeed.map((run, index) => run.wallMs / (without[index]?.wallMs ?? Number.NaN)),
        2,
        "×",
      )})  [target ≤ 1.5×]; events ${summary(withFeed.map((run) => run.events))}; file-handle errors ${summary(
        [...without, ...withFeed].map((run) => run.fileErrors),
      )}; failed runs ${summary([...without, ...withFeed].map((run) => run.failedRuns))}`,
    );
  }
  if (wanted("memory")) {
    const count = Number(process.env.BENCH_MEMORY_TASKS ?? DEEP);
    for (const dashboard of process.env.BENCH_MEMORY_DASHBOARD === "closed" ? [false] : [false, true]) {
      const growth: number[] = [];
      const after: number[] = [];
      const settled: number[] = [];
      const fresh: number[] = [];
      for (let run = 0; run < Number(process.env.BENCH_MEMORY_RUNS ?? RUNS); run++) {
        const memory = await memoryAfter(count, dashboard);
        fresh.push(memory.freshMiB);
        after.push(memory.afterMiB);
        settled.push(memory.settledMiB);
        growth.push(memory.settledMiB / memory.freshMiB);
      }
      console.log(
        `daemon RSS, dashboard ${dashboard ? "open" : "closed"}: fresh ${summary(fresh, 0, " MiB")}; after ${count.toLocaleString("en")} tasks ${summary(after, 0, " MiB")} at 3 s, ${summary(settled, 0, " MiB")} at 15 s (${summary(growth, 2, "×")} fresh)  [target ≤ 1.2×]`,
      );
    }
  }
}

const loadAverage = (): string =>
  loadavg()
    .map((load) => load.toFixed(2))
    .join(" ");
