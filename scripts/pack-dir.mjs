#!/usr/bin/env node
/**
 * `npm run pack:dir`: packages the tray app into an unpacked folder (electron-builder's `dir`
 * target for this machine) without the Electron runtime, which cannot be downloaded
 * everywhere. electron-builder is pointed (its `electronDist` option) at a stand-in Electron
 * distribution holding what it needs for that target: the `electron` executable it renames to
 * the app's name, `resources/` where it puts app.asar, and `version`. The stand-in executable
 * only says what it is, but carries an Electron fuse wire, so the fuses in package.json are
 * really flipped and can be checked. Everything else (asar, files, fuses, the app's
 * package.json) is electron-builder's real work, checked by test/packaging/.
 * Usage: node scripts/pack-dir.mjs [--out DIR]   (run `npm run build` first)
 */
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import builder from "electron-builder";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const outFlag = process.argv.indexOf("--out");
const output = resolve(outFlag > 0 ? process.argv[outFlag + 1] : join(ROOT, "release"));

/** @electron/fuses finds the wire after this sentinel: version 1, eight fuses, Electron's defaults. */
const FUSE_SENTINEL = "dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX";
const DEFAULT_FUSES = "10110001";

async function standInElectron(version) {
  const dir = join(output, "electron-stand-in");
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, "resources"), { recursive: true });
  const executable = [
    "#!/bin/sh",
    `# ${FUSE_SENTINEL}\u0001\u0008${DEFAULT_FUSES}`,
    `echo "This is a stand-in for Electron ${version}, made by scripts/pack-dir.mjs to check packaging; build with npm run dist where the Electron runtime is installed." >&2`,
    "exit 1",
    "",
  ].join("\n");
  await writeFile(join(dir, "electron"), executable, "latin1");
  await chmod(join(dir, "electron"), 0o755);
  await writeFile(join(dir, "version"), version);
  return dir;
}

const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8"));
const range = pkg.optionalDependencies?.electron ?? pkg.devDependencies?.electron;
const version = /\d+\.\d+\.\d+/.exec(range ?? "")?.[0];
if (!version) throw new Error(`package.json names no Electron version (found ${range})`);

const { Arch, Platform, build } = builder;
const electronDist = await standInElectron(version);
await build({
  projectDir: ROOT,
  targets: Platform.LINUX.createTarget("dir", Arch[process.arch] ?? Arch.x64),
  config: { electronDist, electronVersion: version, directories: { output } },
});
process.stdout.write(
  `packed: ${join(output, "linux-unpacked")} (around a stand-in Electron ${version}: it does not run)\n`,
);
