import { relative } from "node:path";
import { checkRelativePath, type NewTask, PRIORITIES, type Priority } from "../../shared/task-file.js";
import { listInboxes } from "../../core/crew-root.js";
import { dropTask } from "../../core/tasks/task-writer.js";
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
    const inboxes = await listInboxes(crew.root);
    if (!inboxes.some((inbox) => inbox.agent === agent) && !crew.config.agents[agent])
      throw new UsageError(
        `there is no agent "${agent}"`,
        `agents with an inbox: ${inboxes.map((inbox) => inbox.agent).join(", ") || "none"}; add one under "agents" in switchyard.json`,
      );
    const path = await dropTask(crew.root, agent, taskFromOptions(text, args.values));
    io.out(`${relative(crew.root, path)}\n`);
    return 0;
  },
};

function taskFromOptions(text: string, values: Record<string, unknown>): NewTask {
  const option = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const priority = option("priority")?.toLowerCase();
  if (priority && !PRIORITIES.includes(priority as Priority))
    throw new UsageError(`--priority must be one of ${PRIORITIES.join(", ")} (got "${priority}")`);
  const expectedOutput = option("expected-output");
  const pathProblem = expectedOutput === undefined ? undefined : checkRelativePath(expectedOutput);
  if (pathProblem) throw new UsageError(`--expected-output ${pathProblem}`);
  const tier = option("tier");
  if (tier !== undefined && !/^[0-3]$/.test(tier))
    throw new UsageError(`--tier must be 0, 1, 2 or 3 (got "${tier}")`);
  const task: NewTask = { task: text, from: option("from") ?? "operator" };
  if (priority) task.priority = priority as Priority;
  if (expectedOutput) task.expectedOutput = expectedOutput;
  for (const key of ["context", "deadline", "model"] as const) {
    const value = option(key);
    if (value) task[key] = value;
  }
  if (tier !== undefined) task.tier = Number(tier);
  const locks = option("locks");
  if (locks)
    task.locks = locks
      .split(",")
      .map((lock) => lock.trim())
      .filter(Boolean);
  if (values.approval) task.approvalRequired = true;
  return task;
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
