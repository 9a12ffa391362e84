/**
 * Every window the tray app opens is made the same way: sandboxed, context-isolated, no Node,
 * the bridge preload only; it cannot navigate away from the app's page or open windows (links
 * to http(s) go to the user's browser through shell.openExternal, anything else nowhere), it
 * cannot attach a <webview>, and a crashed renderer is logged and reloaded. Permission
 * requests (camera, notifications, …) are denied for the whole session.
 */
import { BrowserWindow, type BrowserWindowConstructorOptions, session, shell } from "electron";
import { destinationOf, shouldReload } from "./window-policy.js";

export interface WindowLog {
  warn(line: string): void;
}

function openOutside(url: string, log: WindowLog): void {
  if (destinationOf(url) === "browser") void shell.openExternal(url);
  else log.warn(`switchyard: the window tried to open ${url}; only http(s) links open, in your browser`);
}

export function secureWindow(
  options: BrowserWindowConstructorOptions,
  preload: string,
  log: WindowLog,
): BrowserWindow {
  const window = new BrowserWindow({
    ...options,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    },
  });
  const contents = window.webContents;
  contents.on("will-navigate", (event) => {
    if (destinationOf(event.url) === "app") return;
    event.preventDefault();
    openOutside(event.url, log);
  });
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url, log);
    return { action: "deny" };
  });
  contents.on("will-attach-webview", (event) => event.preventDefault());
  const crashes: number[] = [];
  contents.on("render-process-gone", (_event, details) => {
    const now = Date.now();
    const reload = shouldReload(details.reason, crashes, now);
    crashes.push(now);
    log.warn(
      `switchyard: the window's renderer is gone (${details.reason}, exit code ${details.exitCode}); ${reload ? "reloading it" : "not reloading: it keeps crashing, reopen the window from the tray"}`,
    );
    if (reload && !contents.isDestroyed()) contents.reload();
  });
  return window;
}

/** The app asks for nothing a page could request: deny every permission, asked or checked. */
export function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}
