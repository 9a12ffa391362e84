/**
 * Which crew root the app opens (ARCHITECTURE.md, "The crew root"): `$SWITCHYARD_ROOT`, else the last root it opened
 * (remembered in `~/.config/switchyard/last-root`), else `./crew`, initialised on first use.
 * Shared by the tray app and the `npm start` fallback, so both open the same crew.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { crewPaths, initCrewRoot, pathExists } from "../core/crew-root.js";
import { readIfExists } from "../core/fs/read-if-exists.js";

export interface RootSources {
  env: NodeJS.ProcessEnv;
  home: string;
  cwd: string;
}

export const lastRootFile = (home: string, env: NodeJS.ProcessEnv = {}): string =>
  join(env.XDG_CONFIG_HOME || join(home, ".config"), "switchyard", "last-root");

export async function chooseRoot(sources: RootSources): Promise<string> {
  if (sources.env.SWITCHYARD_ROOT) return resolve(sources.cwd, sources.env.SWITCHYARD_ROOT);
  const remembered = ((await readIfExists(lastRootFile(sources.home, sources.env))) ?? "").trim();
  if (remembered && (await pathExists(crewPaths(remembered).coordination))) return remembered;
  return resolve(sources.cwd, "crew");
}

/** Creates what is missing (never overwriting) and remembers the root for the next start. */
export async function openAppRoot(root: string, sources: Pick<RootSources, "home" | "env">): Promise<void> {
  await initCrewRoot(root);
  const file = lastRootFile(sources.home, sources.env);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${root}\n`);
}
