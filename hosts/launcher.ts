/**
 * `npm start`: the tray app where the Electron runtime is installed; otherwise the headless
 * host on the same crew root, printing the dashboard address (ARCHITECTURE.md, "Hosts, the CLI and status").
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { fileURLToPath } from "node:url";
import { chooseRoot, openAppRoot } from "./app-root.js";
import { runCli } from "../cli/main.js";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

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

export async function launch(argv: string[], env = process.env): Promise<number> {
  const electron = electronBinary();
  if (electron) {
    const child = spawn(electron, [REPO_ROOT, ...argv], { stdio: "inherit", env });
    return new Promise((resolve) => child.once("exit", (code) => resolve(code ?? 1)));
  }
  process.stdout.write("Electron runtime not installed here; running the headless host\n");
  const sources = { env, home: homedir(), cwd: process.cwd() };
  const root = await chooseRoot(sources);
  await openAppRoot(root, sources);
  return runCli(["daemon", "--root", root, ...argv]);
}
