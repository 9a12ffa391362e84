import { appendLearning, findLearning, type Learning } from "../../shared/shared-mind.js";
import { editSharedMind } from "../../core/state/shared-mind-store.js";
import { type Command, requiredOption, UsageError } from "../command.js";
import { openCrew } from "../crew.js";

export const stateLearnCommand: Command = {
  path: ["state", "learn"],
  summary: "append a learning to SHARED_MIND.md, dated today and naming who learned it (never twice)",
  args: '"TEXT"',
  options: { as: { type: "string", value: "AGENT", help: "who learned it", required: true } },
  async run(args, io) {
    const text = args.positionals.join(" ").trim();
    if (!text)
      throw new UsageError(
        "state learn needs the learning's text",
        'switchyard state learn "Reddit blocks body links" --as agent-a',
      );
    const agent = requiredOption(args, "as", "the agent that learned it");
    const crew = await openCrew(args, io);
    const date = new Date().toISOString().slice(0, 10);
    let known: Learning | undefined;
    await editSharedMind(
      crew.root,
      agent,
      (mind) => {
        // Checked inside the locked edit: another writer may have added it a moment ago.
        known = findLearning(mind, text);
        return appendLearning(mind, date, text, agent);
      },
      crew.config().locks.staleAfterMinutes,
    );
    if (known) io.out(`already learned, not added again: ${known.line.replace(/^\s*[-*]\s+/, "")}\n`);
    else io.out(`learned (${date}, ${agent}): ${text}\n`);
    return 0;
  },
};
