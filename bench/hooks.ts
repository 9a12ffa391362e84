/**
 * Sessions benchmark (issue 13): what an installed hook costs the operator's Claude Code on each
 * event (the dedicated `switchyard hook` path against the whole CLI and a bare Node start), how
 * soon the host sees what a hook wrote, and a permission request's round trip through the files.
 */
import { spawnSync } from "node:child_process";
import { appendFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { runHook } from "../cli/hook.js";
import { parseConfig } from "../shared/config.js";
import { crewPaths, initCrewRoot } from "../core/crew-root.js";
import { PermissionBroker } from "../core/permissions/permission-broker.js";
import { askOperator } from "../core/permissions/permission-files.js";
import { SessionTracker } from "../core/sessions/session-tracker.js";
import { ms, percentile } from "./stats.js";

const RUNS = 40;
const BIN = fileURLToPath(new URL("../../bin/switchyard.js", import.meta.url));

const event = (root: string, index: number) =>
  JSON.stringify({
    session_id: "bench-session",
    transcript_path: "/tmp/none.jsonl",
    cwd: root,
    hook_event_name: "PostToolUse",
    tool_name: "Write",
    tool_input: { file_path: join(root, `outputs/file-${index}.md`), content: "x".repeat(2_000) },
    tool_use_id: `toolu_${index}`,
  });

function timeProcess(args: string[], input: string): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { input, stdio: ["pipe", "ignore", "ignore"] });
  if (result.status !== 0) throw new Error(`${args.join(" ")} exited ${result.status}`);
  return performance.now() - started;
}

function line(label: string, samples: number[]): void {
  console.log(
    `  ${label.padEnd(44)} p50 ${ms(percentile(samples, 50))}   p95 ${ms(percentile(samples, 95))}`,
  );
}

export async function runHooksBench(): Promise<void> {
  console.log("sessions: hooks, session visibility, permission round trip");
  const root = await mkdtemp(join(tmpdir(), "switchyard-bench-hooks-"));
  await initCrewRoot(root);
  const parsed = parseConfig(JSON.stringify({ permissions: { waitSeconds: 60 } }));
  if (!parsed.ok) throw new Error("config");
  const config = parsed.config;
  try {
    const bare: number[] = [];
    const fast: number[] = [];
    const full: number[] = [];
    for (let index = 0; index < RUNS; index++) {
      bare.push(timeProcess(["-e", ""], ""));
      fast.push(timeProcess([BIN, "hook", "PostToolUse", "--root", root], event(root, index)));
      // The same hook through the whole CLI (a leading option skips bin/switchyard.js's short path).
      full.push(timeProcess([BIN, "--root", root, "hook", "PostToolUse"], event(root, index)));
    }
    line("node start, nothing else", bare);
    line("switchyard hook PostToolUse (its own entry)", fast);
    line("the same through the whole CLI", full);

    const inProcess: number[] = [];
    for (let index = 0; index < RUNS; index++) {
      const started = performance.now();
      await runHook(["PostToolUse", "--root", root], {
        stdin: Readable.from([Buffer.from(event(root, index))]),
        out: () => undefined,
        err: () => undefined,
        env: {},
        cwd: root,
        parentPid: process.pid,
      });
      inProcess.push(performance.now() - started);
    }
    line("its work once started (parse, append)", inProcess);

    const notifier = { notify: async () => undefined as never };
    const tracker = new SessionTracker({ root, config: () => config, notifier, pollMs: 1_000 });
    await tracker.start();
    const seen: number[] = [];
    const log = crewPaths(root).sessionEvents;
    await mkdir(dirname(log), { recursive: true });
    for (let index = 0; index < 20; index++) {
      const started = performance.now();
      const changed = new Promise<void>((resolve) => tracker.once("change", () => resolve()));
      await appendFile(
        log,
        `${JSON.stringify({ v: 1, at: new Date().toISOString(), event: "Stop", session: `s${index}`, cwd: root })}\n`,
      );
      await changed;
      seen.push(performance.now() - started);
    }
    await tracker.stop();
    line("hook line appended → host's session list", seen);

    const broker = new PermissionBroker({ root, config: () => config, notifier, pollMs: 1_000 });
    await broker.start();
    const roundTrips: number[] = [];
    for (let index = 0; index < 20; index++) {
      const started = performance.now();
      const answered = broker.once("change", () => {
        const [request] = broker.pending();
        if (request) void broker.answer(request.id, "allow-once");
      });
      const outcome = await askOperator(root, {
        source: "worker",
        taskId: "bench",
        tool: "Bash",
        input: { command: "true" },
      });
      answered.removeAllListeners("change");
      if (outcome.kind !== "answered") throw new Error(`round trip ${index}: ${outcome.kind}`);
      roundTrips.push(performance.now() - started);
    }
    await broker.stop();
    line("permission asked → seen → answered → read", roundTrips);
    console.log("");
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
