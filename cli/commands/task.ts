import { PRIORITIES, type Priority } from "../../shared/task-file.js";
import { type AddTaskResult, addTask, type NewTaskRequest } from "../../core/tasks/add-task.js";
import { decideApproval } from "../../core/approvals/approval-actions.js";
import { CliError, type Command, requiredOption, UsageError } from "../command.js";
import { openCrew } from "../crew.js";

export const taskAddCommand: Command = {
  path: ["task", "add"],
  summary: "drop a task file into an agent's inbox",
  usage:
    "switchyard task add --to <agent> [--priority low|normal|high|urgent] [--expected-output PATH]\n" +
    "                    [--context TEXT] [--deadline WHEN] [--tier 0-3] [--locks a,b] [--approval] TEXT",
  options: {
    to: { type: "string" },
    priority: { type: "string" },
    "expected-output": { type: "string" },
    context: { type: "string" },
    deadline: { type: "string" },
    tier: { type: "string" },
    model: { type: "string" },
    locks: { type: "string" },
    from: { type: "string" },
    approval: { type: "boolean" },
  },
  async run(args, io) {
    const text = args.positionals.join(" ").trim();
    if (!text)
      throw new UsageError(
        "task add needs the task's text",
        'switchyard task add --to agent-b "Summarize README.md"',
      );
    const agent = requiredOption(args, "to", "the agent whose inbox gets the task");
    const crew = await openCrew(args, io);
    const added = await addTask(crew, { agent, ...taskFromOptions(text, args.values) });
    if (!added.ok) throw refusal(added);
    io.out(`${added.file}\n`);
    return 0;
  },
};

/** The core's refusal in the CLI's words: which flag to fix, and the agents there are. */
function refusal(added: Extract<AddTaskResult, { ok: false }>): UsageError {
  if (added.field === "agent")
    return new UsageError(
      added.reason,
      `agents with an inbox: ${added.knownAgents.join(", ") || "none"}; add one under "agents" in switchyard.json`,
    );
  const flag = { task: "the task's text", expectedOutput: "--expected-output", locks: "--locks" }[
    added.field
  ];
  return new UsageError(`${flag} ${added.problem}`);
}

/** The flags as the core's task request; flags whose values cannot be read are usage errors here. */
function taskFromOptions(text: string, values: Record<string, unknown>): Omit<NewTaskRequest, "agent"> {
  const option = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const priority = option("priority")?.toLowerCase();
  if (priority && !PRIORITIES.includes(priority as Priority))
    throw new UsageError(`--priority must be one of ${PRIORITIES.join(", ")} (got "${priority}")`);
  const tier = option("tier");
  if (tier !== undefined && !/^[0-3]$/.test(tier))
    throw new UsageError(`--tier must be 0, 1, 2 or 3 (got "${tier}")`);
  const locks = option("locks")
    ?.split(",")
    .map((lock) => lock.trim())
    .filter(Boolean);
  const expectedOutput = option("expected-output");
  const context = option("context");
  const deadline = option("deadline");
  const model = option("model");
  return {
    task: text,
    from: option("from") ?? "operator",
    ...(priority ? { priority: priority as Priority } : {}),
    ...(expectedOutput ? { expectedOutput } : {}),
    ...(context ? { context } : {}),
    ...(deadline ? { deadline } : {}),
    ...(tier === undefined ? {} : { tier: Number(tier) }),
    ...(model ? { model } : {}),
    ...(locks?.length ? { locks } : {}),
    ...(values.approval ? { approvalRequired: true } : {}),
  };
}

function decisionCommand(decision: "approve" | "queue" | "reject", summary: string): Command {
  return {
    path: ["task", decision],
    summary,
    usage: `switchyard task ${decision} <id>${decision === "reject" ? " [--reason TEXT]" : ""}`,
    options: decision === "reject" ? { reason: { type: "string" } } : {},
    async run(args, io) {
      const id = args.positionals[0];
      if (!id) throw new UsageError(`task ${decision} needs the task's id (its file name without extension)`);
      const crew = await openCrew(args, io);
      const reason = args.values.reason;
      const result = await decideApproval(
        crew.root,
        id,
        decision,
        typeof reason === "string" ? { reason } : {},
      );
      if (!result.ok) throw new CliError(result.reason);
      io.out(`${id}: ${result.detail}\n`);
      return 0;
    },
  };
}

export const taskApproveCommand = decisionCommand(
  "approve",
  "approve a task that waits for approval: it runs now",
);
export const taskQueueCommand = decisionCommand(
  "queue",
  "queue a waiting task for later (after the next budget reset)",
);
export const taskRejectCommand = decisionCommand(
  "reject",
  "reject a waiting task: it moves to failed/ with the reason",
);
