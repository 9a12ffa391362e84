/**
 * The dashboard keeps its port across restarts, so a tab left open finds the host again; it
 * takes another only when that one is taken, and a port the operator named is never swapped.
 */
import { once } from "node:events";
import { createServer } from "node:net";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "../cli/run-cli.js";
import { type DaemonProcess, startDaemon } from "../support/cli-process.js";
import { type CrewFixture, makeCrew } from "../support/crew-fixture.js";

let crew: CrewFixture | undefined;
const daemons: DaemonProcess[] = [];
beforeAll(ensureBuilt);
afterEach(async () => {
  for (const daemon of daemons.splice(0)) await daemon.stop();
  await crew?.cleanup();
  crew = undefined;
});

async function dashboardPort(root: string, args: string[] = []): Promise<number> {
  const daemon = startDaemon(["--root", root, ...args]);
  daemons.push(daemon);
  const [, port] = await daemon.waitFor(/dashboard: http:\/\/127\.0\.0\.1:(\d+)\//);
  return Number(port);
}

async function stopAll(): Promise<void> {
  for (const daemon of daemons.splice(0)) await daemon.stop();
}

describe("the dashboard's port", () => {
  it("is the same after a restart, and another only when that one is taken", async () => {
    crew = await makeCrew();
    const first = await dashboardPort(crew.root);
    await stopAll();
    expect(await dashboardPort(crew.root)).toBe(first);
    await stopAll();
    const squatter = createServer().listen(first, "127.0.0.1");
    await once(squatter, "listening");
    try {
      const moved = await dashboardPort(crew.root);
      expect(moved).not.toBe(first);
    } finally {
      squatter.close();
    }
  });

  it("is never swapped when the operator named it: a taken --port is an error that says what to do", async () => {
    crew = await makeCrew();
    const squatter = createServer().listen(0, "127.0.0.1");
    await once(squatter, "listening");
    const taken = (squatter.address() as { port: number }).port;
    try {
      const daemon = startDaemon(["--root", crew.root, "--port", String(taken)]);
      daemons.push(daemon);
      await daemon.waitFor(new RegExp(`port ${taken} is taken: choose another with --port N`));
      const code = daemon.child.exitCode ?? (await once(daemon.child, "exit"))[0];
      expect(code).toBe(2);
    } finally {
      squatter.close();
    }
  });
});
