/**
 * A real `switchyard daemon` child process and its HTTP API, for tests that must show the
 * daemon survives (and answers) whatever is done to it.
 */
import { type DaemonProcess, startDaemon } from "./cli-process.js";

export interface DaemonApi {
  daemon: DaemonProcess;
  /** `http://127.0.0.1:<port>` */
  base: string;
  token: string;
  /** POST /api/<name> with the token; the parsed reply and its HTTP status. */
  post(name: string, body: unknown): Promise<{ status: number; body: unknown }>;
  /** GET with the token, raw. */
  get(path: string): Promise<{ status: number; text: string }>;
  alive(): boolean;
}

export async function startDaemonApi(root: string, env: NodeJS.ProcessEnv = process.env): Promise<DaemonApi> {
  const daemon = startDaemon(["--root", root], env);
  const [, base, token] = await daemon.waitFor(/dashboard: (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/);
  const auth = { Authorization: `Bearer ${token}` };
  return {
    daemon,
    base: base ?? "",
    token: token ?? "",
    async post(name, body) {
      const response = await fetch(`${base}/api/${name}`, {
        method: "POST",
        headers: { ...auth, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    async get(path) {
      const response = await fetch(`${base}${path}`, { headers: auth });
      return { status: response.status, text: await response.text() };
    },
    alive: () => daemon.child.exitCode === null && daemon.child.signalCode === null,
  };
}

/** Polls `check` until it holds, failing with `what` after `timeoutMs`. */
export async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
