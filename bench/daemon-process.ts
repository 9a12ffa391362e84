/**
 * A real `switchyard daemon` for the benchmarks: spawned from the built CLI as a user would
 * start it, observed only from outside (its stdout lines, /proc, its HTTP API).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../bin/switchyard.js", import.meta.url));

export interface BenchDaemon {
  child: ChildProcess;
  spawnedAt: number;
  /** performance.now() of each `done <id>` line, in order. */
  doneAt: number[];
  /** Lines on stderr (file-handle errors and failed runs show up here). */
  errors: string[];
  dashboard: { url: string; token: string };
  /** Resolves once `count` tasks are done (or rejects if the daemon exits first). */
  whenDone(count: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startBenchDaemon(root: string): Promise<BenchDaemon> {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [BIN, "daemon", "--root", root, "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const doneAt: number[] = [];
  const errors: string[] = [];
  const waiters = new Set<() => void>();
  let output = "";
  let partial = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    const now = performance.now();
    const lines = (partial + chunk.toString("utf8")).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      if (line.startsWith("done ")) doneAt.push(now);
      else if (output.length < 10_000) output += `${line}\n`;
    }
    for (const waiter of waiters) waiter();
  });
  let errorPartial = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    const lines = (errorPartial + chunk.toString("utf8")).split("\n");
    errorPartial = lines.pop() ?? "";
    errors.push(...lines.filter(Boolean));
  });
  const exited = once(child, "exit");
  const whenOutput = (test: () => boolean, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!test()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`daemon: ${what} did not happen:\n${output}\n${errors.slice(-20).join("\n")}`));
      }, timeoutMs);
      waiters.add(check);
      void exited.then(() => {
        if (!waiters.has(check)) return;
        waiters.delete(check);
        clearTimeout(timer);
        reject(new Error(`daemon exited before ${what}:\n${output}\n${errors.slice(-20).join("\n")}`));
      });
      check();
    });
  await whenOutput(() => /dashboard: (\S+)#token=(\S+)/.test(output), 120_000, "start-up");
  const [, url = "", token = ""] = /dashboard: (\S+)#token=(\S+)/.exec(output) ?? [];
  return {
    child,
    spawnedAt,
    doneAt,
    errors,
    dashboard: { url, token },
    whenDone: (count, timeoutMs = 3_600_000) =>
      whenOutput(() => doneAt.length >= count, timeoutMs, `${count} tasks done`),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}

export async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

/** The dashboard's live feed held open, as a window would: every event read and parsed. */
export function openDashboardFeed(daemon: BenchDaemon): { events: () => number; close: () => void } {
  const controller = new AbortController();
  let events = 0;
  void (async () => {
    try {
      const response = await fetch(new URL("api/events", daemon.dashboard.url), {
        headers: { Authorization: `Bearer ${daemon.dashboard.token}` },
        signal: controller.signal,
      });
      const decoder = new TextDecoder();
      let buffered = "";
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        const frames = buffered.split("\n\n");
        buffered = frames.pop() ?? "";
        for (const frame of frames)
          if (frame.startsWith("data: ")) {
            JSON.parse(frame.slice(6));
            events++;
          }
      }
    } catch {
      // closed by the bench, or the daemon stopped
    }
  })();
  return { events: () => events, close: () => controller.abort() };
}

/** One `GET /api/status`: its wall time and the body size. */
export async function timedApiStatus(daemon: BenchDaemon): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(new URL("api/status", daemon.dashboard.url), {
    headers: { Authorization: `Bearer ${daemon.dashboard.token}` },
  });
  const body = await response.arrayBuffer();
  if (!response.ok) throw new Error(`GET /api/status answered ${response.status}`);
  return { ms: performance.now() - started, bytes: body.byteLength };
}
