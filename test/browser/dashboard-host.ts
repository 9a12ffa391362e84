/**
 * A real headless host for a browser test: a fresh crew root, `switchyard daemon --port 0`
 * as a child process, and the dashboard address it printed. Also collects page errors, so
 * every test can insist the console stayed clean.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { expect, type Page } from "@playwright/test";
import { startDaemon } from "../support/cli-process.js";
import { type CrewFixture, makeCrew } from "../support/crew-fixture.js";

export interface DashboardHost {
  crew: CrewFixture;
  url: string;
  token: string;
  port: number;
  /** Writes a file under the crew root the way an agent would (temp name, then rename). */
  write(relativePath: string, text: string): Promise<void>;
  /** Stops the daemon only (SIGTERM), leaving the crew root for a restart. */
  stopHost(): Promise<void>;
  /** Starts the daemon again on the same root, with no --port: it takes the port it had. */
  startHost(): Promise<string>;
  stop(): Promise<void>;
}

const DASHBOARD = /dashboard: (http:\/\/127\.0\.0\.1:(\d+)\/#token=(\S+))/;

export async function startDashboardHost(config: unknown = {}): Promise<DashboardHost> {
  const crew = await makeCrew(config);
  let daemon = startDaemon(["--root", crew.root, "--port", "0"]);
  const [, url = "", port = "", token = ""] = await daemon.waitFor(DASHBOARD);
  return {
    crew,
    url,
    token,
    port: Number(port),
    async write(relativePath, text) {
      const path = join(crew.root, relativePath);
      await mkdir(dirname(path), { recursive: true });
      const temp = join(dirname(path), `.${Date.now()}.tmp`);
      await writeFile(temp, text);
      const { rename } = await import("node:fs/promises");
      await rename(temp, path);
    },
    async stopHost() {
      await daemon.stop();
    },
    async startHost() {
      daemon = startDaemon(["--root", crew.root]);
      return (await daemon.waitFor(DASHBOARD))[1] ?? "";
    },
    async stop() {
      await daemon.stop();
      await crew.cleanup();
    },
  };
}

/** Page errors and console errors, to assert none happened. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/** Opens the dashboard on a view once; a test then checks every later change arrived without a reload. */
export async function open(page: Page, dashboard: DashboardHost, view: string): Promise<void> {
  await page.goto(dashboard.url);
  await expect(page.getByRole("status", { name: "Event stream live" })).toBeVisible();
  await page.getByRole("link", { name: new RegExp(`^${view}`) }).click();
  await page.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });
}

/** Whether the page is still the one `open` loaded (no reload since). */
export const stillSamePage = (page: Page) =>
  page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);
