import { constants } from "node:os";
import { execa } from "execa";
import type { LockInfo } from "../../shared/lock-file.js";
import { durationWords } from "../../shared/time-words.js";
import type { AcquireResult } from "../../core/locks/lock-store.js";
import {
  CliError,
  type Command,
  EXIT,
  type Io,
  type ParsedCommandArgs,
  requiredOption,
  secondsOption,
  stringOption,
  UsageError,
} from "../command.js";
import { openCrew } from "../crew.js";
import { formatTable } from "../table.js";

const describeHolders = (locks: LockInfo[]) =>
  locks
    .map(
      (lock) =>
        `${lock.holder}${lock.purpose ? ` (${lock.purpose})` : ""}, ${durationWords(lock.ageSeconds * 1000)}, ${lock.file}`,
    )
    .join("; ");

function resourceArgument(args: ParsedCommandArgs): string {
  const resource = args.positionals[0];
  if (!resource) throw new UsageError("name the resource to lock");
  return resource;
}

/** Turns a failed acquisition into the CLI's answer: exit 3 for busy, 1 otherwise. */
function failedAcquire(
  resource: string,
  result: Exclude<AcquireResult, { ok: true }>,
  waitSeconds: number,
): never {
  if (!result.busy) throw new CliError(result.reason, EXIT.usage);
  throw new CliError(
    `${resource} is busy${waitSeconds ? ` after waiting ${waitSeconds}s` : ""}: held by ${describeHolders(result.heldBy) || "another process"}`,
    EXIT.busy,
    "wait with --wait SECONDS, or remove the lock with `switchyard lock release` if its holder is gone",
  );
}

function reportBrokenLocks(result: AcquireResult, io: Io): void {
  if (!result.ok) return;
  for (const lock of result.brokeStale)
    io.err(`removed stale lock ${lock.file} held by ${lock.holder}: ${lock.staleReason}\n`);
}

export const lockAcquireCommand: Command = {
  path: ["lock", "acquire"],
  summary: "take a lock and print its path (exit 3 when still busy after --wait)",
  args: "<resource>",
  options: {
    as: { type: "string", value: "AGENT", help: "who takes the lock", required: true },
    purpose: { type: "string", value: "TEXT", help: "what the lock is for (its file's first line says it)" },
    wait: { type: "string", value: "SECONDS", help: "wait this long for a busy lock (default 0)" },
    pid: {
      type: "string",
      value: "PID",
      help: "a process on this machine whose end makes the lock stale at once",
    },
  },
  async run(args, io) {
    const resource = resourceArgument(args);
    const holder = requiredOption(args, "as", "the agent taking the lock");
    const waitSeconds = secondsOption(args, "wait", 0);
    const pid = stringOption(args, "pid");
    if (pid !== undefined && !/^\d+$/.test(pid))
      throw new UsageError(`--pid takes a process id (got "${pid}")`);
    const crew = await openCrew(args, io);
    const result = await crew.locks.acquire({
      resource,
      holder,
      purpose: stringOption(args, "purpose") ?? "",
      waitSeconds,
      ...(pid ? { pid: Number(pid) } : {}),
    });
    reportBrokenLocks(result, io);
    if (!result.ok) failedAcquire(resource, result, waitSeconds);
    io.out(`${result.path}\n`);
    return 0;
  },
};

export const lockReleaseCommand: Command = {
  path: ["lock", "release"],
  summary: "remove a lock (only the holder's, when --as is given)",
  args: "<resource|lock-path>",
  options: { as: { type: "string", value: "AGENT", help: "release only this holder's lock" } },
  async run(args, io) {
    const target = resourceArgument(args);
    const crew = await openCrew(args, io);
    const { released, notYours } = await crew.locks.release(target, stringOption(args, "as"));
    for (const lock of released)
      io.out(`released ${lock.file} (held by ${lock.holder} for ${durationWords(lock.ageSeconds * 1000)})\n`);
    if (notYours.length)
      throw new CliError(
        `not released: held by someone else: ${describeHolders(notYours)}`,
        EXIT.failure,
        "drop --as to release it anyway",
      );
    if (!released.length)
      throw new CliError(`no lock on ${target}`, EXIT.failure, "see `switchyard lock list`");
    return 0;
  },
};

export const lockListCommand: Command = {
  path: ["lock", "list"],
  summary: "list locks with holder, age and staleness",
  options: { json: { type: "boolean", help: "print the locks as JSON" } },
  async run(args, io) {
    const locks = await (await openCrew(args, io)).locks.list();
    if (args.values.json) io.out(`${JSON.stringify(locks, null, 2)}\n`);
    else if (!locks.length) io.out("no locks\n");
    else
      io.out(
        formatTable(
          ["RESOURCE", "HOLDER", "HELD FOR", "STATE", "PURPOSE"],
          locks.map((lock) => [
            lock.resource,
            lock.holder,
            durationWords(lock.ageSeconds * 1000),
            lock.stale ? `stale: ${lock.staleReason}` : "live",
            lock.purpose,
          ]),
        ),
      );
    return 0;
  },
};

export const lockRunCommand: Command = {
  path: ["lock", "run"],
  summary: "run a command while holding a lock; the lock is released on any exit",
  args: "<resource>",
  options: {
    as: { type: "string", value: "AGENT", help: "who takes the lock", required: true },
    purpose: { type: "string", value: "TEXT", help: "what the lock is for (default: the command line)" },
    wait: { type: "string", value: "SECONDS", help: "wait this long for a busy lock (default 0)" },
  },
  async run(args, io) {
    const resource = resourceArgument(args);
    const holder = requiredOption(args, "as", "the agent taking the lock");
    const [file, ...commandArgs] = args.rest;
    if (!file)
      throw new UsageError(
        "give the command to run after --",
        "switchyard lock run devto --as agent-a -- ./publish.sh",
      );
    const waitSeconds = secondsOption(args, "wait", 0);
    const crew = await openCrew(args, io);
    const store = crew.locks;
    const result = await store.acquire({
      resource,
      holder,
      purpose: stringOption(args, "purpose") ?? [file, ...commandArgs].join(" ").slice(0, 120),
      waitSeconds,
      pid: process.pid, // if this process dies, the lock is stale at once
    });
    reportBrokenLocks(result, io);
    if (!result.ok) failedAcquire(resource, result, waitSeconds);
    return runHoldingLock(file, commandArgs, io, () => store.release(result.path).then(() => undefined));
  },
};

/** Runs the command (no shell) with inherited stdio; signals reach it and the lock is always released. */
async function runHoldingLock(
  file: string,
  commandArgs: string[],
  io: Io,
  release: () => Promise<void>,
): Promise<number> {
  const child = execa(file, commandArgs, { stdio: "inherit", reject: false, cwd: io.cwd, env: io.env });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const signal of signals) process.on(signal, forward);
  try {
    const outcome = await child;
    if (outcome.failed && outcome.exitCode === undefined && !outcome.signal)
      throw new CliError(
        `could not run ${file}: ${outcome.shortMessage}`,
        127,
        "check the command's name and PATH",
      );
    return outcome.exitCode ?? 128 + signalNumber(outcome.signal);
  } finally {
    for (const signal of signals) process.off(signal, forward);
    await release();
  }
}

const signalNumber = (signal: string | undefined): number =>
  (signal ? constants.signals[signal as NodeJS.Signals] : undefined) ?? 0;
