/**
 * What `import … from "electron"` gives the real compiled main process when it runs under
 * the double (hooks.mjs resolves the name here). Only the main-process modules the tray app
 * may use are exported: importing any other name fails at link time, loudly. When the process
 * was started by driver.ts, the control channel lets the test drive and inspect it.
 */
import { app, defaultSession, dialog, powerMonitor, screen, session, shell } from "./app.js";
import { startControl } from "./control.js";
import { ipcMain } from "./ipc.js";
import { protocol } from "./protocol.js";
import { strict } from "./strict.js";
import { Menu, NotificationDouble, nativeImage, TrayDouble } from "./tray.js";
import { BrowserWindowDouble, shareSession } from "./windows.js";

shareSession(defaultSession);

export const BrowserWindow = strict(BrowserWindowDouble, "BrowserWindow");
export const Tray = strict(TrayDouble, "Tray");
export const Notification = strict(NotificationDouble, "Notification");
export { app, dialog, ipcMain, Menu, nativeImage, powerMonitor, protocol, screen, session, shell };

if (process.send) startControl();
