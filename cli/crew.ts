/** Opens the crew root a command runs against: located, checked and with its config loaded. */
import type { Config } from "../shared/config.js";
import { loadConfig } from "../core/config/config-file.js";
import { crewPaths, pathExists, resolveRoot } from "../core/crew-root.js";
import { CliError, type Io, type ParsedCommandArgs, stringOption } from "./command.js";

export interface Crew {
  root: string;
  config: Config;
}

export async function openCrew(args: ParsedCommandArgs, io: Io): Promise<Crew> {
  const root = resolveRoot(stringOption(args, "root"), io.env, io.cwd);
  if (!(await pathExists(crewPaths(root).coordination)))
    throw new CliError(
      `${root} is not a crew root (it has no coordination/ folder)`,
      1,
      `run: switchyard init ${root}`,
    );
  const loaded = await loadConfig(root);
  if (!loaded.ok)
    throw new CliError(
      `switchyard.json is invalid:\n  ${loaded.problems.join("\n  ")}`,
      1,
      "fix the keys named above",
    );
  return { root, config: loaded.config };
}
