/**
 * What a worker's command line gains so a tool outside its permission mode asks the operator
 * instead of failing: Switchyard's permission prompt server (`--mcp-config`, inline JSON) and
 * its tool as the CLI's `--permission-prompt-tool`. The server is this package's own entry run
 * with this process's Node (the tray app's Electron runs it as Node).
 */
import { SWITCHYARD_BIN } from "../package-root.js";
import { PERMISSION_PROMPT_TOOL, PERMISSION_SERVER_NAME } from "./permission-prompt-tool.js";

export function permissionPromptArgs(
  execPath = process.execPath,
  inElectron = Boolean(process.versions.electron),
): string[] {
  const server = {
    type: "stdio",
    command: execPath,
    args: [SWITCHYARD_BIN, "permission-prompt"],
    ...(inElectron ? { env: { ELECTRON_RUN_AS_NODE: "1" } } : {}),
  };
  return [
    "--mcp-config",
    JSON.stringify({ mcpServers: { [PERMISSION_SERVER_NAME]: server } }),
    "--permission-prompt-tool",
    PERMISSION_PROMPT_TOOL,
  ];
}
