/**
 * Starting a host on a root: a second daemon next to a live one says so and what it does
 * instead of doubling the heartbeat and the notifications, and what a kill -9 left half-written
 * (temp files, guards) is cleaned up by the next start.
 */
import { spawnSync } from "node:child_process";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { startDaemon, type DaemonProcess } from "../support/cli-process.js";
import { ensureBuilt } from "../cli/run-cli.js";
import { type CrewFixture, makeCrew } from "../support/crew-fixture.js";
import { startDaemonApi } from "../support/daemon-api.js";

let crew: CrewFixture | undefined;
const daemons: DaemonProcess[] = [];
beforeAll(ensureBuilt, 60_000);
afterEach(async () => {
  for (const daemon of daemons.splice(0)) await daemon.stop("SIGKILL");
  await crew?.cleanup();
  crew = undefined;
});

/** A process id that certainly belonged to a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  if (!child.pid) throw new Error("could not spawn node");
  return child.pid;
}

describe("starting a daemon", { timeout: 60_000 }, () => {
  it("refuses to run next to a live host on the same root, saying which and what to do; starts once it is gone", async () => {
    crew = await makeCrew({ costs: { importInteractive: false }, notifications: { desktop: false } });
    const first = await startDaemonApi(crew.root);
    daemons.push(first.daemon);
    const second = startDaemon(["--root", crew.root]);
    daemons.push(second);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(
      `another Switchyard host (switchyard daemon, pid ${first.daemon.child.pid}) already runs this crew root`,
    );
    expect(second.output()).toContain(`its dashboard: ${first.base}/`);
    expect(second.output()).not.toContain("watching");
    await first.daemon.stop("SIGKILL");
    const third = await startDaemonApi(crew.root);
    daemons.push(third.daemon);
    expect(third.alive()).toBe(true);
  });

  it("cleans up the temp files and guards a kill -9 left, and only those", async () => {
    crew = await makeCrew({ costs: { importInteractive: false }, notifications: { desktop: false } });
    const dead = deadPid();
    const leftovers = [
      `coordination/for_agent_a/.20261126-101010-summarize.md.${dead}.4f2a.tmp`,
      `coordination/completed/.report.md.${dead}.0.tmp`,
      `.switchyard/.approvals.json.${dead}.7.tmp`,
      `.switchyard/runs/old/.run.json.${dead}.3.tmp`,
      `coordination/in_progress/.devto-1790000000.lock.${dead}.removing`,
    ];
    const kept = [
      "coordination/for_agent_a/.draft.md.tmp", // another writer's, not ours
      `coordination/for_agent_a/.live.md.${process.pid}.1.tmp`, // a writer that is still alive
    ];
    await mkdir(join(crew.root, ".switchyard/runs/old"), { recursive: true });
    for (const path of [...leftovers, ...kept]) await writeFile(join(crew.root, path), "half");
    await writeFile(join(crew.root, "coordination/in_progress/.devto.guard"), `${dead}\n`);
    await writeFile(join(crew.root, ".switchyard/.approvals.json.guard"), `${dead}\n`);
    const api = await startDaemonApi(crew.root);
    daemons.push(api.daemon);
    const dotFiles = async (dir: string) =>
      (await readdir(join(crew?.root ?? "", dir)))
        .filter((name) => name.startsWith("."))
        .map((name) => `${dir}/${name}`);
    const left = [
      ...(await dotFiles("coordination/for_agent_a")),
      ...(await dotFiles("coordination/completed")),
      ...(await dotFiles("coordination/in_progress")),
      ...(await dotFiles(".switchyard")),
      ...(await dotFiles(".switchyard/runs/old")),
    ];
    // The daemon's own writes in flight (a heartbeat, say) carry its pid: alive, so not leftovers.
    const ownWrite = `.${api.daemon.child.pid}.`;
    expect(left.filter((path) => !path.startsWith(".switchyard/.host") && !path.includes(ownWrite))).toEqual(
      kept.sort(),
    );
  });
});
