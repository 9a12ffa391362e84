/**
 * The folder Switchyard is installed in (a checkout, or the package): found by walking up to
 * its package.json, because this file runs both from source (tests) and compiled in dist/, at
 * different depths. Hosts use it to start the bundled Claude Code and Switchyard's own entries.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "bin", "switchyard.js"))) return dir;
    const up = dirname(dir);
    if (up === dir) return start;
    dir = up;
  }
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** The installed CLI's entry (`bin/switchyard.js`), run with this Node. */
export const SWITCHYARD_BIN = join(PACKAGE_ROOT, "bin", "switchyard.js");
