/**
 * `node --import <this file> dist/electron/main.js` runs the real compiled main process with
 * the Electron double: the platform the double plays becomes process.platform (the glue reads
 * it), and hooks.mjs makes the name "electron" resolve to the double.
 */
import { register } from "node:module";

if (process.env.ELECTRON_DOUBLE_PLATFORM)
  Object.defineProperty(process, "platform", { value: process.env.ELECTRON_DOUBLE_PLATFORM });
register("./hooks.mjs", import.meta.url);
