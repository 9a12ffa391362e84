/**
 * Packaging, run here: `scripts/pack-dir.mjs` (npm run pack:dir) drives electron-builder to the
 * unpacked Linux app around a stand-in Electron; this opens the app.asar it produced. The app
 * must hold its main process, preload and renderer, and boot from its own contents: extracted
 * away from the checkout and started under the Electron double, every module Node resolves
 * must come from the package. Nothing from tests, the benchmark, docs or crew data may be in it,
 * and the fuses in package.json must be flipped in the executable.
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { extractAll, extractFile, listPackage } from "@electron/asar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchTrayApp } from "../support/electron-double/driver.js";
import { makeCrew } from "../support/crew-fixture.js";
import { tray } from "../support/tray-app.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const DOUBLE = fileURLToPath(new URL("../support/electron-double/", import.meta.url));
const run = promisify(execFile);

let work: string;
let appDir: string;
let asar: string;
let files: Set<string>;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "switchyard-pack-"));
  await run(process.execPath, [join(REPO, "scripts/pack-dir.mjs"), "--out", join(work, "release")], {
    cwd: REPO,
    maxBuffer: 16 * 1024 * 1024,
  });
  appDir = join(work, "release/linux-unpacked");
  asar = join(appDir, "resources/app.asar");
  files = new Set(listPackage(asar, { isPack: false }).map((path) => path.replaceAll("\\", "/")));
}, 240_000);

afterAll(() => rm(work, { recursive: true, force: true }));

describe("the packaged app (electron-builder, linux dir, stand-in Electron)", { timeout: 120_000 }, () => {
  it("names its main process, and holds it, the preload and the renderer with all its assets", () => {
    const manifest = JSON.parse(extractFile(asar, "package.json").toString("utf8"));
    expect(manifest).toMatchObject({ main: "dist/electron/main.js", type: "module" });
    for (const path of ["/dist/electron/main.js", "/dist/electron/preload.cjs", "/dist/renderer/index.html"])
      expect(files, path).toContain(path);
    const page = extractFile(asar, "dist/renderer/index.html").toString("utf8");
    const referenced = [...page.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map(
      (match) => `/dist/renderer/${match[1]}`,
    );
    expect(referenced.length).toBeGreaterThan(1);
    const built = readdirSync(join(REPO, "dist/renderer/assets")).map(
      (name) => `/dist/renderer/assets/${name}`,
    );
    for (const path of [...referenced, ...built]) expect(files, path).toContain(path);
    expect(page).toContain('http-equiv="Content-Security-Policy"');
  });

  it("holds nothing from tests, the benchmark, docs, sources or crew data", () => {
    const outside = [...files].filter(
      (path) =>
        /^\/(test|bench|docs|scripts|core|shared|hosts|cli|electron|renderer|crew|release|build)(\/|$)/.test(
          path,
        ) ||
        /^\/dist\/(bench|test)(\/|$)/.test(path) ||
        /^\/[^/]+\.(md|ts|json)$/.test(path.replace("/package.json", "")) ||
        /(^|\/)(coordination|\.switchyard)\/|SHARED_MIND\.md$|switchyard\.json$/.test(path) ||
        /^\/node_modules\/(electron|electron-builder|vitest|typescript|@anthropic-ai|react|react-dom)\//.test(
          path,
        ),
    );
    expect(outside).toEqual([]);
  });

  it("flips the Electron fuses package.json asks for in the executable", async () => {
    const executable = await readFile(join(appDir, "switchyard"));
    const sentinel = executable.indexOf("dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX") + 32;
    const length = executable[sentinel + 1] as number;
    const wire = executable.subarray(sentinel + 2, sentinel + 2 + length).toString("latin1");
    // RunAsNode, CookieEncryption, NODE_OPTIONS, --inspect, asar integrity, only app.asar, V8 snapshot, file:// privileges
    expect(wire).toBe("01001100");
  });

  it("boots from its own contents, away from the checkout: every module it loads is in the package", async () => {
    const extracted = join(work, "extracted");
    extractAll(asar, extracted);
    const crew = await makeCrew({});
    const home = await mkdtemp(join(tmpdir(), "switchyard-home-"));
    const moduleLog = join(work, "modules.log");
    const app = launchTrayApp({
      root: crew.root,
      home,
      mainJs: join(extracted, "dist/electron/main.js"),
      env: { ELECTRON_DOUBLE_MODULE_LOG: moduleLog },
    });
    try {
      await app.send({ kind: "ready" });
      const state = await app.waitForState(
        (s) => /running/.test(tray(s)?.toolTip ?? ""),
        "the packaged app's tray",
      );
      expect(state.violations).toEqual([]);
      const required = await app.send<string[]>({ kind: "loaded-commonjs" });
      const imported = (await readFile(moduleLog, "utf8"))
        .trim()
        .split("\n")
        .map((url) => fileURLToPath(url));
      const loaded = [...new Set([...imported, ...required])].filter((path) => !path.startsWith(DOUBLE));
      expect(loaded).toContain(join(extracted, "dist/electron/main.js"));
      expect(loaded.some((path) => path.startsWith(join(extracted, "node_modules/zod/")))).toBe(true);
      expect(loaded.filter((path) => !path.startsWith(`${extracted}/`))).toEqual([]);
      // And the page it serves is the packaged renderer.
      expect(state.windows[0]?.page?.status).toBe(200);
    } finally {
      await app.kill();
      await crew.cleanup();
      await rm(home, { recursive: true, force: true });
    }
  });
});

/** The stand-in executable says what it is instead of pretending to be Electron. */
describe("the stand-in Electron", () => {
  it("refuses to run, saying where the real build happens", async () => {
    const failed = await run(join(appDir, "switchyard"), []).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/stand-in for Electron 45\.\d+\.\d+.*npm run dist/),
    });
    expect(readFileSync(join(appDir, "version"), "utf8")).toMatch(/^45\./);
  });
});
