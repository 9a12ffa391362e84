/**
 * The Electron double keeps to Electron 45: every member it implements is one electron.d.ts
 * declares (electron-45-api.json), it refuses what Electron does not have or has only on other
 * platforms, and the recorded API list is what electron.d.ts says when one is at hand.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { app, powerMonitor, screen, session, shell } from "../support/electron-double/app.js";
import { BrowserWindow, Notification, Tray } from "../support/electron-double/electron.js";
import { COVERED, extractElectronApi } from "../support/electron-double/extract-api.js";
import { ipcMain } from "../support/electron-double/ipc.js";
import { protocol } from "../support/electron-double/protocol.js";
import { documented, ELECTRON_API, ElectronDoubleError } from "../support/electron-double/strict.js";
import { BrowserWindowDouble, WebContentsDouble } from "../support/electron-double/windows.js";
import { Menu, NotificationDouble, nativeImage, TrayDouble } from "../support/electron-double/tray.js";

/** Own members of a double (class prototypes and plain objects), minus the double's symbols. */
function members(value: object): string[] {
  const names = new Set<string>();
  for (
    let object: object | null = value;
    object && object !== Object.prototype;
    object = Object.getPrototypeOf(object)
  )
    for (const name of Object.getOwnPropertyNames(object)) names.add(name);
  return [...names].filter((name) => name !== "constructor");
}

const EMITTER = new Set(["on", "once", "off", "addListener", "removeListener", "removeAllListeners"]);

describe("the Electron double", () => {
  it("implements only members Electron 45 declares", () => {
    const doubles: [string, object][] = [
      ["BrowserWindow", BrowserWindowDouble.prototype],
      ["WebContents", WebContentsDouble.prototype],
      ["Tray", TrayDouble.prototype],
      ["Notification", NotificationDouble.prototype],
    ];
    const unknown: string[] = [];
    for (const [api, prototype] of doubles)
      for (const name of members(prototype))
        if (!EMITTER.has(name) && !documented(api, "methods", name) && !documented(api, "properties", name))
          unknown.push(`${api}.${name}`);
    expect(unknown).toEqual([]);
  });

  it("refuses a member Electron does not have, naming it", () => {
    expect(() => (app as unknown as { quitNow(): void }).quitNow()).toThrow(
      /App\.quitNow is not part of Electron 45\.5\.0's API/,
    );
    expect(() => (shell as unknown as { openItem: unknown }).openItem).toThrow(ElectronDoubleError);
  });

  it("refuses Electron API it does not implement, instead of pretending", () => {
    expect(() => (app as unknown as { relaunch(): void }).relaunch()).toThrow(/does not implement yet/);
  });

  it("refuses members that exist only on other platforms", () => {
    // This run plays the test machine's platform; pick a member documented elsewhere only.
    const foreign = process.platform === "darwin" ? "setDesktopName" : "setActivationPolicy";
    expect(() => (app as unknown as Record<string, unknown>)[foreign]).toThrow(/exists only on/);
  });

  it("refuses events Electron does not emit", () => {
    expect(() => powerMonitor.on("wake-up", () => undefined)).toThrow(/PowerMonitor has no event "wake-up"/);
    expect(() => ipcMain.on("any-channel-name", () => undefined)).not.toThrow();
  });

  it("checks option bags against Electron's option names", () => {
    expect(() => nativeImage.createFromBitmap(Buffer.alloc(8), { width: 2, height: 2 })).toThrow(
      /buffer of 8 bytes/,
    );
    expect(() => Menu.buildFromTemplate([{ label: "x", onClick: () => undefined }])).toThrow(
      /MenuItemConstructorOptions has no option "onClick"/,
    );
  });

  it("refuses windows, trays, notifications and screen queries before the app is ready", () => {
    expect(app.isReady()).toBe(false);
    expect(() => new BrowserWindow({})).toThrow(/before the app is ready/);
    expect(() => new Tray(nativeImage.createEmpty())).toThrow(/before the app is ready/);
    expect(() => new Notification({ title: "t", body: "b" })).toThrow(/before the app is ready/);
    expect(() => screen.getPrimaryDisplay()).toThrow(/before the app is ready/);
    expect(session.defaultSession).toBeDefined();
    expect(protocol.isProtocolHandled("app")).toBe(false);
  });

  it("records Electron 45's API names; with an electron.d.ts at hand, they match it", () => {
    expect(Object.keys(ELECTRON_API.api).sort()).toEqual([...COVERED].sort());
    expect(ELECTRON_API.api.Tray?.methods.setTitle).toEqual(["darwin"]);
    const dts = process.env.ELECTRON_DTS ?? join(process.cwd(), "node_modules/electron/electron.d.ts");
    if (!existsSync(dts)) return; // the runtime is not installed here: the recorded list stands
    const installed = JSON.parse(readFileSync(join(dts, "../package.json"), "utf8")).version as string;
    if (installed !== ELECTRON_API.version) return;
    expect(extractElectronApi(readFileSync(dts, "utf8"))).toEqual(ELECTRON_API.api);
  });
});
