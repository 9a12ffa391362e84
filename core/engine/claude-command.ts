/**
 * Where the default worker, the Claude Code CLI, lives: `claude` on PATH, else the copy this
 * package installed (a checkout's `npm install` brings it as a dev dependency).
 */
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { PACKAGE_ROOT } from "../package-root.js";

const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

export function resolveClaudeCommand(env: NodeJS.ProcessEnv = process.env): string {
  for (const dir of (env.PATH ?? "").split(delimiter))
    if (dir && isExecutable(join(dir, "claude"))) return "claude";
  const bundled = join(PACKAGE_ROOT, "node_modules", ".bin", "claude");
  return isExecutable(bundled) ? bundled : "claude";
}
