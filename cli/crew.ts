/** Opens the crew root a command runs against: located, checked, its config loaded, its shared objects built. */
import { loadConfig } from "../core/config/config-file.js";
import { type CrewContext, createCrewContext } from "../core/crew-context.js";
import { crewPaths, pathExists, resolveRoot } from "../core/crew-root.js";
import { CliError, type Io, type ParsedCommandArgs, stringOption } from "./command.js";

export async function openCrew(args: ParsedCommandArgs, io: Io): Promise<CrewContext> {
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
  const { config } = loaded;
  return createCrewContext(root, () => config);
}
