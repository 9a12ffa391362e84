/**
 * What every CLI command shares: its parsed arguments, its streams, and the errors that
 * become a message on stderr and an exit code (never a stack trace for a user's mistake).
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

export const EXIT = { ok: 0, failure: 1, usage: 2, busy: 3 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.usage, hint);
  }
}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

export interface Command {
  /** Words that select the command, e.g. ["lock", "acquire"]. */
  path: string[];
  summary: string;
  usage: string;
  options: OptionSpec;
  run(args: ParsedCommandArgs, io: Io): Promise<number>;
}

export interface ParsedCommandArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** Everything after a bare `--` (the command of `lock run`). */
  rest: string[];
}

/** Options every command takes, wherever they appear on the line. */
export const COMMON_OPTIONS: OptionSpec = {
  root: { type: "string" },
  help: { type: "boolean", short: "h" },
};

export function parseCommandArgs(argv: string[], options: OptionSpec): ParsedCommandArgs {
  const dashDash = argv.indexOf("--");
  const own = dashDash >= 0 ? argv.slice(0, dashDash) : argv;
  const rest = dashDash >= 0 ? argv.slice(dashDash + 1) : [];
  try {
    const { values, positionals } = parseArgs({
      args: own,
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedCommandArgs["values"], positionals, rest };
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify.*$/s, "."));
  }
}

export const stringOption = (args: ParsedCommandArgs, name: string): string | undefined => {
  const value = args.values[name];
  return typeof value === "string" ? value : undefined;
};

export function requiredOption(args: ParsedCommandArgs, name: string, what: string): string {
  const value = stringOption(args, name);
  if (!value) throw new UsageError(`--${name} is required: ${what}`);
  return value;
}

/** A non-negative number of seconds from an option such as `--wait 5`. */
export function secondsOption(args: ParsedCommandArgs, name: string, fallback: number): number {
  const value = stringOption(args, name);
  if (value === undefined) return fallback;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new UsageError(`--${name} takes a number of seconds (got "${value}")`);
  return seconds;
}
