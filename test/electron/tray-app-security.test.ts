/**
 * Electron's security checklist, checked on the real main process under the Electron double:
 * every window sandboxed and isolated, pages only from the app's own protocol (with the CSP
 * header, nothing outside the renderer folder), navigation and new windows denied (http(s)
 * links open in the browser, nothing else anywhere), permissions denied, IPC answered only for
 * the app's own frames.
 */
import { describe, expect, it } from "vitest";
import { IPC_CHANNELS, PRELOAD_GLOBAL } from "../../shared/bridge-channels.js";
import { CONTENT_SECURITY_POLICY } from "../../hosts/headless/static-files.js";
import type { Fetched } from "../support/electron-double/protocol.js";
import { popover, readyTrayApp, windowShowing } from "../support/tray-app.js";

describe("the tray app's windows, under the Electron double", { timeout: 60_000 }, () => {
  it("sandboxes and isolates every window, with the bridge preload only", async () => {
    const { app } = await readyTrayApp();
    await app.send({ kind: "menu-click", labels: ["Open dashboard"] });
    const state = await app.waitForState((s) => windowShowing(s, "overview") !== undefined, "the window");
    expect(state.windows).toHaveLength(2);
    expect(state.sandboxedApp).toBe(true);
    for (const window of state.windows)
      expect(window.options.webPreferences).toEqual({
        preload: expect.stringMatching(/dist\/electron\/preload\.cjs$/),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        webviewTag: false,
      });
  });

  it("serves pages from app:// with the CSP header, and nothing outside the renderer folder", async () => {
    const { app } = await readyTrayApp();
    const page = popover(await app.state())?.page;
    expect(page?.status).toBe(200);
    expect(page?.headers["content-security-policy"]).toBe(CONTENT_SECURITY_POLICY);
    const index = await app.send<Fetched>({ kind: "protocol-fetch", url: "app://switchyard/index.html" });
    // The page keeps its own copy of the policy too (loaded any other way, it still holds).
    expect(index.body).toContain('http-equiv="Content-Security-Policy"');
    expect(index.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    for (const url of [
      "app://switchyard/../../package.json",
      "app://switchyard/%2e%2e/%2e%2e/package.json",
      "app://switchyard/..%2f..%2fpackage.json",
      "app://switchyard/%E0%A4%A",
      "app://elsewhere/index.html",
    ]) {
      const fetched = await app.send<Fetched>({ kind: "protocol-fetch", url });
      expect(fetched.status, url).toBe(404);
      expect(fetched.body, url).not.toContain('"name": "switchyard"');
    }
  });

  it("keeps a window on the app's page: links to http(s) open in the browser, other places nowhere", async () => {
    const { app } = await readyTrayApp();
    const page = popover(await app.state())?.webContentsId as number;
    const outcomes = [];
    for (const url of [
      "https://example.com/shared-mind-link",
      "http://127.0.0.1:9999/",
      "file:///etc/passwd",
      "javascript:alert(1)",
      "app://switchyard/assets/nothing.js",
    ])
      outcomes.push(await app.send<{ navigated: boolean }>({ kind: "navigate", webContents: page, url }));
    expect(outcomes.every((outcome) => !outcome.navigated)).toBe(true);
    // In-app addresses stay in the app (a hash change is not a navigation away).
    expect(
      await app.send({ kind: "navigate", webContents: page, url: "app://switchyard/index.html#/popover" }),
    ).toEqual({
      navigated: true,
    });

    for (const url of [
      "https://docs.example.org/page",
      "smb://server/share",
      "app://switchyard/index.html#/tasks",
    ])
      expect(await app.send({ kind: "window-open", webContents: page, details: { url } })).toEqual({
        action: "deny",
      });

    const state = await app.state();
    expect(state.openedExternally).toEqual([
      "https://example.com/shared-mind-link",
      "http://127.0.0.1:9999/",
      "https://docs.example.org/page",
    ]);
    expect(state.windows).toHaveLength(1);
    expect(app.output()).toMatch(/tried to open file:\/\/\/etc\/passwd; only http\(s\) links open/);
  });

  it("denies every permission a page asks for", async () => {
    const { app } = await readyTrayApp();
    const page = popover(await app.state())?.webContentsId as number;
    for (const permission of ["notifications", "media", "geolocation", "clipboard-read", "openExternal"])
      expect(await app.send({ kind: "permission", webContents: page, permission }), permission).toBe(false);
  });

  it("answers IPC only from frames showing the app's own page", async () => {
    const { app } = await readyTrayApp();
    const page = popover(await app.state())?.webContentsId as number;
    await expect(
      app.send({
        kind: "ipc-invoke",
        webContents: page,
        channel: IPC_CHANNELS.request,
        args: ["status", {}],
        frameUrl: "https://evil.example/frame.html",
      }),
    ).rejects.toThrow(/refused: not the app's own page/);
    // A subscription from a foreign frame gets no events.
    await app.send({
      kind: "ipc-send",
      webContents: page,
      channel: IPC_CHANNELS.subscribe,
      args: [],
      frameUrl: "https://evil.example/frame.html",
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(popover(await app.state())?.sent).toEqual([]);
    expect(app.output()).toMatch(/refused switchyard:request from https:\/\/evil\.example\/frame\.html/);
    // The app's own frame is answered.
    const status = await app.send({
      kind: "page-call",
      webContents: page,
      global: PRELOAD_GLOBAL,
      name: "status",
      params: {},
    });
    expect(status).toHaveProperty("workers");
  });
});
