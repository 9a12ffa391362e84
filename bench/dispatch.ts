/**
 * Engine dispatch benchmark (issue 3): drop-to-spawn latency of a watched inbox, and the
 * wall time of 200 no-op tasks at concurrency 4 next to `xargs -P4` running the same command.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../shared/config.js";
import { initCrewRoot } from "../core/crew-root.js";
import { Engine } from "../core/engine/engine.js";
import { bar, ms, percentile } from "./stats.js";

const TASKS = 200;
const CONCURRENCY = 4;
const LATENCY_SAMPLES = 60;

async function crewFor(
  command: string,
  args: string[],
): Promise<{ root: string; engineConfig: ReturnType<typeof configFor> }> {
  const root = await mkdtemp(join(tmpdir(), "switchyard-bench-"));
  await initCrewRoot(root);
  return { root, engineConfig: configFor(command, args) };
}

function configFor(command: string, args: string[]) {
  const parsed = parseConfig(
    JSON.stringify({
      worker: { command, args, concurrency: CONCURRENCY },
      agents: { "agent-a": { concurrency: CONCURRENCY } },
    }),
  );
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.config;
}

/** Writes a task the way a careful writer does: a dot-name, then a rename into the inbox. */
async function dropTask(root: string, name: string): Promise<number> {
  const inbox = join(root, "coordination/for_agent_a");
  const temp = join(inbox, `.${name}.tmp`);
  await writeFile(temp, `TASK: no-op ${name}\nPRIORITY: normal\n`);
  const at = performance.now();
  await rename(temp, join(inbox, `${name}.md`));
  return at;
}

async function dropToSpawnLatency(): Promise<number[]> {
  const { root, engineConfig } = await crewFor("true", []);
  const engine = new Engine({ root, config: engineConfig, watch: true });
  await engine.start();
  const latencies: number[] = [];
  for (let index = 0; index < LATENCY_SAMPLES; index++) {
    const started = new Promise<number>((resolve) =>
      engine.once("event", function wait(event) {
        if (event.type === "worker-started") resolve(performance.now());
        else engine.once("event", wait);
      }),
    );
    const droppedAt = await dropTask(root, `latency-${index}`);
    latencies.push((await started) - droppedAt);
    await engine.whenIdle();
  }
  await engine.stop();
  await rm(root, { recursive: true, force: true });
  return latencies;
}

async function engineWallTime(command: string, args: string[]): Promise<number> {
  const { root, engineConfig } = await crewFor(command, args);
  for (let index = 0; index < TASKS; index++) await dropTask(root, `task-${String(index).padStart(3, "0")}`);
  const engine = new Engine({ root, config: engineConfig, watch: false });
  const started = performance.now();
  await engine.start();
  await engine.whenIdle();
  const elapsed = performance.now() - started;
  await engine.stop();
  await rm(root, { recursive: true, force: true });
  return elapsed;
}

function xargsWallTime(command: string, args: string[]): number {
  const input = Array.from({ length: TASKS }, (_, index) => `task-${index}`).join("\n");
  const started = performance.now();
  // `sh -c 'cmd' _ {}` runs the same command once per line, 4 at a time, like the engine.
  execFileSync(
    "xargs",
    ["-P", String(CONCURRENCY), "-n", "1", "sh", "-c", `${[command, ...args].join(" ")}`, "_"],
    { input },
  );
  return performance.now() - started;
}

export async function runDispatchBench(): Promise<Record<string, number>> {
  const latencies = await dropToSpawnLatency();
  const p50 = percentile(latencies, 50);
  const p95 = percentile(latencies, 95);
  console.log(
    `drop-to-spawn latency (${LATENCY_SAMPLES} drops into a watched inbox): p50 ${ms(p50)}, p95 ${ms(p95)}  [target p50 < 100 ms]`,
  );
  const results: Record<string, number> = { latencyP50Ms: p50, latencyP95Ms: p95 };
  for (const [label, command, args] of [
    ["no-op `true`", "true", []],
    ["`sleep 0.1`", "sleep", ["0.1"]],
  ] as const) {
    const ours = await engineWallTime(command, [...args]);
    const xargs = xargsWallTime(command, [...args]);
    const ratio = ours / xargs;
    const perTask = ((ours - xargs) * CONCURRENCY) / TASKS;
    console.log(`${TASKS} tasks of ${label} at concurrency ${CONCURRENCY}:`);
    console.log(`  switchyard ${bar(ours, Math.max(ours, xargs))} ${ms(ours)}`);
    console.log(`  xargs -P4  ${bar(xargs, Math.max(ours, xargs))} ${ms(xargs)}`);
    console.log(
      `  ratio ${ratio.toFixed(2)}  (overhead ≈ ${ms(perTask)} per task per slot)  [target ratio < 1.5]`,
    );
    results[`${command}Ratio`] = ratio;
    results[`${command}OursMs`] = ours;
    results[`${command}XargsMs`] = xargs;
  }
  return results;
}
