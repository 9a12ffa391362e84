/**
 * Starts the real compiled tray app (dist/electron/main.js) in a child Node process whose
 * "electron" is the double, and drives it from a test: `send` a command (control.ts), read
 * `state()`, wait for the state or the output to show something. Run `npm run build` first.
 */
import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ControlCommand, DoubleState } from "./control.js";

const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
export const MAIN_JS = join(REPO_ROOT, "dist/electron/main.js");
const REGISTER = new URL("./register.mjs", import.meta.url).href;

export interface LaunchOptions {
  /** The crew root (SWITCHYARD_ROOT). */
  root: string;
  /** HOME and XDG_CONFIG_HOME live here, so the user's own config is never touched. */
  home: string;
  platform?: "linux" | "darwin" | "win32";
  packaged?: boolean;
  /** Another instance already holds the single-instance lock. */
  otherInstance?: boolean;
  notificationsUnsupported?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Another build of the main process (the packaged app's, extracted); dist/electron/main.js by default. */
  mainJs?: string;
}

export interface TrayAppProcess {
  child: ChildProcess;
  output(): string;
  send<T = unknown>(command: ControlCommand): Promise<T>;
  state(withCalls?: boolean): Promise<DoubleState>;
  /** Polls the state until `test` holds, or fails with the last state and the output. */
  waitForState(test: (state: DoubleState) => boolean, what: string, timeoutMs?: number): Promise<DoubleState>;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** The exit code once the process ended (after quit), as Electron's would. */
  exited: Promise<number | null>;
  kill(): Promise<void>;
}

export function launchTrayApp(options: LaunchOptions): TrayAppProcess {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    TMPDIR: process.env.TMPDIR,
    HOME: options.home,
    XDG_CONFIG_HOME: join(options.home, ".config"),
    SWITCHYARD_ROOT: options.root,
    ELECTRON_DOUBLE_PLATFORM: options.platform ?? "linux",
    ...(options.packaged ? { ELECTRON_DOUBLE_PACKAGED: "1" } : {}),
    ...(options.otherInstance ? { ELECTRON_DOUBLE_OTHER_INSTANCE: "1" } : {}),
    ...(options.notificationsUnsupported ? { ELECTRON_DOUBLE_NO_NOTIFICATIONS: "1" } : {}),
    ...options.env,
  };
  const child = fork(options.mainJs ?? MAIN_JS, [], {
    cwd: options.home,
    env,
    execArgv: ["--import", REGISTER],
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    serialization: "advanced",
  });
  let output = "";
  const onOutput = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    for (const listener of onOutput) listener();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = once(child, "exit").then(([code]) => code as number | null);

  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  child.on("message", (message: { id?: number; ok?: boolean; value?: unknown; error?: string }) => {
    if (message.id === undefined) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) waiter?.resolve(message.value);
    else waiter?.reject(new Error(message.error));
  });
  void exited.then(() => {
    for (const waiter of pending.values()) waiter.reject(new Error(`the tray app exited:\n${output}`));
    pending.clear();
  });

  const send = <T>(command: ControlCommand): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (!child.connected) return reject(new Error(`the tray app is not running:\n${output}`));
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, command });
    });
  const state = (withCalls = false) => send<DoubleState>({ kind: "state", withCalls });

  return {
    child,
    output: () => output,
    send,
    state,
    async waitForState(test, what, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const current = await state();
        if (test(current)) return current;
        if (Date.now() > deadline)
          throw new Error(
            `never saw ${what}; last state:\n${JSON.stringify(current, null, 2)}\noutput:\n${output}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    waitForOutput(pattern, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (!match) return;
          done();
          resolve(match);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`output never matched ${pattern}:\n${output}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          onOutput.delete(check);
        };
        onOutput.add(check);
        check();
      });
    },
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
