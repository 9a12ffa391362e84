/**
 * Questions about processes on this host: is a pid alive, and is it still the program we
 * think (a pid is reused once its process is gone).
 */
import { readFile } from "node:fs/promises";

/** Whether a process id names a live process on this host (EPERM: alive but not ours). */
export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The command line of a live process, "" where /proc is not available, undefined when gone. */
export async function commandLineOf(pid: number): Promise<string | undefined> {
  if (!isPidAlive(pid)) return undefined;
  const line = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  return line.replace(/\0/g, " ").trim();
}

/** A live process still running one of `programs` (checking the name guards against a reused pid). */
export async function isLiveProcessOf(
  pid: number | undefined,
  programs: readonly string[],
): Promise<boolean> {
  const commandLine = pid ? await commandLineOf(pid) : undefined;
  if (commandLine === undefined) return false;
  return commandLine === "" || programs.some((program) => commandLine.includes(program));
}
