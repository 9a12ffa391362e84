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

/** One option as the parser reads it and as `--help` explains it, so the two can never disagree. */
export interface OptionHelp {
  type: "string" | "boolean";
  short?: string;
  /** The value's name in help (`--wait SECONDS`); string options only. */
  value?: string;
  /** What it does, in a few words. */
  help: string;
  /** Shown without brackets in the usage line (the command still checks it). */
  required?: boolean;
}

export type OptionSpec = Record<string, OptionHelp>;

export interface Command {
  /** Words that select the command, e.g. ["lock", "acquire"]. */
  path: string[];
  summary: string;
  /** The positional arguments' synopsis, e.g. "<resource>" or "TEXT". */
  args?: string;
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
  root: {
    type: "string",
    value: "DIR",
    help: "the crew root (default: $SWITCHYARD_ROOT, else the current folder)",
  },
  help: { type: "boolean", short: "h", help: "show this help" },
};

/** The spec in the shape node:util's parseArgs takes. */
export function parserOptions(options: OptionSpec): NonNullable<ParseArgsConfig["options"]> {
  return Object.fromEntries(
    Object.entries({ ...COMMON_OPTIONS, ...options }).map(([name, option]) => [
      name,
      { type: option.type, ...(option.short ? { short: option.short } : {}) },
    ]),
  );
}

const optionWords = (name: string, option: OptionHelp) =>
  `--${name}${option.type === "string" ? ` ${option.value ?? "VALUE"}` : ""}`;

/** `switchyard lock acquire <resource> --as AGENT [--purpose TEXT] [--wait SECONDS] [--root DIR]` */
export function usageLine(command: Command): string {
  const options = Object.entries(command.options).map(([name, option]) =>
    option.required ? optionWords(name, option) : `[${optionWords(name, option)}]`,
  );
  return ["switchyard", ...command.path, command.args ?? "", ...options, "[--root DIR]"]
    .filter(Boolean)
    .join(" ");
}

/** The command's `--help`: generated from its option spec, every option listed. */
export function commandHelp(command: Command): string {
  const rows = Object.entries({ ...command.options, ...COMMON_OPTIONS }).map(([name, option]) => [
    `${option.short ? `-${option.short}, ` : ""}${optionWords(name, option)}`,
    `${option.help}${option.required ? " (required)" : ""}`,
  ]);
  const width = Math.max(...rows.map(([words]) => (words ?? "").length));
  return [
    command.summary,
    "",
    `usage: ${usageLine(command)}`,
    "",
    "options:",
    ...rows.map(([words, help]) => `  ${(words ?? "").padEnd(width)}  ${help}`),
    "",
  ].join("\n");
}

export function parseCommandArgs(argv: string[], options: OptionSpec): ParsedCommandArgs {
  const dashDash = argv.indexOf("--");
  const own = dashDash >= 0 ? argv.slice(0, dashDash) : argv;
  const rest = dashDash >= 0 ? argv.slice(dashDash + 1) : [];
  try {
    const { values, positionals } = parseArgs({
      args: own,
      options: parserOptions(options),
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
