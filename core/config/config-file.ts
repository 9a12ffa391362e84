/** `switchyard.json` on disk: loaded (a missing file is the default config, a bad one says which key) and saved only when valid. */
import type { ActionResult } from "../../shared/bridge.js";
import { type Config, type ConfigResult, parseConfig } from "../../shared/config.js";
import { crewPaths } from "../crew-root.js";
import { writeAtomic } from "../fs/atomic-write.js";
import { readIfExists } from "../fs/read-if-exists.js";

export async function loadConfig(root: string): Promise<ConfigResult> {
  return parseConfig(await readIfExists(crewPaths(root).config));
}

/** The file as the operator wrote it (`{}` when there is none), with what is wrong in it. */
export async function readConfigText(root: string): Promise<{ text: string; problems: string[] }> {
  const text = (await readIfExists(crewPaths(root).config)) ?? "{}\n";
  const parsed = parseConfig(text);
  return { text, problems: parsed.ok ? [] : parsed.problems };
}

/** Writes `text` only when it is a valid config; returns the config it now holds. */
export async function saveConfig(
  root: string,
  text: string,
): Promise<(ActionResult & { ok: false }) | { ok: true; config: Config }> {
  const parsed = parseConfig(text);
  if (!parsed.ok) return { ok: false, reason: parsed.problems.join("; ") };
  await writeAtomic(crewPaths(root).config, text.endsWith("\n") ? text : `${text}\n`);
  return { ok: true, config: parsed.config };
}
