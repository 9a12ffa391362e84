/**
 * What a tray app user expects on each platform, on the real main process under the Electron
 * double: start at login (on by default after the packaged app's first run; an XDG autostart
 * entry on Linux, Electron's login item on macOS), changed from the Settings view's request;
 * approval banners with Approve / Queue / Reject buttons on macOS.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PRELOAD_GLOBAL } from "../../shared/bridge-channels.js";
import { launchTrayApp } from "../support/electron-double/driver.js";
import { menuLabels, popover, readyTrayApp, tray } from "../support/tray-app.js";

const LONG_WORKER = { command: "sh", args: ["-c", "sleep 60 & wait"] };
const readJson = async (path: string) => JSON.parse(await readFile(path, "utf8"));

describe("start at login", { timeout: 60_000 }, () => {
  it("on Linux: the packaged app's first run writes an XDG autostart entry, the Settings request removes it for good", async () => {
    const { app, home, crew } = await readyTrayApp({}, { packaged: true });
    const settings = join(home, ".config/switchyard/settings.json");
    const entry = join(home, ".config/autostart/switchyard.desktop");
    expect(await readJson(settings)).toEqual({ openAtLogin: true });
    expect(await readFile(entry, "utf8")).toContain(`Exec=${process.execPath}\n`);

    const page = popover(await app.state())?.webContentsId as number;
    const call = (name: string, params: unknown) =>
      app.send({ kind: "page-call", webContents: page, global: PRELOAD_GLOBAL, name, params });
    expect(await call("loginItem", {})).toEqual({ applicable: true, openAtLogin: true });
    expect(await call("setLoginItem", { openAtLogin: false })).toMatchObject({ ok: true });
    await expect(readFile(entry, "utf8")).rejects.toThrow(/ENOENT/);

    // The next start respects the operator's choice instead of the first-run default.
    await app.send({ kind: "quit" });
    await app.exited;
    const again = launchTrayApp({ root: crew.root, home, packaged: true });
    try {
      await again.send({ kind: "ready" });
      await again.waitForState((s) => tray(s)?.menu !== null && tray(s)?.menu !== undefined, "the tray");
      expect(await readJson(settings)).toEqual({ openAtLogin: false });
      await expect(readFile(entry, "utf8")).rejects.toThrow(/ENOENT/);
    } finally {
      await again.kill();
    }
  });

  it("from a checkout (not packaged), stays off until the operator turns it on", async () => {
    const { home } = await readyTrayApp();
    expect(await readJson(join(home, ".config/switchyard/settings.json"))).toEqual({ openAtLogin: false });
    await expect(readFile(join(home, ".config/autostart/switchyard.desktop"), "utf8")).rejects.toThrow(
      /ENOENT/,
    );
  });

  it("on macOS: the packaged app registers its login item", async () => {
    const { app } = await readyTrayApp({}, { platform: "darwin", packaged: true });
    expect((await app.state()).loginItem).toEqual({ openAtLogin: true });
  });
});

describe("on macOS", { timeout: 60_000 }, () => {
  it("puts counts next to the icon and Approve / Queue / Reject buttons on an approval banner", async () => {
    const { app, crew } = await readyTrayApp({ worker: LONG_WORKER }, { platform: "darwin" });
    await crew.drop(
      "for_agent_a",
      "review.md",
      "TASK: review\nEXPECTED_OUTPUT: outputs/review.md\nAPPROVAL: required\n",
    );
    const shown = await app.waitForState((s) => s.notifications.some((n) => n.shown), "an approval banner");
    expect(tray(shown)?.title).toBe("?1");
    const index = shown.notifications.findIndex((n) => n.shown);
    expect(shown.notifications[index]?.options).toMatchObject({
      title: "Approve? review",
      actions: [
        { type: "button", text: "Approve" },
        { type: "button", text: "Queue" },
        { type: "button", text: "Reject" },
      ],
    });

    await app.send({ kind: "notification-action", index, actionIndex: 1 });
    const queued = await app.waitForState(
      (s) => !menuLabels(s).some((label) => label.startsWith("Approve?")),
      "the approval answered with Queue",
    );
    expect(popover(queued)?.visible).toBe(false);
    expect(await crew.read(".switchyard/approvals.json")).toMatch(/queue/i);
  });
});

describe("without desktop notifications", { timeout: 60_000 }, () => {
  it("shows the popover for an approval without taking the focus, and for nothing else", async () => {
    const { app, crew } = await readyTrayApp({ worker: LONG_WORKER }, { notificationsUnsupported: true });
    await app.send({ kind: "menu-click", labels: ["Open dashboard"] });
    await app.waitForState(
      (s) => s.windows.some((w) => w.focused && !w.url.includes("popover")),
      "the window in front",
    );
    await crew.drop(
      "for_agent_a",
      "review.md",
      "TASK: review\nEXPECTED_OUTPUT: outputs/review.md\nAPPROVAL: required\n",
    );
    const shown = await app.waitForState((s) => popover(s)?.visible ?? false, "the popover");
    expect(popover(shown)?.focused).toBe(false);
    expect(shown.windows.find((w) => !w.url.includes("popover"))?.focused).toBe(true);
    expect(shown.notifications).toEqual([]);
  });
});
