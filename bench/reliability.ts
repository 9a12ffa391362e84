/**
 * Reliability figures (issue 10, docs/reliability.md): each fault tried against the real
 * daemon and CLI, and what came out: decisions and tasks kept, how fast status answers with
 * FIFOs in an inbox, how long a worker that left children takes to count as finished, how many
 * host crashes a crash-looping task gets, what a kill -9 leaves behind. `npm run bench:reliability`.
 * Linux only (FIFOs, /proc).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { initCrewRoot } from "../core/crew-root.js";
import { ms, percentile } from "./stats.js";

const BIN = fileURLToPath(new URL("../../bin/switchyard.js", import.meta.url));
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));
const BASE = { costs: { importInteractive: false }, notifications: { desktop: false } };
const WRITES_OUTPUT = { command: "sh", args: ["-c", 'echo ok > "$SWITCHYARD_EXPECTED_OUTPUT"'] };

async function crew(config: object): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "switchyard-bench-reliability-"));
  await initCrewRoot(root);
  await writeFile(join(root, "switchyard.json"), JSON.stringify({ ...BASE, ...config }));
  return root;
}

interface Daemon {
  child: ChildProcess;
  base: string;
  token: string;
  exited: Promise<void>;
}

/** A daemon on `root`, once it prints its dashboard; undefined when it dies first. */
async function daemon(root: string): Promise<Daemon | undefined> {
  const child = spawn(process.execPath, [BIN, "daemon", "--root", root], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let output = "";
  const dashboard = await new Promise<RegExpMatchArray | undefined>((resolve) => {
    const look = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /dashboard: (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/.exec(output);
      if (match) resolve(match);
    };
    child.stdout?.on("data", look);
    child.stderr?.on("data", look);
    void exited.then(() => resolve(undefined));
  });
  return dashboard ? { child, base: dashboard[1] ?? "", token: dashboard[2] ?? "", exited } : undefined;
}

const call = (d: Daemon, path: string, body?: unknown) =>
  fetch(`${d.base}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { Authorization: `Bearer ${d.token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function stop(d: Daemon | undefined, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (!d || d.child.exitCode !== null || d.child.signalCode !== null) return;
  d.child.kill(signal);
  await d.exited;
}

const cli = (args: string[]) =>
  new Promise<number | null>((resolve) => spawn(process.execPath, [BIN, ...args]).once("exit", resolve));

const visible = async (root: string, dir: string) =>
  (await readdir(join(root, "coordination", dir))).filter((name) => !name.startsWith("."));

async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await sleep(25);
  }
  return true;
}

const approvals = async (root: string) =>
  Object.values(
    JSON.parse(await readFile(join(root, ".switchyard/approvals.json"), "utf8").catch(() => "{}")) as Record<
      string,
      { state: string }
    >,
  ).filter((decision) => decision.state === "approved").length;

async function dropWaiting(root: string, count: number, prefix: string): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, index) => `${prefix}-${index}`);
  for (const id of ids)
    await writeFile(
      join(root, "coordination/for_agent_a", `${id}.md`),
      `TASK: ship ${id}\nAPPROVAL: required\nEXPECTED_OUTPUT: outputs/${id}.md\n`,
    );
  return ids;
}

async function parallelApprovals(rounds: number): Promise<void> {
  let viaCli = 0;
  let viaApi = 0;
  for (let round = 0; round < rounds; round++) {
    const root = await crew({ worker: WRITES_OUTPUT });
    const ids = await dropWaiting(root, 12, "cli");
    await Promise.all(ids.map((id) => cli(["task", "approve", id, "--root", root])));
    viaCli += await approvals(root);
    const d = await daemon(root);
    if (!d) throw new Error("the daemon did not start");
    const apiIds = await dropWaiting(root, 12, "api");
    await Promise.all(apiIds.map((id) => call(d, "/api/approve", { id })));
    await until(async () => (await visible(root, "completed")).length === 24);
    viaApi += (await visible(root, "completed")).filter((name) => name.startsWith("api-")).length;
    await stop(d);
    await rm(root, { recursive: true, force: true });
  }
  console.log(
    `parallel approvals: ${viaCli}/${rounds * 12} from 12 \`task approve\` processes at once stored`,
  );
  console.log(
    `                    ${viaApi}/${rounds * 12} approved through 12 POST /api/approve at once ran`,
  );
}

async function parallelAdds(): Promise<void> {
  const root = await crew({ worker: WRITES_OUTPUT, agents: { "agent-a": { concurrency: 0 } } });
  const d = await daemon(root);
  if (!d) throw new Error("the daemon did not start");
  await Promise.all([
    ...Array.from({ length: 12 }, (_, n) =>
      call(d, "/api/addTask", { agent: "agent-a", task: "Same", context: `${n}` }),
    ),
    ...Array.from({ length: 8 }, () => cli(["task", "add", "--to", "agent-a", "--root", root, "Same"])),
  ]);
  const files = await visible(root, "for_agent_a");
  console.log(
    `parallel adds: ${files.length}/20 files from 12 API and 8 CLI adds of one text, ${new Set(files).size} ids`,
  );
  await stop(d);
  await rm(root, { recursive: true, force: true });
}

async function statusLatency(d: Daemon, samples = 20): Promise<number> {
  const times: number[] = [];
  for (let n = 0; n < samples; n++) {
    const started = performance.now();
    await call(d, "/api/status");
    times.push(performance.now() - started);
  }
  return percentile(times, 50);
}

async function specialFiles(): Promise<void> {
  const root = await crew({ worker: WRITES_OUTPUT });
  const d = await daemon(root);
  if (!d) throw new Error("the daemon did not start");
  const before = await statusLatency(d);
  const inbox = join(root, "coordination/for_agent_a");
  for (let n = 0; n < 8; n++) execFileSync("mkfifo", [join(inbox, `fifo-${n}.md`)]);
  await symlink("/dev/zero", join(inbox, "zero.md"));
  await sleep(500);
  const after = await statusLatency(d);
  await writeFile(join(inbox, "real.md"), "TASK: a real task\nEXPECTED_OUTPUT: outputs/real.md\n");
  const started = performance.now();
  await until(async () => (await visible(root, "completed")).includes("real.md"));
  console.log(
    `FIFOs in an inbox: status answers in ${ms(after)} (median of 20) with 8 FIFOs and a symlink to /dev/zero, ${ms(before)} without; a task dropped after them ran in ${ms(performance.now() - started)}`,
  );
  await stop(d);
  await rm(root, { recursive: true, force: true });
}

/** Peak resident memory of a process so far, in MiB. */
async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

async function hugeLine(): Promise<void> {
  const root = await crew({
    worker: {
      command: "sh",
      args: [
        "-c",
        "head -c 600000000 /dev/zero | tr '\\0' a; echo; echo ok > \"$SWITCHYARD_EXPECTED_OUTPUT\"",
      ],
    },
  });
  const d = await daemon(root);
  if (!d) throw new Error("the daemon did not start");
  const started = performance.now();
  await writeFile(
    join(root, "coordination/for_agent_a/loud.md"),
    "TASK: shout\nEXPECTED_OUTPUT: outputs/loud.md\n",
  );
  const finished = await until(async () => (await visible(root, "completed")).length === 1, 120_000);
  const record = JSON.parse(
    await readFile(join(root, ".switchyard/runs/loud/run.json"), "utf8").catch(() => "{}"),
  );
  console.log(
    `600 MB line: ${finished ? "done" : "not done"} in ${ms(performance.now() - started)}; daemon peak RSS ${(await peakRssMiB(d.child.pid ?? 0)).toFixed(0)} MiB; record: "${record.attempts?.[0]?.stdoutCapped}"`,
  );
  await stop(d);
  await rm(root, { recursive: true, force: true });
}

async function leftChildren(): Promise<void> {
  const times: number[] = [];
  for (const script of [
    'sleep 311 & echo ok > "$SWITCHYARD_EXPECTED_OUTPUT"',
    'setsid sleep 311 & echo ok > "$SWITCHYARD_EXPECTED_OUTPUT"',
  ]) {
    const root = await crew({
      worker: { command: "sh", args: ["-c", `${script}; date +%s%3N > outputs/exited`] },
    });
    const d = await daemon(root);
    if (!d) throw new Error("the daemon did not start");
    await writeFile(
      join(root, "coordination/for_agent_a/job.md"),
      "TASK: job\nEXPECTED_OUTPUT: outputs/job.md\n",
    );
    await until(async () => (await visible(root, "completed")).includes("job.md"));
    const exitedAt = Number(await readFile(join(root, "outputs/exited"), "utf8"));
    times.push((await stat(join(root, "coordination/completed/job.md"))).mtimeMs - exitedAt);
    await stop(d);
    await rm(root, { recursive: true, force: true });
  }
  const left = execFileSync("sh", ["-c", "pgrep -f '^sleep 311' || true"], { encoding: "utf8" }).trim();
  console.log(
    `worker that leaves children: archived ${ms(times[0] ?? Number.NaN)} after it exited (background child), ${ms(times[1] ?? Number.NaN)} (setsid child); children left running: ${left ? left.split("\n").length : 0}`,
  );
}

async function crashLoop(): Promise<void> {
  const root = await crew({
    worker: { command: "sh", args: ["-c", "kill -9 $PPID; sleep 1"], maxAttempts: 2 },
  });
  await writeFile(join(root, "coordination/for_agent_a/bomb.md"), "TASK: take the host down\n");
  let starts = 0;
  while (starts < 10 && (await visible(root, "failed")).length === 0) {
    starts++;
    const d = await daemon(root);
    if (d) await Promise.race([d.exited, until(async () => (await visible(root, "failed")).length > 0)]);
    await stop(d);
  }
  console.log(
    `crash loop (maxAttempts 2): the task failed after ${starts} daemon starts (${starts - 1} crashed)`,
  );
  await rm(root, { recursive: true, force: true });
}

async function killNine(rounds: number): Promise<void> {
  const root = await crew({
    worker: {
      command: "sh",
      args: ["-c", 'sleep 0.2; echo ok > "$SWITCHYARD_EXPECTED_OUTPUT"'],
      concurrency: 4,
    },
    agents: { "agent-a": { concurrency: 4 } },
  });
  for (let n = 0; n < 40; n++)
    await writeFile(
      join(root, "coordination/for_agent_a", `t-${n}.md`),
      `TASK: t ${n}\nEXPECTED_OUTPUT: outputs/t-${n}.md\n`,
    );
  for (let round = 0; round < rounds; round++) {
    const d = await daemon(root);
    await sleep(150 + Math.random() * 400);
    await stop(d, "SIGKILL");
  }
  const d = await daemon(root);
  const settled = async () =>
    (await visible(root, "completed")).length + (await visible(root, "failed")).length;
  await until(async () => (await settled()) === 40);
  await stop(d);
  const leftovers: string[] = [];
  for (const dir of [
    "coordination/for_agent_a",
    "coordination/in_progress",
    "coordination/completed",
    ".switchyard",
  ])
    for (const name of await readdir(join(root, dir)))
      if (/\.(tmp|guard|removing)$/.test(name) || name.startsWith(".claim."))
        leftovers.push(`${dir}/${name}`);
  const done = (await visible(root, "completed")).length;
  const failed = (await visible(root, "failed")).length;
  console.log(
    `kill -9 of the daemon ${rounds} times mid-run: ${done}/40 done, ${failed} failed as crash loops (running during 3 of the kills, maxAttempts), ${40 - done - failed} lost; ${leftovers.length} temp files, guards or parked claims left`,
  );
  await rm(root, { recursive: true, force: true });
}

export async function runReliabilityBench(): Promise<void> {
  if (process.platform !== "linux") {
    console.log("reliability: skipped (FIFOs and /proc: Linux only)");
    return;
  }
  console.log("reliability (issue 10)");
  const only = process.argv[2];
  const parts: [string, () => Promise<void>][] = [
    ["approvals", () => parallelApprovals(5)],
    ["adds", parallelAdds],
    ["fifos", specialFiles],
    ["line", hugeLine],
    ["children", leftChildren],
    ["crash-loop", crashLoop],
    ["kill-9", () => killNine(10)],
  ];
  for (const [name, part] of parts) if (!only || only === name) await part();
}

if (import.meta.url === `file://${process.argv[1]}`) await runReliabilityBench();
