import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig, readConfigText } from "../../../core/config/config-file.js";
import { readIfExists } from "../../../core/fs/read-if-exists.js";
import { readStatus } from "../../../core/status.js";
import { crewConfig, makeCrew, SEED_TASK } from "../../support/crew-fixture.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe("reading files that may be missing", () => {
  it("answers undefined for a missing file and the text for one that is there", async () => {
    const dir = await mkdtemp(join(tmpdir(), "switchyard-read-"));
    dirs.push(dir);
    expect(await readIfExists(join(dir, "nothing.md"))).toBeUndefined();
    await writeFile(join(dir, "notes.md"), "hello");
    expect(await readIfExists(join(dir, "notes.md"))).toBe("hello");
  });

  it("refuses a FIFO without blocking, and a device that never ends", async () => {
    const dir = await mkdtemp(join(tmpdir(), "switchyard-read-"));
    dirs.push(dir);
    execFileSync("mkfifo", [join(dir, "pipe.md")]);
    await symlink("/dev/zero", join(dir, "zero.md"));
    await expect(readIfExists(join(dir, "pipe.md"))).rejects.toThrow(
      /pipe\.md is a FIFO \(named pipe\), not a plain file/,
    );
    await expect(readIfExists(join(dir, "zero.md"))).rejects.toThrow(
      /zero\.md is a device, not a plain file/,
    );
  });

  it("does not pass off a file it cannot read as a missing one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "switchyard-read-"));
    dirs.push(dir);
    await mkdir(join(dir, "a-folder.md"));
    await expect(readIfExists(join(dir, "a-folder.md"))).rejects.toThrow(
      /a-folder\.md is a folder, not a plain file/,
    );
  });

  it("refuses a switchyard.json it cannot read instead of running on the defaults", async () => {
    const crew = await makeCrew();
    dirs.push(crew.root);
    await rm(join(crew.root, "switchyard.json"));
    await mkdir(join(crew.root, "switchyard.json"));
    await expect(loadConfig(crew.root)).rejects.toThrow(/switchyard\.json is a folder, not a plain file/);
    await expect(readConfigText(crew.root)).rejects.toThrow(/switchyard\.json is a folder, not a plain file/);
  });

  it("lists a claimed task whose run record is unreadable as a problem in the status", async () => {
    const crew = await makeCrew();
    dirs.push(crew.root);
    const config = await crewConfig(crew);
    await writeFile(join(crew.root, "coordination/in_progress/listing.md"), SEED_TASK);
    await mkdir(join(crew.root, ".switchyard/runs/listing"), { recursive: true });
    await writeFile(join(crew.root, ".switchyard/runs/listing/run.json"), "{ half a record");
    const status = await readStatus(crew.root, config);
    expect(status.inProgress.map((task) => task.id)).toEqual(["listing"]);
    expect(status.problems).toEqual([
      expect.stringMatching(/in_progress\/listing\.md: run record listing is unreadable/),
    ]);
  });
});
