/**
 * The tray app's main process: thin glue over the core. It opens the crew root, hosts the
 * same CrewService as the daemon, carries the bridge over IPC, and applies the pure tray
 * decisions of tray-state.ts to the tray, the desktop notifications and the popover.
 * Everything it decides is decided elsewhere; everything here is an Electron call.
 */
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  type MenuItemConstructorOptions,
  Notification,
  nativeImage,
  powerMonitor,
  screen,
  Tray,
} from "electron";
import type { BridgeEvent } from "../shared/bridge.js";
import { IPC_CHANNELS } from "../shared/bridge-channels.js";
import type { Notification as CrewNotification } from "../shared/notification.js";
import type { Status } from "../shared/status.js";
import { BridgeFeed } from "../core/bridge/bridge-feed.js";
import { bridgeRequestHandler } from "../core/bridge/bridge-requests.js";
import type { NotificationChannel } from "../core/notify/notifier.js";
import { chooseRoot, openAppRoot } from "../hosts/app-root.js";
import { startCrewHost } from "../hosts/crew-host.js";
import { trayIconPixels } from "./tray-icon.js";
import {
  type TrayAction,
  type TrayIcon,
  type TrayMenuItem,
  clickTarget,
  popUpFor,
  trayMenu,
  trayState,
} from "./tray-state.js";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const RENDERER_INDEX = join(HERE, "../renderer/index.html");
const PRELOAD = join(HERE, "preload.cjs");
const POPOVER_SIZE = { width: 400, height: 460 };

const secureWebPreferences = {
  preload: PRELOAD,
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  webSecurity: true,
};

function icon(state: TrayIcon) {
  const size = 32;
  return nativeImage.createFromBitmap(trayIconPixels(state, size), {
    width: size,
    height: size,
    scaleFactor: 2,
  });
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) return app.quit();
  await app.whenReady();
  app.dock?.hide();
  const sources = { env: process.env, home: homedir(), cwd: process.cwd() };
  const root = await chooseRoot(sources);
  await openAppRoot(root, sources);
  // The core decides whether a notification may interrupt (quiet hours, rate limit, digests);
  // this channel only decides where: a banner, the popover, or both.
  let popUp: (notification: CrewNotification) => void = () => undefined;
  const desktop: NotificationChannel = {
    name: "electron",
    interrupts: true,
    deliver: async (notification) => popUp(notification),
  };
  const crewHost = await startCrewHost({
    root,
    channels: [desktop],
    say: (line) => process.stdout.write(`${line}\n`),
    warn: (line) => process.stderr.write(`${line}\n`),
  });
  const { service } = crewHost;
  const feed = new BridgeFeed(service);
  const handle = bridgeRequestHandler(service);

  ipcMain.handle(IPC_CHANNELS.request, (_event, name, params) => handle(String(name), params));
  const subscriptions = new Map<number, () => void>();
  ipcMain.on(IPC_CHANNELS.subscribe, (event) => {
    const { sender } = event;
    subscriptions.get(sender.id)?.();
    subscriptions.set(
      sender.id,
      feed.subscribe((bridgeEvent) => !sender.isDestroyed() && sender.send(IPC_CHANNELS.event, bridgeEvent)),
    );
    sender.once("destroyed", () => {
      subscriptions.get(sender.id)?.();
      subscriptions.delete(sender.id);
    });
  });
  ipcMain.on(IPC_CHANNELS.unsubscribe, (event) => {
    subscriptions.get(event.sender.id)?.();
    subscriptions.delete(event.sender.id);
  });

  let window: BrowserWindow | undefined;
  const openWindow = (view = "overview") => {
    if (!window || window.isDestroyed()) {
      window = new BrowserWindow({
        width: 1200,
        height: 780,
        title: "Switchyard",
        webPreferences: secureWebPreferences,
      });
      window.on("closed", () => {
        window = undefined;
      });
    }
    void window.loadFile(RENDERER_INDEX, { hash: `/${view}` });
    window.show();
    window.focus();
  };

  const tray = new Tray(icon("idle"));
  const popover = new BrowserWindow({
    ...POPOVER_SIZE,
    show: false,
    frame: false,
    resizable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    webPreferences: secureWebPreferences,
  });
  void popover.loadFile(RENDERER_INDEX, { hash: "/popover" });
  popover.on("blur", () => popover.hide());
  // A link in the popover (Open the dashboard) opens that view in the main window instead.
  popover.webContents.on("did-navigate-in-page", (_event, url) => {
    const view = new URL(url).hash.replace(/^#\//, "");
    if (view === "popover") return;
    popover.hide();
    void popover.loadFile(RENDERER_INDEX, { hash: "/popover" });
    openWindow(view || "overview");
  });
  const showPopover = () => {
    const bounds = tray.getBounds();
    const { workArea } = screen.getDisplayNearestPoint({ x: bounds.x, y: bounds.y });
    const x = Math.min(
      Math.max(workArea.x, bounds.x - POPOVER_SIZE.width / 2),
      workArea.x + workArea.width - POPOVER_SIZE.width,
    );
    const below = bounds.y < workArea.y + workArea.height / 2;
    const y = below ? bounds.y + bounds.height : bounds.y - POPOVER_SIZE.height;
    popover.setBounds({ x: Math.round(x), y: Math.round(y) });
    popover.show();
    popover.focus();
  };
  tray.on("click", () => (popover.isVisible() ? popover.hide() : showPopover()));

  const run = (action: TrayAction) => {
    if (action.kind === "open") openWindow(action.view);
    else if (action.kind === "quit") app.quit();
    else if (action.kind === "answer") void service.answerPermission(action.id, action.decision);
    else void service[action.kind](action.id);
  };
  const toMenu = (items: TrayMenuItem[]): MenuItemConstructorOptions[] =>
    items.map((item) => {
      if (item.kind === "separator") return { type: "separator" };
      if (item.kind === "label") return { label: item.label, enabled: false };
      if (item.kind === "submenu") return { label: item.label, submenu: toMenu(item.items) };
      return { label: item.label, click: () => run(item.action) };
    });
  const applyStatus = (status: Status) => {
    const state = trayState(status);
    tray.setImage(icon(state.icon));
    tray.setTitle(state.title);
    tray.setToolTip(state.tooltip);
    tray.setContextMenu(Menu.buildFromTemplate(toMenu(trayMenu(status))));
  };
  feed.subscribe((event: BridgeEvent) => {
    if (event.kind === "status") applyStatus(event.status);
  });
  popUp = (notification) => {
    const where = popUpFor(notification, window?.isFocused() ?? false);
    if (where.desktop && Notification.isSupported()) {
      const banner = new Notification({ title: notification.title, body: notification.body });
      banner.on("click", () => {
        const target = clickTarget(notification);
        if (target.focusSession) void service.focusSession(target.focusSession);
        openWindow(target.view);
      });
      banner.show();
    }
    if (where.popover) showPopover();
  };

  // File events can be missed while the machine sleeps: look again on wake.
  powerMonitor.on("resume", () => void service.engineHandle.rescan());
  app.on("second-instance", () => openWindow());
  // The app lives in the tray: closing the window does not stop the crew.
  app.on("window-all-closed", () => undefined);
  let stopped = false;
  app.on("before-quit", (event) => {
    if (stopped) return;
    event.preventDefault();
    feed.close();
    void crewHost.stop().finally(() => {
      stopped = true;
      app.quit();
    });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`switchyard: ${(error as Error).stack}\n`);
  app.quit();
});
