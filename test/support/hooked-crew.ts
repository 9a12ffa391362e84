/**
 * A crew root with Switchyard's hooks installed, a real daemon on it, and the real `claude`
 * CLI answered by the Messages API stand-in: what the sessions, permission and conflict tests
 * drive. Needs `npm run build` (the hooks and the daemon run the built CLI).
 */
import { execa } from "execa";
import { join } from "node:path";
import type { Status } from "../../shared/status.js";
import { installHooks } from "../../core/sessions/hooks-install.js";
import { CLAUDE_BIN, claudeEnv } from "../../bench/support/claude-cli.js";
import { type ClaudeCrew, claudeCrew } from "./claude-crew.js";
import { type DaemonProcess, SWITCHYARD_BIN, startDaemon } from "./cli-process.js";
import type { StandinScript } from "../../bench/support/messages-api-standin.js";

export interface HookedCrew extends ClaudeCrew {
  daemon: DaemonProcess;
  api<T = unknown>(path: string, body?: unknown): Promise<T>;
  status(): Promise<Status>;
  /** Polls the status until `check` finds what it wants (or fails after `timeoutMs`). */
  until<T>(what: string, check: (status: Status) => T | undefined, timeoutMs?: number): Promise<T>;
  /** One `claude -p` session in the crew root (not a worker), as a person in a pane would run it. */
  claudeSession(
    prompt: string,
    env?: Record<string, string>,
    args?: string[],
  ): Promise<{ exitCode: number | undefined; stdout: string }>;
  stopAll(): Promise<void>;
}

export async function hookedCrew(
  script: (root: string) => StandinScript,
  extra: Record<string, unknown> = {},
): Promise<HookedCrew> {
  const base = await claudeCrew(script, { notifications: { desktop: false }, ...extra });
  const root = base.crew.root;
  const installed = await installHooks(root, { waitSeconds: 30, bin: SWITCHYARD_BIN });
  if (!installed.ok) throw new Error(installed.reason);
  const daemon = startDaemon(["--root", root, "--port", "0"]);
  const dashboard = (await daemon.waitFor(/dashboard: (\S+)/))[1] ?? "";
  const base_url = dashboard.split("#")[0] ?? "";
  const token = dashboard.split("#token=")[1] ?? "";
  const api = async <T>(path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${base_url}api/${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const status = () => api<Status>("status");
  return {
    ...base,
    daemon,
    api,
    status,
    async until(what, check, timeoutMs = 25_000) {
      const deadline = Date.now() + timeoutMs;
      let last: Status | undefined;
      while (Date.now() < deadline) {
        last = await status();
        const found = check(last);
        if (found !== undefined && found !== false) return found;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(
        `never saw ${what}; last status: ${JSON.stringify(last, null, 1).slice(0, 3000)}\n${daemon.output()}`,
      );
    },
    async claudeSession(prompt, env = {}, args = []) {
      const result = await execa(
        CLAUDE_BIN,
        [
          "-p",
          prompt,
          "--output-format",
          "stream-json",
          "--verbose",
          "--model",
          "sonnet",
          "--permission-mode",
          "acceptEdits",
          ...args,
        ],
        {
          cwd: root,
          env: { ...claudeEnv(base.standin.url, base.sandbox), ...env },
          extendEnv: false,
          reject: false,
          stdin: "ignore",
          timeout: 30_000,
        },
      );
      return { exitCode: result.exitCode, stdout: String(result.stdout) };
    },
    async stopAll() {
      await daemon.stop();
      await base.cleanup();
    },
  };
}

export const outputPath = (root: string, name: string) => join(root, "outputs", name);
