#!/usr/bin/env node
// Installed entry point: the CLI is compiled to dist/ by `npm run build` (run by `prepare`).
import { runCli } from "../dist/cli/main.js";

process.exitCode = await runCli(process.argv.slice(2));
