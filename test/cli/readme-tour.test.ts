/**
 * The README's CLI tour, line by line as a new user types it: `npm link` from the checkout, then
 * every `switchyard …` line from a folder outside it, through a shell, with no login to Claude
 * Code (so `run-once` must say so). Lines that start long-lived things are run and stopped.
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, REPO } from "./run-cli.js";

/** The tour's lines: continuations joined, comments dropped. */
async function tourLines(): Promise<string[]> {
  const readme = await readFile(join(REPO, "README.md"), "utf8");
  const section = readme.split("## A quick tour of the CLI")[1]?.split("\n## ")[0] ?? "";
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return block
    .replace(/\\\n\s*/g, "")
    .split("\n")
    .map((line) => line.replace(/\s+#\s.*$/, "").trim())
    .filter(Boolean);
}

let home: string;
let prefix: string;
beforeAll(async () => {
  await ensureBuilt();
  home = await mkdtemp(join(tmpdir(), "switchyard-tour-"));
  prefix = join(home, "npm-prefix");
  await mkdir(prefix);
});
afterAll(() => rm(home, { recursive: true, force: true }));

/** This machine's environment without anything that could log Claude Code in or pick a root. */
function newUserEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !/^(ANTHROPIC_|CLAUDE_|SWITCHYARD_|XDG_)/.test(key)) env[key] = value;
  return {
    ...env,
    HOME: home,
    // npm link's global folder, here a scratch one, whose bin/ goes first on PATH.
    npm_config_prefix: prefix,
    PATH: `${join(prefix, "bin")}:${env.PATH ?? ""}`,
  };
}

describe("the README's CLI tour", () => {
  it("works line by line from outside the checkout", { timeout: 120_000 }, async () => {
    const lines = await tourLines();
    expect(lines[0]).toBe("npm link");
    expect(lines.length).toBeGreaterThan(10);
    const env = newUserEnv();
    let cwd = REPO;
    for (const line of lines) {
      if (line === "npm link") {
        // As written, but without `prepare`: dist/ is built already, and rebuilding it would pull it
        // from under the other test files running at the same time.
        const linked = await execa("npm", ["link", "--ignore-scripts"], {
          cwd,
          env,
          extendEnv: false,
          reject: false,
        });
        expect(linked.exitCode, linked.stderr).toBe(0);
        cwd = home; // from here on, nothing runs in the checkout
        continue;
      }
      const cd = /^cd (.+)$/.exec(line);
      if (cd) {
        cwd = (cd[1] ?? "").replace(/^~/, home);
        continue;
      }
      if (line.startsWith("switchyard panes")) continue; // tmux sessions: test/cli/panes.test.ts
      if (line.startsWith("switchyard daemon")) {
        const daemon = spawn("sh", ["-c", line], { cwd, env, stdio: "pipe", detached: true });
        let output = "";
        daemon.stdout?.on("data", (chunk: Buffer) => {
          output += chunk.toString();
        });
        const exited = new Promise((resolve) => daemon.once("exit", resolve));
        try {
          const deadline = Date.now() + 15_000;
          while (!output.includes("dashboard: http://127.0.0.1:") && Date.now() < deadline)
            await new Promise((resolve) => setTimeout(resolve, 100));
          expect(output, line).toContain(`watching ${join(home, "crew")}`);
        } finally {
          process.kill(-(daemon.pid ?? 0), "SIGINT"); // Ctrl-C: the whole foreground group
          await exited;
        }
        continue;
      }
      const result = await execa("sh", ["-c", line], {
        cwd,
        env,
        extendEnv: false,
        reject: false,
        timeout: 60_000,
      });
      if (line === "switchyard run-once") {
        // No login here: one failure that says what to do, not a usage mistake.
        expect(result.exitCode, result.stdout + result.stderr).toBe(1);
        expect(result.stdout).toMatch(/Claude Code is not logged in.*\/login/);
        continue;
      }
      expect(result.exitCode, `${line}\n${result.stdout}\n${result.stderr}`).toBe(0);
      expect(result.stderr, line).toBe("");
    }
    expect(await readFile(join(home, "crew/SHARED_MIND.md"), "utf8")).toMatch(
      /\[agent-a\]: Reddit blocks body links from new accounts/,
    );
  });
});
