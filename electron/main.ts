/**
 * The tray app's main process: glue that boots the crew (hosts/crew-host.ts), carries the bridge
 * over IPC, and wires the tray, the popover, the window and desktop notifications, each in its
 * own module. Decisions live in pure modules (tray-state, notification-banner, window-policy,
 * popover-position), tested under Node; this file runs under the Electron double in tests.
 */
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { app, type BrowserWindow, dialog, powerMonitor } from "electron";
import type { Status } from "../shared/status.js";
import { applyStatusPatch } from "../shared/status-patch.js";
import { viewHash } from "../shared/window-address.js";
import { BridgeFeed } from "../core/bridge/bridge-feed.js";
import { bridgeRequestHandler } from "../core/bridge/bridge-requests.js";
import { chooseRoot, openAppRoot } from "../hosts/app-root.js";
import { startCrewHost } from "../hosts/crew-host.js";
import { HostBusy } from "../hosts/host-lock.js";
import { registerAppScheme, serveAppProtocol } from "./app-protocol.js";
import { desktopNotifications } from "./desktop-notifications.js";
import { serveBridgeOverIpc } from "./ipc-bridge.js";
import { loginItem } from "./login-item.js";
import { createPopover, type Popover } from "./popover.js";
import { denyPermissions, secureWindow } from "./secure-window.js";
import { createTray } from "./tray.js";
import type { TrayAction } from "./tray-state.js";
import { appPageUrl } from "./window-policy.js";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const RENDERER_DIR = join(HERE, "../renderer");
const PRELOAD = join(HERE, "preload.cjs");

const log = {
  say: (line: string) => process.stdout.write(`${line}\n`),
  warn: (line: string) => process.stderr.write(`${line}\n`),
};

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    log.say("switchyard: the tray app is already running; it opens its window");
    return app.quit();
  }
  app.enableSandbox();
  registerAppScheme();
  await app.whenReady();
  if (process.platform === "darwin") app.dock?.hide();
  serveAppProtocol(RENDERER_DIR);
  denyPermissions();

  const sources = { env: process.env, home: homedir(), cwd: process.cwd() };
  const root = await chooseRoot(sources);
  await openAppRoot(root, sources);
  const startAtLogin = loginItem({ home: sources.home, env: sources.env, warn: log.warn });
  await startAtLogin.applyAtStart();

  let window: BrowserWindow | undefined;
  const openWindow = (view = "overview") => {
    if (!window || window.isDestroyed()) {
      window = secureWindow({ width: 1200, height: 780, title: "Switchyard", show: false }, PRELOAD, log);
      window.on("closed", () => {
        window = undefined;
      });
    }
    window
      .loadURL(appPageUrl(viewHash(view)))
      .catch((error: unknown) =>
        log.warn(`switchyard: the window did not load: ${(error as Error).message}`),
      );
    window.show();
  };
  let popover: Popover | undefined;
  const run = (action: TrayAction) => {
    if (action.kind === "open") openWindow(action.view);
    else if (action.kind === "popover") popover?.show({ approval: action.approval, focus: true });
    else if (action.kind === "quit") app.quit();
    else if (action.kind === "release-lock") void crewHost.service.releaseLock(action.file);
    else if (action.kind === "answer") void crewHost.service.answerPermission(action.id, action.decision);
    else if (action.kind === "focus-session") {
      // The pane comes forward; the Sessions view says how to attach when it cannot.
      void crewHost.service.focusSession(action.id);
      openWindow("sessions");
    } else void crewHost.service[action.kind](action.id);
  };

  // Set once the tray exists; a banner asks for it first (desktop-notifications.ts).
  let refreshTray = async (): Promise<void> => undefined;
  const crewHost = await startCrewHost({
    root,
    program: "Switchyard app",
    channels: [
      desktopNotifications({
        run,
        windowFocused: () => window?.isFocused() ?? false,
        showPopoverInactive: () => popover?.show({ focus: false }),
        beforeShow: () => refreshTray(),
      }),
    ],
    say: log.say,
    warn: log.warn,
  });
  const feed = new BridgeFeed(crewHost.service);
  serveBridgeOverIpc(bridgeRequestHandler(crewHost.service, startAtLogin), feed, log);

  const tray = createTray(run);
  popover = createPopover(tray.tray, PRELOAD, openWindow, log);
  tray.tray.on("click", () => popover?.toggle());
  refreshTray = async () => tray.show(await crewHost.service.status());
  // The feed sends one whole status, then patches against it.
  let trayStatus: Status | undefined;
  feed.subscribe((event) => {
    if (event.kind === "status") trayStatus = event.status;
    else if (event.kind === "status-patch" && trayStatus)
      trayStatus = applyStatusPatch(trayStatus, event.patch);
    else return;
    tray.show(trayStatus);
  });

  // File events can be missed while the machine sleeps: look again on wake.
  powerMonitor.on("resume", () => void crewHost.service.engineHandle.rescan());
  app.on("second-instance", () => openWindow());
  // The app lives in the tray: closing the window does not stop the crew.
  app.on("window-all-closed", () => undefined);
  // Quitting stops Telegram, then the service and its workers (crew-host.ts), then the app.
  let stopped = false;
  app.on("before-quit", (event) => {
    if (stopped) return;
    event.preventDefault();
    feed.close();
    void crewHost
      .stop()
      .catch((error: unknown) => log.warn(`switchyard: stopping the crew failed: ${(error as Error).stack}`))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });
  log.say(`switchyard: tray app on ${root}`);
}

main().catch((error: unknown) => {
  if (error instanceof HostBusy) {
    // Not a crash: a daemon (or another tray app with another profile) runs this crew already.
    log.warn(`switchyard: ${error.message}`);
    dialog.showErrorBox("Switchyard already runs this crew", error.message);
  } else log.warn(`switchyard: ${(error as Error).stack}`);
  // A failed start must not look like a clean exit to a launcher or a login item.
  app.exit(1);
});
