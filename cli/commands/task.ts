import { PRIORITIES, type Priority } from "../../shared/task-file.js";
import type { TaskEdit } from "../../shared/task-edit.js";
import { type Decision, decideApproval } from "../../core/approvals/approval-actions.js";
import { type AddTaskResult, addTask, type NewTaskRequest } from "../../core/tasks/add-task.js";
import { cancelWaitingTask, operatorReason } from "../../core/tasks/task-cancel.js";
import { changeTaskTier, editWaitingTask } from "../../core/tasks/task-edit.js";
import { failedTaskIds, matchTaskId, waitingTaskIds } from "../../core/tasks/task-ids.js";
import { retryFailedTask } from "../../core/tasks/task-retry.js";
import type { ActionResult } from "../../shared/bridge.js";
import {
  CliError,
  type Command,
  type OptionSpec,
  type ParsedCommandArgs,
  requiredOption,
  stringOption,
  UsageError,
} from "../command.js";
import { openCrew } from "../crew.js";
import type { CrewContext } from "../../core/crew-context.js";

/** The fields a task has, as options of `task add` and `task edit`. */
const FIELD_OPTIONS: OptionSpec = {
  priority: { type: "string", value: PRIORITIES.join("|"), help: "how soon (default normal)" },
  "expected-output": {
    type: "string",
    value: "PATH",
    help: "the file the worker must produce, relative to the crew root",
  },
  context: { type: "string", value: "TEXT", help: "why, and what the worker needs to know" },
  deadline: {
    type: "string",
    value: "WHEN",
    help: "an ISO date-time (it bounds the worker's time), or free text",
  },
  tier: { type: "string", value: "0-3", help: "the model tier, instead of the router's choice" },
  model: { type: "string", value: "NAME", help: "a model name, instead of the tier's" },
};

export const taskAddCommand: Command = {
  path: ["task", "add"],
  summary: "drop a task file into an agent's inbox",
  args: "TEXT",
  options: {
    to: { type: "string", value: "AGENT", help: "the agent whose inbox gets the task", required: true },
    ...FIELD_OPTIONS,
    locks: { type: "string", value: "a,b", help: "resources the worker must hold while it runs" },
    from: { type: "string", value: "WHO", help: "who asks (default operator)" },
    approval: { type: "boolean", help: "ask the operator before it runs" },
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

const option = (values: ParsedCommandArgs["values"], name: string) =>
  typeof values[name] === "string" ? (values[name] as string) : undefined;

function priorityOption(values: ParsedCommandArgs["values"]): Priority | undefined {
  const priority = option(values, "priority")?.toLowerCase();
  if (priority && !PRIORITIES.includes(priority as Priority))
    throw new UsageError(`--priority must be one of ${PRIORITIES.join(", ")} (got "${priority}")`);
  return priority as Priority | undefined;
}

/** `--tier 0-3`; `auto` (for edits) lets the router pick again. */
function tierValue(
  value: string | undefined,
  allowAuto: boolean,
  name = "--tier",
): number | null | undefined {
  if (value === undefined) return undefined;
  if (allowAuto && value === "auto") return null;
  if (!/^[0-3]$/.test(value))
    throw new UsageError(`${name} must be 0, 1, 2 or 3${allowAuto ? ", or auto" : ""} (got "${value}")`);
  return Number(value);
}

/** The flags as the core's task request; flags whose values cannot be read are usage errors here. */
function taskFromOptions(text: string, values: ParsedCommandArgs["values"]): Omit<NewTaskRequest, "agent"> {
  const priority = priorityOption(values);
  const tier = tierValue(option(values, "tier"), false);
  const locks = option(values, "locks")
    ?.split(",")
    .map((lock) => lock.trim())
    .filter(Boolean);
  const expectedOutput = option(values, "expected-output");
  const context = option(values, "context");
  const deadline = option(values, "deadline");
  const model = option(values, "model");
  return {
    task: text,
    from: option(values, "from") ?? "operator",
    ...(priority ? { priority } : {}),
    ...(expectedOutput ? { expectedOutput } : {}),
    ...(context ? { context } : {}),
    ...(deadline ? { deadline } : {}),
    ...(typeof tier === "number" ? { tier } : {}),
    ...(model ? { model } : {}),
    ...(locks?.length ? { locks } : {}),
    ...(values.approval ? { approvalRequired: true } : {}),
  };
}

/** The id a command names: the whole id, or an unambiguous prefix of a waiting (or failed) task's. */
async function taskId(args: ParsedCommandArgs, root: string, which: "waiting" | "failed"): Promise<string> {
  const given = args.positionals[0];
  if (!given)
    throw new UsageError("name the task: its id (the file name without extension), or the start of it");
  const ids = which === "waiting" ? await waitingTaskIds(root) : await failedTaskIds(root);
  const match = matchTaskId(given, ids, which);
  if (!match.ok) throw new CliError(match.reason, 1, "see `switchyard status`");
  return match.id;
}

/** A command on one task by id, printing what happened. */
function taskCommand(
  verb: string,
  summary: string,
  which: "waiting" | "failed",
  options: OptionSpec,
  act: (crew: CrewContext, id: string, args: ParsedCommandArgs) => Promise<ActionResult>,
  args = "<id>",
): Command {
  return {
    path: ["task", verb],
    summary,
    args,
    options,
    async run(parsed, io) {
      const crew = await openCrew(parsed, io);
      const id = await taskId(parsed, crew.root, which);
      const result = await act(crew, id, parsed);
      if (!result.ok) throw new CliError(result.reason);
      io.out(`${id}: ${result.detail ?? "done"}\n`);
      return 0;
    },
  };
}

const decision = (verb: Decision, summary: string, options: OptionSpec = {}) =>
  taskCommand(verb, summary, "waiting", options, (crew, id, args) =>
    decideApproval(crew.root, id, verb, {
      ...(stringOption(args, "reason") ? { reason: stringOption(args, "reason") } : {}),
    }),
  );

export const taskApproveCommand = decision(
  "approve",
  "approve a waiting task (at the gate, or held by a budget)",
);
export const taskQueueCommand = decision(
  "queue",
  "queue a waiting task for later (after the next budget reset)",
);
export const taskRejectCommand = decision(
  "reject",
  "reject a task at the approval gate: it moves to failed/ with the reason",
  {
    reason: { type: "string", value: "TEXT", help: "why, for the failed task's footer" },
  },
);
export const taskRunNowCommand = decision(
  "run-now",
  "run a waiting task now: ahead of the queue, past its holds and the concurrency limits",
);

export const taskCancelCommand = taskCommand(
  "cancel",
  "cancel a waiting task: it moves to failed/ with the reason, unchanged",
  "waiting",
  { reason: { type: "string", value: "TEXT", help: "why, for the failed task's footer" } },
  (crew, id, args) =>
    cancelWaitingTask(crew.root, id, operatorReason("cancelled", stringOption(args, "reason"))),
);

export const taskTierCommand = taskCommand(
  "tier",
  "change the tier of a waiting task (auto: let the router pick again)",
  "waiting",
  {},
  (crew, id, args) => {
    const tier = tierValue(args.positionals[1], true, "the tier");
    if (tier === undefined) throw new UsageError("give the tier: 0, 1, 2, 3 or auto");
    return changeTaskTier(crew.root, id, tier);
  },
  "<id> <0-3|auto>",
);

export const taskEditCommand: Command = taskCommand(
  "edit",
  "change a waiting task's fields (the version before is kept in .switchyard/edits/)",
  "waiting",
  { task: { type: "string", value: "TEXT", help: "what to do, reworded" }, ...FIELD_OPTIONS },
  (crew, id, args) => {
    const edit = editFromOptions(args.values);
    if (Object.keys(edit).length === 0) throw new UsageError("say what to change, e.g. --priority high");
    return editWaitingTask(crew.root, id, edit);
  },
);

/** Edit flags as the core's edit; an empty string removes a field (`--context ""`). */
function editFromOptions(values: ParsedCommandArgs["values"]): TaskEdit {
  const text = (name: string) => {
    const value = option(values, name);
    return value === undefined ? undefined : value.trim() === "" ? null : value;
  };
  const edit: TaskEdit = {};
  const task = option(values, "task");
  if (task !== undefined) edit.task = task;
  const priority = priorityOption(values);
  if (priority) edit.priority = priority;
  const tier = tierValue(option(values, "tier"), true);
  if (tier !== undefined) edit.tier = tier;
  for (const [name, field] of [
    ["context", "context"],
    ["expected-output", "expectedOutput"],
    ["deadline", "deadline"],
    ["model", "model"],
  ] as const) {
    const value = text(name);
    if (value !== undefined) edit[field] = value;
  }
  return edit;
}

export const taskRetryCommand = taskCommand(
  "retry",
  "send a failed task back to its agent's inbox, as it was written",
  "failed",
  {},
  async (crew, id) => {
    const result = await retryFailedTask(crew, id);
    return result.ok ? { ...result, detail: `back in the inbox as ${result.id}` } : result;
  },
);
