import { resolve } from "node:path";
import { initCrewRoot } from "../../core/crew-root.js";
import { type Command, stringOption, UsageError } from "../command.js";

export const initCommand: Command = {
  path: ["init"],
  summary: "create a crew root's folders and SHARED_MIND.md (never overwrites)",
  args: "DIR",
  options: {},
  async run(args, io) {
    const target = args.positionals[0] ?? stringOption(args, "root");
    if (!target) throw new UsageError("init needs the folder to set up", "switchyard init ~/crew");
    const report = await initCrewRoot(resolve(io.cwd, target));
    io.out(`crew root: ${report.root}\n`);
    if (report.created.length) io.out(`created: ${report.created.join(", ")}\n`);
    else io.out("nothing to do: everything was already there\n");
    if (report.created.length && report.kept.length) io.out(`kept as it was: ${report.kept.join(", ")}\n`);
    return 0;
  },
};
