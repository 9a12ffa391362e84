import type { Config } from "../../shared/config.js";
import { Engine } from "../../core/engine/engine.js";
import { startCrewHost } from "../../hosts/crew-host.js";
import { HostBusy } from "../../hosts/host-lock.js";
import { PortTakenError, rememberedPort } from "../../hosts/headless/dashboard-port.js";
import { startHeadlessHost } from "../../hosts/headless/host.js";
import {
  CliError,
  type Command,
  EXIT,
  type Io,
  type ParsedCommandArgs,
  stringOption,
  UsageError,
} from "../command.js";
import { openCrew } from "../crew.js";

function logEvents(engine: Engine, io: Io): void {
  engine.on("event", (event) => {
    if (event.type === "worker-started")
      io.out(
        `started ${event.worker.task} (${event.worker.agent}, tier ${event.worker.tier}, ${event.worker.model})\n`,
      );
    if (event.type === "task-finished")
      io.out(`${event.outcome} ${event.id}${event.reason ? `: ${event.reason}` : ""}\n`);
    if (event.type === "task-held")
      io.out(`held ${event.id}: tier ${event.tier} hit its usage limit; resumes after ${event.until}\n`);
    if (event.type === "task-rejected") io.err(`rejected ${event.path}: ${event.reason}\n`);
    if (event.type === "task-waiting") io.out(`waiting: ${event.path}: ${event.reason}\n`);
  });
}

export const runOnceCommand: Command = {
  path: ["run-once"],
  summary:
    "run every ready task in the inboxes, wait for them, and exit (for system cron); exit 1 if any failed",
  options: {},
  async run(args, io) {
    const crew = await openCrew(args, io);
    const engine = new Engine({ crew, watch: false });
    logEvents(engine, io);
    let failed = 0;
    engine.on("event", (event) => {
      if ((event.type === "task-finished" && event.outcome === "failed") || event.type === "task-rejected")
        failed += 1;
    });
    const stop = () => void engine.stop();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    try {
      await engine.start();
      await engine.whenIdle();
    } finally {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      await engine.stop();
    }
    for (const waiting of engine.waiting()) io.out(`left waiting: ${waiting.path}: ${waiting.reason}\n`);
    if (failed === 0) return EXIT.ok;
    io.err(
      `switchyard run-once: ${failed} task${failed === 1 ? "" : "s"} failed (reasons above; the files are in coordination/failed/)\n`,
    );
    return EXIT.failure;
  },
};

/** `--port N`, else `web.port` in switchyard.json; undefined when neither names one. */
function chosenPort(args: ParsedCommandArgs, web: Config["web"]): number | undefined {
  const flag = stringOption(args, "port");
  if (flag === undefined) return web.port; // checked by the config schema
  const port = Number(flag);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port takes a port number from 0 to 65535 (got "${flag}")`);
  return port;
}

export const daemonCommand: Command = {
  path: ["daemon"],
  summary: "run the always-on host until SIGINT/SIGTERM: watch inboxes, run workers, serve the dashboard",
  options: {
    port: {
      type: "string",
      value: "N",
      help: "the dashboard's port (default: web.port, else the port it had last time, else a free one; 0 picks a free one)",
    },
  },
  async run(args, io) {
    const crew = await openCrew(args, io);
    const chosen = chosenPort(args, crew.config().web);
    // The port of last time, so an open tab finds the host again; a free one if it is taken now.
    const port = chosen ?? (await rememberedPort(crew.root)) ?? 0;
    const crewHost = await startCrewHost({
      root: crew.root,
      program: "switchyard daemon",
      env: io.env,
      say: (line) => io.out(`${line}\n`),
      warn: (line) => io.err(`${line}\n`),
      onOpen: (service) => logEvents(service.engineHandle, io),
    }).catch((error: unknown) => {
      if (!(error instanceof HostBusy)) throw error;
      throw new CliError(error.message, 1, `use that host, or stop it first (kill ${error.holder.pid})`);
    });
    const { service } = crewHost;
    io.out(`switchyard daemon: watching ${crew.root}\n`);
    let host: Awaited<ReturnType<typeof startHeadlessHost>>;
    try {
      host = await startHeadlessHost({ service, port, orFreePort: chosen === undefined });
    } catch (error) {
      await crewHost.stop();
      if (error instanceof PortTakenError) throw new UsageError(error.message);
      throw error;
    }
    await crewHost.announce({ dashboard: host.url });
    io.out(`dashboard: ${host.dashboardUrl}\n`);
    await new Promise<void>((resolve) => {
      const shutdown = (signal: string) => {
        io.out(`switchyard daemon: ${signal}, stopping workers\n`);
        resolve();
      };
      process.once("SIGINT", shutdown);
      process.once("SIGTERM", shutdown);
    });
    await host.close();
    await crewHost.stop();
    return 0;
  },
};
