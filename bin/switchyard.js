#!/usr/bin/env node
// Installed entry point: the CLI is compiled to dist/ by `npm run build` (run by `prepare`).
// `hook` runs on every tool call of every Claude Code session, and `permission-prompt` starts with
// every worker: each loads its own small module rather than the whole CLI (see docs/benchmarks.md).
const [word, ...rest] = process.argv.slice(2);
if (word === "hook") {
  const { hookMain } = await import("../dist/cli/hook.js");
  await hookMain(rest);
} else if (word === "permission-prompt") {
  const { permissionPromptMain } = await import("../dist/cli/permission-prompt.js");
  await permissionPromptMain();
} else {
  const { runCli } = await import("../dist/cli/main.js");
  process.exitCode = await runCli(process.argv.slice(2));
}
