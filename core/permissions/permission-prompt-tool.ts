/**
 * The tool a worker's Claude Code calls (`--permission-prompt-tool`) when it wants a tool its
 * permission mode does not allow: it asks the operator through the host's broker and turns the
 * answer into what the CLI expects, `{"behavior":"allow","updatedInput":…}` or
 * `{"behavior":"deny","message":…}`. The message of a denial is read by the model, so it says
 * what to do next.
 */
import { type AskOutcome, askOperator } from "./permission-files.js";
import type { McpTool } from "./mcp-stdio.js";

export const PERMISSION_SERVER_NAME = "switchyard";
export const PERMISSION_TOOL_NAME = "ask_operator";
/** What `--permission-prompt-tool` names: Claude Code's `mcp__<server>__<tool>`. */
export const PERMISSION_PROMPT_TOOL = `mcp__${PERMISSION_SERVER_NAME}__${PERMISSION_TOOL_NAME}`;

export interface WorkerIdentity {
  root: string;
  taskId?: string;
  agent?: string;
}

export function decisionFor(outcome: AskOutcome, input: Record<string, unknown>): Record<string, unknown> {
  if (outcome.kind === "answered" && outcome.answer.decision !== "deny")
    return { behavior: "allow", updatedInput: input };
  if (outcome.kind === "answered")
    return {
      behavior: "deny",
      message:
        outcome.answer.message ??
        "The operator denied this tool call. Carry on without it, or say in your result what you needed.",
    };
  if (outcome.kind === "no-host")
    return {
      behavior: "deny",
      message:
        "No Switchyard host is running to ask the operator, so this tool call is denied. Carry on without it, or say in your result what you needed.",
    };
  return {
    behavior: "deny",
    message: `No answer from the operator (${outcome.why}), so this tool call is denied. Carry on without it, or say in your result what you needed.`,
  };
}

export function permissionPromptTool(worker: WorkerIdentity): McpTool {
  return {
    name: PERMISSION_TOOL_NAME,
    description:
      "Asks the Switchyard operator to allow or deny a tool call this worker may not make on its own.",
    inputSchema: {
      type: "object",
      properties: {
        tool_name: { type: "string" },
        input: { type: "object" },
        tool_use_id: { type: "string" },
      },
      required: ["tool_name", "input"],
    },
    async call(args, signal) {
      const input =
        args.input && typeof args.input === "object" ? (args.input as Record<string, unknown>) : {};
      const outcome = await askOperator(
        worker.root,
        {
          source: "worker",
          tool: String(args.tool_name ?? "a tool"),
          input,
          ...(worker.taskId ? { taskId: worker.taskId } : {}),
          ...(worker.agent ? { agent: worker.agent } : {}),
          ...(typeof args.tool_use_id === "string" ? { toolUseId: args.tool_use_id } : {}),
        },
        { signal },
      );
      return JSON.stringify(decisionFor(outcome, input));
    },
  };
}
