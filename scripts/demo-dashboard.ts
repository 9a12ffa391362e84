/**
 * The demo crew served by a real daemon: its live tasks running and waiting, and a tmux pane
 * asking for a permission. What `npm run screenshots` photographs and the narrow-layout test checks.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDaemon } from "../test/support/cli-process.js";
import { dropLiveTasks, writeDemoCrew } from "./demo-crew.js";
import { askFromPane, startDemoPanes, writeDemoSessions } from "./demo-sessions.js";

/** Every view of the window, by its hash. */
export const DEMO_VIEWS = [
  "overview",
  "tasks",
  "timeline",
  "shared",
  "locks",
  "notifications",
  "costs",
  "settings",
  "sessions",
];

export interface DemoDashboard {
  /** The dashboard's address, with its token. */
  url: string;
  /** The address of `view` (overview, tasks, …, or popover). */
  viewUrl(view: string): string;
  stop(): Promise<void>;
}

export async function startDemoDashboard(name: string): Promise<DemoDashboard> {
  const root = await mkdtemp(join(tmpdir(), `${name}-`));
  await writeDemoCrew(root);
  const panes = await startDemoPanes(`${name}-${process.pid}`);
  await writeDemoSessions(root, panes);
  const daemon = startDaemon(["--root", root, "--port", "0"]);
  const url = (await daemon.waitFor(/dashboard: (\S+)/))[1] ?? "";
  await dropLiveTasks(root, daemon);
  await askFromPane(root, panes);
  return {
    url,
    viewUrl: (view) => `${url.split("#")[0]}#/${view}`,
    async stop() {
      await daemon.stop();
      await panes.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
