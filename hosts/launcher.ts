/**
 * `npm start`: the tray app where the Electron runtime is installed; otherwise the headless
 * host on the same crew root, printing the dashboard address (ARCHITECTURE.md, "Hosts, the CLI and status").
 *
 * `npm start` runs this under `sh -c`, and npm passes a TERM or INT it receives to that shell
 * only, which dies without passing it on: the host would go on serving, orphaned. So the host
 * lives exactly as long as whoever started it: signals are passed to the Electron child, and
 * when our parent goes away we stop as if told to.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { fileURLToPath } from "node:url";
import { isPidAlive } from "../core/process/pid.js";
import { chooseRootWithReason, describeRootChoice, openAppRoot } from "./app-root.js";
import { runCli } from "../cli/main.js";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PARENT_CHECK_MS = 500;
const STOP_SIGNALS: NodeJS.Signals[] = ["SIGTERM", "SIGINT", "SIGHUP"];

/**
 * The Electron binary's path, or undefined when the runtime is missing: the electron package
 * exports that path, and throws (or names a file that is not there) when its download failed.
 */
export function electronBinary(require = createRequire(import.meta.url)): string | undefined {
  try {
    // biome-ignore lint/style/noRestrictedImports: under plain Node the electron package exports only the path of its binary; nothing of Electron's API is loaded here.
    const path: unknown = require("electron");
    return typeof path === "string" && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Calls `onGone` once the process that started this one has exited (POSIX hands an orphan to
 * another parent; Windows keeps the old number, so its liveness is checked too).
 */
export function whenParentGone(onGone: () => void, intervalMs = PARENT_CHECK_MS): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent && isPidAlive(parent)) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

function runElectron(electron: string, argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child: ChildProcess = spawn(electron, [REPO_ROOT, ...argv], { stdio: "inherit", env });
  const pass = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of STOP_SIGNALS) process.on(signal, pass);
  const stopWatching = whenParentGone(() => pass("SIGTERM"));
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      stopWatching();
      for (const signal of STOP_SIGNALS) process.off(signal, pass);
      resolve(code ?? 1);
    }),
  );
}

export async function launch(argv: string[], env = process.env): Promise<number> {
  const electron = electronBinary();
  if (electron) return runElectron(electron, argv, env);
  process.stdout.write("Electron runtime not installed here; running the headless host\n");
  const sources = { env, home: homedir(), cwd: process.cwd() };
  const choice = await chooseRootWithReason(sources);
  process.stdout.write(`${describeRootChoice(choice)}\n`);
  await openAppRoot(choice.root, sources);
  // The daemon stops on TERM; an orphaned host gets one from itself.
  const stopWatching = whenParentGone(() => process.kill(process.pid, "SIGTERM"));
  try {
    return await runCli(["daemon", "--root", choice.root, ...argv]);
  } finally {
    stopWatching();
  }
}
