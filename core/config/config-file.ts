/**
 * `switchyard.json` on disk: loaded (a missing file is the default config, a bad one says which
 * key) and saved only when valid, under the file's guard so two saves never interleave.
 */
import type { ActionResult } from "../../shared/bridge.js";
import { type Config, type ConfigResult, parseConfig } from "../../shared/config.js";
import { crewPaths } from "../crew-root.js";
import { writeAtomic } from "../fs/atomic-write.js";
import { withFileGuard } from "../fs/file-guard.js";
import { readIfExists } from "../fs/read-if-exists.js";

/** The parsed config, and the text it came from ("" when there is no file). */
export async function loadConfig(root: string): Promise<ConfigResult & { text: string }> {
  const text = (await readIfExists(crewPaths(root).config)) ?? "";
  return { ...parseConfig(text), text };
}

/** The file as the operator wrote it (`{}` when there is none), with what is wrong in it. */
export async function readConfigText(root: string): Promise<{ text: string; problems: string[] }> {
  const text = (await readIfExists(crewPaths(root).config)) ?? "{}\n";
  const parsed = parseConfig(text);
  return { text, problems: parsed.ok ? [] : parsed.problems };
}

/** Writes `text` only when it is a valid config; returns the config it now holds and the text written. */
export async function saveConfig(
  root: string,
  text: string,
): Promise<(ActionResult & { ok: false }) | { ok: true; config: Config; text: string }> {
  const parsed = parseConfig(text);
  if (!parsed.ok) return { ok: false, reason: parsed.problems.join("; ") };
  const written = text.endsWith("\n") ? text : `${text}\n`;
  const path = crewPaths(root).config;
  await withFileGuard(path, () => writeAtomic(path, written));
  return { ok: true, config: parsed.config, text: written };
}
