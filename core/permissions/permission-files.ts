/**
 * The permission request protocol, as files: whoever asks (a worker's permission prompt server,
 * or a pane's PermissionRequest hook) writes `.switchyard/permissions/<id>.request.json` and waits
 * for `<id>.answer.json` in the broker's answers folder, which only the host's broker writes.
 * Files, not a socket, so the asker needs nothing but the crew root, and a person can see what
 * waits with `ls`. `broker.json` says whether a host is there to ask (without one the asker does
 * not wait at all) and where its answers are.
 *
 * The answers live outside the crew root, in a folder only this user can write: a worker may
 * write anywhere in the root without asking (acceptEdits), so an answer it could write there
 * would let it allow itself. No zod here: the hook side runs on every permission prompt and must
 * start quickly.
 */
import { createHash, randomBytes } from "node:crypto";
import { watch } from "node:fs";
import { lstat, mkdir, readFile, realpath, rename, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, isAbsolute, join, relative, sep } from "node:path";
import type { Pane, PermissionDecision } from "../../shared/sessions.js";
import { crewPaths } from "../crew-root.js";
import { isPidAlive } from "../process/pid.js";

export interface BrokerInfo {
  pid: number;
  startedAt: string;
  waitSeconds: number;
  /** Where the broker writes answers: outside the crew root, writable by this user only. */
  answers: string;
}

export interface RequestFile {
  id: string;
  at: string;
  expiresAt: string;
  source: "worker" | "session";
  taskId?: string;
  agent?: string;
  sessionId?: string;
  pane?: Pane;
  tool: string;
  input: Record<string, unknown>;
  toolUseId?: string;
  /** The asking process: a request whose asker is gone is withdrawn. */
  askerPid: number;
}

export interface AnswerFile {
  decision: PermissionDecision;
  /** "operator", "timeout", "allowed for this task", "the host stopped". */
  by: string;
  at: string;
  message?: string;
}

export const brokerPath = (root: string) => join(crewPaths(root).permissions, "broker.json");
export const requestPath = (root: string, id: string) =>
  join(crewPaths(root).permissions, `${id}.request.json`);
export const answerPath = (answers: string, id: string) => join(answers, `${id}.answer.json`);
export const REQUEST_SUFFIX = ".request.json";
export const ANSWER_SUFFIX = ".answer.json";

/** This user's answers folder for a crew root, under the system's temp folder (mode 0700). */
export async function answersDirFor(root: string): Promise<string> {
  const real = await realpath(root).catch(() => root);
  const user = process.getuid?.() ?? "user";
  const hash = createHash("sha256").update(real).digest("hex").slice(0, 16);
  const dir = join(tmpdir(), `switchyard-${user}`, hash);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/**
 * Whether `dir` can be trusted with answers: outside the crew root (where a worker writes
 * freely), a real folder owned by this user, and writable by nobody else. A broker.json that
 * points elsewhere was not written by a broker.
 */
async function trustedAnswersDir(root: string, dir: unknown): Promise<string | undefined> {
  if (typeof dir !== "string" || !isAbsolute(dir)) return undefined;
  const realRoot = await realpath(root).catch(() => root);
  const realDir = await realpath(dir).catch(() => "");
  if (!realDir) return undefined;
  const inside = relative(realRoot, realDir);
  if (inside === "" || (!inside.startsWith(`..${sep}`) && inside !== ".." && !isAbsolute(inside)))
    return undefined;
  const found = await lstat(realDir).catch(() => undefined);
  if (!found?.isDirectory() || (found.mode & 0o022) !== 0) return undefined;
  if (process.getuid && found.uid !== process.getuid()) return undefined;
  return realDir;
}

/** A new request id: short and safe in a file name and in a Telegram button (64 bytes). */
export const newRequestId = (now: Date): string =>
  `${now.getTime().toString(36)}-${randomBytes(4).toString("hex")}`;

/** Written as a temp file renamed into place, so a watcher never reads half a file. */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(3).toString("hex")}.tmp`);
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temp, path);
}

export async function readJsonFile<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as T;
  } catch {
    return undefined; // not there (yet), or being replaced
  }
}

/** The broker of a live host, or undefined when no host is there to ask the operator. */
export async function liveBroker(root: string): Promise<BrokerInfo | undefined> {
  const broker = await readJsonFile<BrokerInfo>(brokerPath(root));
  if (!broker || typeof broker.pid !== "number" || !isPidAlive(broker.pid)) return undefined;
  const answers = await trustedAnswersDir(root, broker.answers);
  return answers ? { ...broker, answers } : undefined;
}

export interface AskOptions {
  /** How often the answer file and the broker are looked at besides the file watch. */
  pollMs?: number;
  /** Extra time past the request's expiry before the asker stops waiting on its own. */
  graceMs?: number;
  now?: () => Date;
  /** Aborting withdraws the request (the asker is being stopped). */
  signal?: AbortSignal;
  /** Called once the request is written, with its id. */
  onAsked?: (id: string) => Promise<void> | void;
}

export type AskOutcome =
  | { kind: "answered"; answer: AnswerFile }
  | { kind: "no-host" }
  | { kind: "unanswered"; why: string };

/**
 * Asks the operator through the host's broker and waits for the answer (bounded by the
 * broker's wait plus a grace). Never throws: a problem is an outcome the caller words.
 */
export async function askOperator(
  root: string,
  ask: Omit<RequestFile, "id" | "at" | "expiresAt" | "askerPid">,
  options: AskOptions = {},
): Promise<AskOutcome> {
  const now = options.now ?? (() => new Date());
  const broker = await liveBroker(root);
  if (!broker) return { kind: "no-host" };
  const at = now();
  const id = newRequestId(at);
  const request: RequestFile = {
    id,
    at: at.toISOString(),
    expiresAt: new Date(at.getTime() + broker.waitSeconds * 1000).toISOString(),
    askerPid: process.pid,
    ...ask,
  };
  try {
    await mkdir(crewPaths(root).permissions, { recursive: true });
    await writeJsonFile(requestPath(root, id), request);
    await options.onAsked?.(id);
  } catch (error) {
    return { kind: "unanswered", why: `the request could not be written: ${(error as Error).message}` };
  }
  const outcome = await waitForAnswer(root, id, Date.parse(request.expiresAt) + (options.graceMs ?? 5_000), {
    pollMs: options.pollMs ?? 250,
    brokerPid: broker.pid,
    answers: broker.answers,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  // The broker removes the request once it answers; the answer is the asker's to clean up.
  if (outcome.kind === "answered") await unlink(answerPath(broker.answers, id)).catch(() => undefined);
  else await unlink(requestPath(root, id)).catch(() => undefined);
  return outcome;
}

async function waitForAnswer(
  root: string,
  id: string,
  deadlineMs: number,
  options: { pollMs: number; brokerPid: number; answers: string; signal?: AbortSignal },
): Promise<AskOutcome> {
  const path = answerPath(options.answers, id);
  return new Promise<AskOutcome>((resolve) => {
    let settled = false;
    let checking = false;
    const finish = (outcome: AskOutcome) => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      watcher?.close();
      options.signal?.removeEventListener("abort", onAbort);
      resolve(outcome);
    };
    const onAbort = () => finish({ kind: "unanswered", why: "the asker was stopped" });
    options.signal?.addEventListener("abort", onAbort);
    const check = async () => {
      if (settled || checking) return;
      checking = true;
      const answer = await readJsonFile<AnswerFile>(path);
      if (answer?.decision) return finish({ kind: "answered", answer });
      if (!(await readJsonFile(requestPath(root, id)))) {
        // The broker writes the answer before it removes the request: look once more.
        const late = await readJsonFile<AnswerFile>(path);
        checking = false;
        return finish(
          late?.decision ? { kind: "answered", answer: late } : { kind: "unanswered", why: "withdrawn" },
        );
      }
      checking = false;
      if (Date.now() >= deadlineMs) return finish({ kind: "unanswered", why: "nobody answered in time" });
      if (!isPidAlive(options.brokerPid)) finish({ kind: "unanswered", why: "the Switchyard host stopped" });
    };
    let watcher: ReturnType<typeof watch> | undefined;
    try {
      watcher = watch(options.answers, (_event, name) => {
        if (name === `${id}.answer.json`) void check();
      });
      watcher.on("error", () => undefined); // the poll still runs
    } catch {
      watcher = undefined;
    }
    const poll = setInterval(() => void check(), options.pollMs);
    if (options.signal?.aborted) onAbort();
    else void check();
  });
}
