/**
 * Which crew root the app opens (ARCHITECTURE.md, "The crew root"): `$SWITCHYARD_ROOT`, else the last root it opened
 * (remembered in `~/.config/switchyard/last-root`), else a per-user data folder, initialised on first use.
 * Never a folder inside the current directory: `npm start` runs in the project's checkout, and a crew
 * root there would mix the operator's tasks with the source (and trip the tooling that reads it).
 * Shared by the tray app and the `npm start` fallback, so both open the same crew.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, posix, resolve, win32 } from "node:path";
import { crewPaths, initCrewRoot, pathExists } from "../core/crew-root.js";
import { readIfExists } from "../core/fs/read-if-exists.js";

export interface RootSources {
  env: NodeJS.ProcessEnv;
  home: string;
  cwd: string;
  /** The OS whose conventions name the per-user data folder; this machine's when absent. */
  platform?: NodeJS.Platform;
}

export const lastRootFile = (home: string, env: NodeJS.ProcessEnv = {}): string =>
  join(env.XDG_CONFIG_HOME || join(home, ".config"), "switchyard", "last-root");

/**
 * The crew root a first start creates: where each OS keeps an application's per-user data
 * (XDG_DATA_HOME on Linux and the BSDs, Application Support on macOS, %APPDATA% on Windows).
 */
export function defaultCrewRoot(
  home: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === "win32")
    return win32.join(env.APPDATA || win32.join(home, "AppData", "Roaming"), "Switchyard", "crew");
  if (platform === "darwin") return posix.join(home, "Library", "Application Support", "Switchyard", "crew");
  return posix.join(env.XDG_DATA_HOME || posix.join(home, ".local", "share"), "switchyard", "crew");
}

export type RootChoice = { root: string; why: "environment" | "remembered" | "default" };

export async function chooseRoot(sources: RootSources): Promise<string> {
  return (await chooseRootWithReason(sources)).root;
}

/** The root, and why it was chosen: the operator is told where their crew lives and how to move it. */
export async function chooseRootWithReason(sources: RootSources): Promise<RootChoice> {
  if (sources.env.SWITCHYARD_ROOT)
    return { root: resolve(sources.cwd, sources.env.SWITCHYARD_ROOT), why: "environment" };
  const remembered = ((await readIfExists(lastRootFile(sources.home, sources.env))) ?? "").trim();
  if (remembered && (await pathExists(crewPaths(remembered).coordination)))
    return { root: remembered, why: "remembered" };
  return { root: defaultCrewRoot(sources.home, sources.env, sources.platform), why: "default" };
}

/** One line for the operator: where the crew lives and how to choose another. */
export function describeRootChoice(choice: RootChoice): string {
  const how = "set SWITCHYARD_ROOT=DIR to open another";
  if (choice.why === "environment") return `crew root: ${choice.root} (from SWITCHYARD_ROOT)`;
  if (choice.why === "remembered") return `crew root: ${choice.root} (the last one opened; ${how})`;
  return `crew root: ${choice.root} (the per-user default; ${how})`;
}

/** Creates what is missing (never overwriting) and remembers the root for the next start. */
export async function openAppRoot(root: string, sources: Pick<RootSources, "home" | "env">): Promise<void> {
  await initCrewRoot(root);
  const file = lastRootFile(sources.home, sources.env);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${root}\n`);
}
