/**
 * `npm start` as a new user runs it, in the checkout: the crew root it makes lives in a
 * per-user data folder (never in the checkout), and signalling npm stops the host it started.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultCrewRoot } from "../../hosts/app-root.js";
import { ensureBuilt, REPO } from "../cli/run-cli.js";

let home: string;
beforeAll(async () => {
  await ensureBuilt();
  home = await mkdtemp(join(tmpdir(), "switchyard-home-"));
});
afterAll(() => rm(home, { recursive: true, force: true }));

interface Started {
  npm: ChildProcess;
  output: () => string;
  dashboard: string;
}

async function npmStart(): Promise<Started> {
  const { SWITCHYARD_ROOT: _root, XDG_DATA_HOME: _data, XDG_CONFIG_HOME: _config, ...env } = process.env;
  const npm = spawn("npm", ["start"], { cwd: REPO, env: { ...env, HOME: home }, stdio: "pipe" });
  let output = "";
  npm.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  npm.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const deadline = Date.now() + 30_000;
  while (!/dashboard: (\S+)/.test(output)) {
    if (Date.now() > deadline || npm.exitCode !== null) throw new Error(`npm start never served:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { npm, output: () => output, dashboard: /dashboard: (\S+)/.exec(output)?.[1] ?? "" };
}

const answers = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(1000) }).then(
    () => true,
    () => false,
  );

async function stopsServing(url: string, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await answers(url))) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

describe("npm start", () => {
  it("makes its crew root in the per-user data folder, says where, and never in the checkout", async () => {
    const started = await npmStart();
    try {
      const root = defaultCrewRoot(home, {});
      expect(root).toBe(join(home, ".local/share/switchyard/crew"));
      expect(started.output()).toContain(`crew root: ${root}`);
      expect(started.output()).toContain(`watching ${root}`);
      expect(root.startsWith(REPO)).toBe(false);
    } finally {
      started.npm.kill("SIGTERM");
      await once(started.npm, "exit");
    }
  });

  // SIGKILL cannot be passed on: the host notices it was orphaned and stops by itself.
  for (const signal of ["SIGTERM", "SIGINT", "SIGKILL"] as const)
    it(`stops the host it started when npm gets ${signal}`, async () => {
      const started = await npmStart();
      expect(await answers(started.dashboard)).toBe(true);
      started.npm.kill(signal);
      await once(started.npm, "exit");
      expect(await stopsServing(started.dashboard)).toBe(true);
    });
});

describe("the per-user data folder", () => {
  it("follows each OS's convention", () => {
    expect(defaultCrewRoot("/home/me", { XDG_DATA_HOME: "/data" }, "linux")).toBe("/data/switchyard/crew");
    expect(defaultCrewRoot("/home/me", {}, "linux")).toBe("/home/me/.local/share/switchyard/crew");
    expect(defaultCrewRoot("/Users/me", {}, "darwin")).toBe(
      "/Users/me/Library/Application Support/Switchyard/crew",
    );
    expect(defaultCrewRoot("C:\\Users\\me", { APPDATA: "C:\\Users\\me\\AppData\\Roaming" }, "win32")).toBe(
      "C:\\Users\\me\\AppData\\Roaming\\Switchyard\\crew",
    );
  });
});
