/**
 * Adding a task, the one way every channel does it: the window, the CLI and Telegram all come
 * here with the same fields, so a task means the same thing whoever wrote it. The request is
 * checked first (a refusal says what to fix and writes nothing), then dropped into the
 * agent's inbox as a complete file.
 */
import { basename, relative } from "node:path";
import type { AddTaskParams } from "../../shared/bridge.js";
import { checkRelativePath, ResourceNameSchema, taskIdFromFileName } from "../../shared/task-file.js";
import type { Config } from "../../shared/config.js";
import { reservedLockProblem } from "../../shared/lock-file.js";
import { listInboxes } from "../crew-root.js";
import { dropTask } from "./task-writer.js";

/** What a channel asks for: the bridge's fields, and who asked (FROM). */
export type NewTaskRequest = AddTaskParams & {
  /** "operator" unless a channel says otherwise (`telegram:<chatId>`, `schedule:<name>`). */
  from?: string;
};

/** Which field a refusal is about, so a channel can point at it (a CLI flag, a form field). */
export type AddTaskRefusal = "agent" | "task" | "expectedOutput" | "locks";

export type AddTaskResult =
  | { ok: true; id: string; file: string }
  | {
      ok: false;
      field: AddTaskRefusal;
      /** What is wrong with that field, without naming it ("leaves the crew root (…)"). */
      problem: string;
      /** The same as a sentence a person reads anywhere ("the expected output leaves …"). */
      reason: string;
      knownAgents: string[];
    };

const FIELD_WORDS: Record<AddTaskRefusal, string> = {
  agent: "the agent",
  task: "the task",
  expectedOutput: "the expected output",
  locks: "the locks",
};

export async function addTask(
  crew: { root: string; config: () => Config; taskDropped?: (path: string, agent: string) => Promise<void> },
  request: NewTaskRequest,
): Promise<AddTaskResult> {
  const { root } = crew;
  const knownAgents = [
    ...new Set([
      ...(await listInboxes(root)).map((inbox) => inbox.agent),
      ...Object.keys(crew.config().agents),
    ]),
  ];
  const refuse = (field: AddTaskRefusal, problem: string, reason = `${FIELD_WORDS[field]} ${problem}`) => ({
    ok: false as const,
    field,
    problem,
    reason,
    knownAgents,
  });
  const { agent, from = "operator", ...fields } = request;
  if (!knownAgents.includes(agent))
    return refuse("agent", `"${agent}" does not exist`, `there is no agent "${agent}"`);
  if (!fields.task.trim()) return refuse("task", "is empty", "say what to do");
  const outputProblem = fields.expectedOutput ? checkRelativePath(fields.expectedOutput) : undefined;
  if (outputProblem) return refuse("expectedOutput", outputProblem);
  const badLock = fields.locks?.find((lock) => !ResourceNameSchema.safeParse(lock).success);
  if (badLock !== undefined)
    return refuse(
      "locks",
      `name "${badLock}", which is not a resource name: use letters, digits, '.', '_' and single '-'`,
    );
  const reserved = fields.locks?.map(reservedLockProblem).find(Boolean);
  if (reserved) return refuse("locks", reserved, reserved);
  const path = await dropTask(root, agent, { ...fields, from });
  await crew.taskDropped?.(path, agent);
  return { ok: true, id: taskIdFromFileName(basename(path)), file: relative(root, path) };
}
