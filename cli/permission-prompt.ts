/**
 * `switchyard permission-prompt`: the MCP server a worker's Claude Code starts (the engine
 * passes `--mcp-config` and `--permission-prompt-tool`), not a command for people. It learns
 * its crew and task from the environment every worker gets (SPEC §6).
 */
import { serveMcp } from "../core/permissions/mcp-stdio.js";
import { PERMISSION_SERVER_NAME, permissionPromptTool } from "../core/permissions/permission-prompt-tool.js";

export async function permissionPromptMain(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const root = env.SWITCHYARD_ROOT ?? process.cwd();
  await serveMcp({
    name: PERMISSION_SERVER_NAME,
    version: "1",
    tools: [
      permissionPromptTool({
        root,
        ...(env.SWITCHYARD_TASK_ID ? { taskId: env.SWITCHYARD_TASK_ID } : {}),
        ...(env.SWITCHYARD_AGENT ? { agent: env.SWITCHYARD_AGENT } : {}),
      }),
    ],
    input: process.stdin,
    output: process.stdout,
  });
  // The worker closed our stdin: requests still open were withdrawn on the way out.
  process.exit(0);
}
