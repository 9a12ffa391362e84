import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { chooseRoot, lastRootFile, openAppRoot } from "../../hosts/app-root.js";
import { electronBinary } from "../../hosts/launcher.js";

const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), "switchyard-app-"));
  dirs.push(dir);
  return dir;
};
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe("the app's crew root", () => {
  it("is $SWITCHYARD_ROOT when set", async () => {
    const home = await tempDir();
    expect(await chooseRoot({ env: { SWITCHYARD_ROOT: "mine" }, home, cwd: "/work" })).toBe("/work/mine");
  });

  it("is the per-user data folder the first time (never the current folder), and the remembered root after it was opened", async () => {
    const home = await tempDir();
    const cwd = await tempDir();
    const first = await chooseRoot({ env: {}, home, cwd, platform: "linux" });
    expect(first).toBe(join(home, ".local/share/switchyard/crew"));
    await openAppRoot(first, { env: {}, home });
    expect((await readFile(lastRootFile(home), "utf8")).trim()).toBe(first);
    expect(await chooseRoot({ env: {}, home, cwd: "/elsewhere" })).toBe(first);
    expect(await readFile(join(first, "SHARED_MIND.md"), "utf8")).toContain("## ACTIVE STATE");
  });

  it("forgets a remembered root that is no longer a crew root", async () => {
    const home = await tempDir();
    const gone = await tempDir();
    await openAppRoot(gone, { env: {}, home });
    await rm(gone, { recursive: true });
    expect(await chooseRoot({ env: { XDG_DATA_HOME: "/data" }, home, cwd: "/w", platform: "linux" })).toBe(
      "/data/switchyard/crew",
    );
  });
});

describe("the Electron runtime check", () => {
  it("finds no runtime when the electron package is missing, failed to download, or names a missing file", () => {
    const requireThat = (result: () => unknown) => Object.assign(result, {}) as unknown as NodeRequire;
    expect(
      electronBinary(
        requireThat(() => {
          throw new Error("Cannot find module 'electron'");
        }),
      ),
    ).toBeUndefined();
    expect(electronBinary(requireThat(() => "/nowhere/electron"))).toBeUndefined();
    expect(electronBinary(requireThat(() => process.execPath))).toBe(process.execPath);
  });
});
