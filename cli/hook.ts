/**
 * `switchyard hook <event> [--root DIR]`: what the hooks `switchyard hooks install` adds run.
 * Claude Code pipes the hook's JSON in; this appends one line to the crew's session log and
 * exits 0, whatever happens, within a bounded time: a hook must never fail or stall the
 * operator's session, and the host may well be down. A pane's PermissionRequest is the one
 * exception that waits: when a host runs, it holds the request open so the operator can answer
 * from the window, the tray or Telegram, while the pane shows its own prompt as usual.
 *
 * `bin/switchyard.js` imports this file alone (not the whole CLI) for `hook`, because it runs
 * on every tool call; keep its imports small.
 */
import { appendFile, mkdir, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { crewPaths } from "../core/crew-root.js";
import { type HookRecord, hookRecord } from "../core/sessions/hook-record.js";

export interface HookIo {
  stdin: NodeJS.ReadableStream;
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The Claude Code process: the installed command `exec`s node, so this is the hook's parent. */
  parentPid: number;
  now?: () => Date;
}

/** An observational hook gives up after this long rather than hold up the session. */
export const OBSERVE_LIMIT_MS = 2_000;
const MAX_INPUT_BYTES = 1_000_000;

function optionValue(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(`--${name}`);
  if (index >= 0) return argv[index + 1];
  return argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function readInput(stdin: NodeJS.ReadableStream): Promise<string> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stdin.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_INPUT_BYTES) chunks.push(chunk);
    });
    stdin.on("end", () => done(Buffer.concat(chunks).toString("utf8")));
    stdin.on("error", () => done(""));
  });
}

const isCrewRoot = (root: string) =>
  stat(crewPaths(root).coordination).then(
    (found) => found.isDirectory(),
    () => false,
  );

async function append(root: string, record: HookRecord): Promise<void> {
  const path = crewPaths(root).sessionEvents;
  await mkdir(dirname(path), { recursive: true });
  // One write of one line with O_APPEND: concurrent hooks never interleave within a line.
  await appendFile(path, `${JSON.stringify(record)}\n`);
}

/** What Claude Code reads from a PermissionRequest hook's stdout. */
function permissionOutput(decision: "allow-once" | "allow-task" | "deny", tool: string, message?: string) {
  const behavior =
    decision === "deny"
      ? { behavior: "deny", message: message ?? "the operator denied it from Switchyard" }
      : decision === "allow-task"
        ? {
            behavior: "allow",
            // "Allow for this task", in a pane: the same tool is allowed for the rest of the session.
            updatedPermissions: [
              { type: "addRules", rules: [{ toolName: tool }], behavior: "allow", destination: "session" },
            ],
          }
        : { behavior: "allow" };
  return { hookSpecificOutput: { hookEventName: "PermissionRequest", decision: behavior } };
}

/** Runs one hook call; the exit code is always 0. */
export async function runHook(argv: string[], io: HookIo): Promise<number> {
  const event = argv.find((arg, index) => !arg.startsWith("--") && argv[index - 1] !== "--root");
  const root = resolve(
    io.cwd,
    optionValue(argv, "root") ?? io.env.SWITCHYARD_ROOT ?? io.env.CLAUDE_PROJECT_DIR ?? ".",
  );
  const now = io.now ?? (() => new Date());
  try {
    if (!event || !(await isCrewRoot(root))) return 0;
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(await readInput(io.stdin)) as Record<string, unknown>;
    } catch {
      return 0; // not what Claude Code sends: nothing to record
    }
    const record = hookRecord(event, input, io.env, io.parentPid, now());
    if (!record) return 0;
    // A worker asks through its own permission prompt server; a pane asks here.
    if (record.event !== "PermissionRequest" || record.task || !record.tool) {
      await append(root, record);
      return 0;
    }
    const tool = record.tool;
    // Loaded only here: most hook calls never ask anything, and each millisecond is the session's.
    const { askOperator } = await import("../core/permissions/permission-files.js");
    const outcome = await askOperator(
      root,
      {
        source: "session",
        sessionId: record.session,
        tool,
        input: record.input ?? {},
        ...(record.agent ? { agent: record.agent } : {}),
        ...(record.pane ? { pane: { id: record.pane } } : {}),
        ...(record.toolUseId ? { toolUseId: record.toolUseId } : {}),
      },
      { now, onAsked: (id) => append(root, { ...record, permissionId: id }) },
    );
    if (outcome.kind === "no-host") await append(root, record);
    if (outcome.kind === "answered")
      io.out(JSON.stringify(permissionOutput(outcome.answer.decision, tool, outcome.answer.message)));
    // Unanswered: no output, so the pane's own prompt decides, as without Switchyard.
  } catch (error) {
    io.err(`switchyard hook ${event ?? ""}: ${(error as Error).message}\n`);
  }
  return 0;
}

/** The process around `runHook`: real streams, and a hard stop so a hook never lingers. */
export async function hookMain(argv: string[]): Promise<void> {
  const waits = argv.includes("PermissionRequest");
  if (!waits) setTimeout(() => process.exit(0), OBSERVE_LIMIT_MS).unref();
  await runHook(argv, {
    stdin: process.stdin,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    parentPid: process.ppid,
  });
  process.exitCode = 0;
}
