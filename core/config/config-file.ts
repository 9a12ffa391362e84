/** Loads `switchyard.json`; a missing file is the default config, a bad one says which key. */
import { readFile } from "node:fs/promises";
import { type ConfigResult, parseConfig } from "../../shared/config.js";
import { crewPaths } from "../crew-root.js";

export async function loadConfig(root: string): Promise<ConfigResult> {
  let text: string | undefined;
  try {
    text = await readFile(crewPaths(root).config, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  return parseConfig(text);
}
