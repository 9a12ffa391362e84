/** `switchyard panes` against the real tmux: parallel Claude Code sessions in the crew root. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initCrewRoot } from "../../core/crew-root.js";
import { removeDir, runCliInProcess, tempDir } from "./run-cli.js";

let root = "";
const session = `switchyard-test-${process.pid}`;

beforeEach(async () => {
  root = await tempDir();
  await initCrewRoot(root);
});
afterEach(async () => {
  await runCliInProcess(["panes", "down", "--session", session]);
  await removeDir(root);
});

describe("switchyard panes", () => {
  it("starts N panes in the crew root running the command, lists them, and closes them", async () => {
    const up = await runCliInProcess([
      "panes",
      "up",
      "3",
      "--session",
      session,
      "--command",
      "sleep 600",
      "--root",
      root,
    ]);
    expect(up.stdout).toContain(`3 panes in tmux session "${session}"`);
    expect(up.exitCode).toBe(0);

    let panes: { index: number; command: string; path: string }[] = [];
    for (let tries = 0; tries < 50; tries++) {
      panes = JSON.parse((await runCliInProcess(["panes", "list", "--json", "--session", session])).stdout);
      if (panes.every((pane) => pane.command === "sleep")) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(panes.map((pane) => pane.index)).toEqual([0, 1, 2]);
    expect(panes.every((pane) => pane.path === root)).toBe(true);
    expect(panes.map((pane) => pane.command)).toEqual(["sleep", "sleep", "sleep"]);

    const again = await runCliInProcess(["panes", "up", "2", "--session", session, "--root", root]);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain("already exists");

    const down = await runCliInProcess(["panes", "down", "--session", session]);
    expect(down.stdout.trim()).toBe("closed 3 panes");
    expect(
      JSON.parse((await runCliInProcess(["panes", "list", "--json", "--session", session])).stdout),
    ).toEqual([]);
  });

  it("installs the crew's hooks and runs each pane as one of the crew's agents in turn; --no-hooks skips the hooks", async () => {
    const up = await runCliInProcess([
      "panes",
      "up",
      "3",
      "--session",
      session,
      "--command",
      "echo $SWITCHYARD_AGENT >> agents.txt; sleep 600",
      "--root",
      root,
    ]);
    expect(up.exitCode).toBe(0);
    expect(up.stdout).toContain("their sessions show in `switchyard status` and the Sessions view");
    const settings = JSON.parse(await readFile(join(root, ".claude/settings.local.json"), "utf8"));
    expect(settings.hooks.PreToolUse[0].hooks[0].command).toContain(`hook PreToolUse --root '${root}'`);
    let agents = "";
    for (let tries = 0; tries < 50 && agents.trim().split("\n").length < 3; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      agents = await readFile(join(root, "agents.txt"), "utf8").catch(() => "");
    }
    expect(agents.trim().split("\n").sort()).toEqual(["agent-a", "agent-a", "agent-b"]);
    await runCliInProcess(["panes", "down", "--session", session]);
    await runCliInProcess(["hooks", "remove", "--root", root]);

    const bare = await runCliInProcess([
      "panes",
      "up",
      "1",
      "--session",
      session,
      "--command",
      "sleep 600",
      "--no-hooks",
      "--root",
      root,
    ]);
    expect(bare.exitCode).toBe(0);
    await expect(readFile(join(root, ".claude/settings.local.json"), "utf8")).rejects.toThrow();
  });

  it("refuses a pane count that is not 1 to 16", async () => {
    const result = await runCliInProcess(["panes", "up", "0", "--root", root]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("from 1 to 16");
  });
});
