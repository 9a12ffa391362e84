/**
 * The tray app end to end in the real Electron runtime (Playwright's `_electron`): launch the
 * app on a crew root, see the tray's popover, approve a task from it, quit. Runs where the
 * runtime is installed (npm installs the optional electron package on Node >= 22.12) and a
 * display is available; elsewhere Playwright reports it skipped, with the reason.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { _electron as electron, expect, test } from "@playwright/test";
import { electronBinary } from "../../hosts/launcher.js";
import { makeCrew } from "../support/crew-fixture.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const binary = electronBinary();
const display = process.platform !== "linux" || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

test.skip(
  !binary,
  "the Electron runtime is not installed here (npm skips the optional electron package below Node 22.12, or where its download fails); the main process is tested under the Electron double in test/electron/",
);
test.skip(!display, "no display for Electron's windows: run under xvfb-run (Linux)");

test("the tray app shows its popover and approves a task from it", async () => {
  const crew = await makeCrew({ worker: { command: "sh", args: ["-c", "sleep 60 & wait"] } });
  const home = await mkdtemp(join(tmpdir(), "switchyard-home-"));
  await crew.drop(
    "for_agent_a",
    "review.md",
    "TASK: review\nEXPECTED_OUTPUT: outputs/review.md\nAPPROVAL: required\n",
  );
  const app = await electron.launch({
    executablePath: binary as string,
    args: [REPO],
    env: { ...process.env, SWITCHYARD_ROOT: crew.root, HOME: home, XDG_CONFIG_HOME: join(home, ".config") },
  });
  try {
    const popover = await app.firstWindow();
    await expect(popover).toHaveURL(/^app:\/\/switchyard\/index\.html#\/popover/);
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.show());
    await popover.getByRole("button", { name: "Approve Approve? review" }).click();
    await expect
      .poll(async () => readdir(join(crew.root, "coordination/in_progress")), { timeout: 15_000 })
      .toContain("review.md");
  } finally {
    await app.close();
    await crew.cleanup();
    await rm(home, { recursive: true, force: true });
  }
});
