#!/usr/bin/env node
// `npm start`: the tray app, or the headless host where Electron's runtime is not installed.
import { launch } from "../dist/hosts/launcher.js";

process.exitCode = await launch(process.argv.slice(2));
