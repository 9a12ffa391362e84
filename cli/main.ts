/**
 * `switchyard` command line: finds the command from the leading words, parses its options
 * (including `--root DIR` anywhere), and turns errors into a message, a hint and an exit code.
 */
import { parseArgs } from "node:util";
import {
  CliError,
  type Command,
  commandHelp,
  EXIT,
  type Io,
  type OptionSpec,
  parseCommandArgs,
  parserOptions,
  usageLine,
} from "./command.js";
import { closestName } from "../shared/closest-name.js";
import { daemonCommand, runOnceCommand } from "./commands/engine.js";
import {
  hookCommand,
  hooksInstallCommand,
  hooksRemoveCommand,
  permissionPromptCommand,
} from "./commands/hooks.js";
import { initCommand } from "./commands/init.js";
import { panesDownCommand, panesListCommand, panesUpCommand } from "./commands/panes.js";
import { lockAcquireCommand, lockListCommand, lockReleaseCommand, lockRunCommand } from "./commands/lock.js";
import { stateLearnCommand } from "./commands/state.js";
import { statusCommand } from "./commands/status.js";
import {
  taskAddCommand,
  taskApproveCommand,
  taskCancelCommand,
  taskEditCommand,
  taskQueueCommand,
  taskRejectCommand,
  taskRetryCommand,
  taskRunNowCommand,
  taskTierCommand,
} from "./commands/task.js";

export const COMMANDS: Command[] = [
  initCommand,
  statusCommand,
  taskAddCommand,
  taskApproveCommand,
  taskQueueCommand,
  taskRejectCommand,
  taskRunNowCommand,
  taskTierCommand,
  taskEditCommand,
  taskCancelCommand,
  taskRetryCommand,
  lockAcquireCommand,
  lockReleaseCommand,
  lockListCommand,
  lockRunCommand,
  stateLearnCommand,
  runOnceCommand,
  daemonCommand,
  panesUpCommand,
  panesListCommand,
  panesDownCommand,
  hooksInstallCommand,
  hooksRemoveCommand,
  hookCommand,
  permissionPromptCommand,
];

const defaultIo = (): Io => ({
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
});

export function usage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.path.join(" ").length));
  return [
    "switchyard: coordinate a crew of AI coding agents over plain files",
    "",
    "usage: switchyard <command> [options] [--root DIR]",
    "",
    "commands:",
    ...COMMANDS.map((command) => `  ${command.path.join(" ").padEnd(width)}  ${command.summary}`),
    "",
    "Every command takes --root DIR (default: $SWITCHYARD_ROOT, else the current folder) and --help.",
    "",
  ].join("\n");
}

/**
 * The positional words of `argv` with their indexes, read with `options` so that an option's
 * value (`--root DIR`, `--as agent-a`) is never mistaken for a command word.
 */
function positionalWords(argv: string[], options: OptionSpec): { value: string; index: number }[] {
  const { tokens } = parseArgs({
    args: argv,
    options: parserOptions(options),
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  return tokens.flatMap((token) =>
    token.kind === "positional" ? [{ value: token.value, index: token.index }] : [],
  );
}

/**
 * What to say about words that name no command: the group's verbs when the first word is a
 * group, else the closest command. Only the words are echoed, never the options around them.
 */
function unknownCommand(words: string[]): string {
  const [first = "", second] = words;
  const group = COMMANDS.filter((command) => command.path[0] === first && command.path.length > 1);
  const names = (commands: Command[]) => commands.map((command) => command.path.join(" "));
  if (group.length) {
    const verb =
      second === undefined
        ? undefined
        : closestName(
            second,
            group.map((command) => command.path[1] ?? ""),
          );
    if (verb) return `switchyard: unknown command "${first} ${second}"; did you mean "${first} ${verb}"?`;
    return `switchyard: which one? ${names(group).join(", ")}${second === undefined ? "" : ` (not "${second}")`}`;
  }
  const guess = closestName(first, [...new Set(COMMANDS.map((command) => command.path[0] ?? ""))]);
  return guess
    ? `switchyard: unknown command "${first}"; did you mean "${guess}"? (switchyard --help lists every command)`
    : `switchyard: unknown command "${first}"; switchyard --help lists every command`;
}

/** The command whose words start `argv` (ignoring options), and the arguments after those words. */
function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  const matches = COMMANDS.flatMap((command) => {
    const words = positionalWords(argv, command.options).slice(0, command.path.length);
    if (!command.path.every((word, index) => words[index]?.value === word)) return [];
    const commandWords = new Set(words.map((word) => word.index));
    return [{ command, rest: argv.filter((_, index) => !commandWords.has(index)) }];
  });
  return matches.sort((a, b) => b.command.path.length - a.command.path.length)[0];
}

export async function runCli(argv: string[], io: Io = defaultIo()): Promise<number> {
  const beforeDashDash = argv.includes("--") ? argv.slice(0, argv.indexOf("--")) : argv;
  const found = findCommand(beforeDashDash);
  if (!found) {
    if (
      beforeDashDash.length === 0 ||
      beforeDashDash.some((arg) => arg === "--help" || arg === "-h" || arg === "help")
    ) {
      io.out(usage());
      return EXIT.ok;
    }
    io.err(`${unknownCommand(positionalWords(beforeDashDash, {}).map((word) => word.value))}\n`);
    return EXIT.usage;
  }
  const { command } = found;
  const rest = [...found.rest, ...argv.slice(beforeDashDash.length)];
  try {
    const args = parseCommandArgs(rest, command.options);
    if (args.values.help) {
      io.out(commandHelp(command));
      return EXIT.ok;
    }
    return await command.run(args, io);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    io.err(`switchyard ${command.path.join(" ")}: ${error.message}\n`);
    if (error.hint) io.err(`hint: ${error.hint}\n`);
    if (error.exitCode === EXIT.usage) io.err(`usage: ${usageLine(command)}\n`);
    return error.exitCode;
  }
}
