import { listInboxes } from "../../core/crew-root.js";
import { DEFAULT_SESSION, listPanes, panesDown, panesUp } from "../../core/panes/tmux-panes.js";
import { installHooks } from "../../core/sessions/hooks-install.js";
import { CliError, type Command, stringOption, UsageError } from "../command.js";
import { openCrew } from "../crew.js";

const session = (values: Record<string, unknown>) =>
  typeof values.session === "string" ? values.session : DEFAULT_SESSION;

export const panesUpCommand: Command = {
  path: ["panes", "up"],
  summary:
    "start N Claude Code sessions side by side in tmux panes, in the crew root (with the crew's hooks)",
  args: "N",
  options: {
    session: { type: "string", value: "NAME", help: `the tmux session (default ${DEFAULT_SESSION})` },
    command: { type: "string", value: "CMD", help: "what each pane runs (default claude)" },
    "no-hooks": { type: "boolean", help: "do not install the crew's Claude Code hooks first" },
  },
  async run(args, io) {
    const count = Number(args.positionals[0]);
    if (!Number.isInteger(count) || count < 1 || count > 16)
      throw new UsageError("panes up needs a number of panes from 1 to 16");
    const crew = await openCrew(args, io);
    // The panes' sessions report to the crew (the Sessions view, waits, conflicts) unless told not to.
    if (!args.values["no-hooks"]) {
      const hooks = await installHooks(crew.root, { waitSeconds: crew.config().permissions.waitSeconds });
      if (!hooks.ok)
        throw new CliError(hooks.reason, 1, "or start the panes without the crew's hooks: --no-hooks");
    }
    // Each pane runs as one of the crew's agents, in turn, so its session and its locks carry that name.
    const agents = (await listInboxes(crew.root)).map((inbox) => inbox.agent);
    const result = await panesUp(
      crew.root,
      count,
      stringOption(args, "command") ?? "claude",
      session(args.values),
      agents,
    );
    if (!result.ok) throw new CliError(result.reason);
    io.out(
      `${result.panes.length} panes in tmux session "${session(args.values)}": tmux attach -t ${session(args.values)}\n`,
    );
    if (!args.values["no-hooks"])
      io.out("their sessions show in `switchyard status` and the Sessions view\n");
    return 0;
  },
};

export const panesListCommand: Command = {
  path: ["panes", "list"],
  summary: "list the panes of a tmux session",
  options: {
    session: { type: "string", value: "NAME", help: `the tmux session (default ${DEFAULT_SESSION})` },
    json: { type: "boolean", help: "print the panes as JSON" },
  },
  async run(args, io) {
    const panes = await listPanes(session(args.values));
    if (args.values.json) io.out(`${JSON.stringify(panes, null, 2)}\n`);
    else if (panes.length === 0) io.out(`no tmux session "${session(args.values)}"\n`);
    else
      for (const pane of panes)
        io.out(
          `${pane.index}\t${pane.command}\tpid ${pane.pid}\t${pane.path}${pane.active ? "\t(active)" : ""}\n`,
        );
    return 0;
  },
};

export const panesDownCommand: Command = {
  path: ["panes", "down"],
  summary: "close a tmux session and every pane in it",
  options: {
    session: { type: "string", value: "NAME", help: `the tmux session (default ${DEFAULT_SESSION})` },
  },
  async run(args, io) {
    const result = await panesDown(session(args.values));
    if (!result.ok) throw new CliError(result.reason);
    io.out(`closed ${result.panes.length} panes\n`);
    return 0;
  },
};
