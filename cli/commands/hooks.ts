import { installHooks, removeHooks } from "../../core/sessions/hooks-install.js";
import { resolveRoot } from "../../core/crew-root.js";
import { CliError, type Command, stringOption, UsageError } from "../command.js";
import { openCrew } from "../crew.js";
import { runHook } from "../hook.js";
import { permissionPromptMain } from "../permission-prompt.js";

export const hooksInstallCommand: Command = {
  path: ["hooks", "install"],
  summary:
    "report every Claude Code session in the crew root to the crew (adds hooks to .claude/settings.local.json)",
  options: {},
  async run(args, io) {
    const crew = await openCrew(args, io);
    const result = await installHooks(crew.root, { waitSeconds: crew.config().permissions.waitSeconds });
    if (!result.ok) throw new CliError(result.reason);
    io.out(
      `${result.path}: ${result.detail}\nClaude Code sessions started in ${crew.root} now show in \`switchyard status\` and the window's Sessions view.\n`,
    );
    return 0;
  },
};

export const hooksRemoveCommand: Command = {
  path: ["hooks", "remove"],
  summary: "take back exactly the hooks `hooks install` added (your own hooks stay)",
  options: {},
  async run(args, io) {
    const crew = await openCrew(args, io);
    const result = await removeHooks(crew.root);
    if (!result.ok) throw new CliError(result.reason);
    io.out(`${result.path}: ${result.detail}\n`);
    return 0;
  },
};

export const hookCommand: Command = {
  path: ["hook"],
  summary: "what the installed hooks run: record one Claude Code hook event (JSON on stdin); always exits 0",
  args: "<event>",
  options: {},
  async run(args, io) {
    const [event] = args.positionals;
    if (!event) throw new UsageError("hook needs the event name (SessionStart, PreToolUse, …)");
    const root = resolveRoot(stringOption(args, "root"), io.env, io.cwd);
    return runHook([event, "--root", root], {
      stdin: process.stdin,
      out: io.out,
      err: io.err,
      env: io.env,
      cwd: io.cwd,
      parentPid: process.ppid,
    });
  },
};

export const permissionPromptCommand: Command = {
  path: ["permission-prompt"],
  summary: "the MCP server a worker asks the operator through (its Claude Code starts it; not for people)",
  options: {},
  async run(_args, io) {
    await permissionPromptMain(io.env);
    return 0;
  },
};
