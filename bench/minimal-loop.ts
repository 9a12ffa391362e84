/**
 * The realistic floor for any Node dispatcher: the smallest loop that claims a task file by
 * rename, spawns the worker, and archives the file with a footer, `concurrency` at a time.
 * No watcher, no records, no crash safety. Run as its own process by the daemon bench:
 * `node minimal-loop.js <inbox> <in_progress> <completed> <command> <concurrency>`.
 */
import { spawn } from "node:child_process";
import { readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";

const [inbox = "", inProgress = "", completed = "", command = "", concurrency = "4"] = process.argv.slice(2);

async function runOne(name: string): Promise<void> {
  const claimed = join(inProgress, name);
  await rename(join(inbox, name), claimed);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(command, [], { stdio: "ignore" });
    child.once("exit", resolve);
    child.once("error", () => resolve(-1));
  });
  const text = await readFile(claimed, "utf8");
  await writeFile(join(completed, name), `${text}\n---\nSTATUS: ${code === 0 ? "done" : "failed"}\n`);
  await unlink(claimed);
}

const names = (await readdir(inbox)).filter((name) => name.endsWith(".md")).sort();
let next = 0;
await Promise.all(
  Array.from({ length: Number(concurrency) }, async () => {
    while (next < names.length) await runOne(names[next++] as string);
  }),
);
