/**
 * The child side of driver.ts: commands from the test (over the fork IPC channel) become what
 * a user, the OS or a page would do — the app gets ready, the tray is clicked, a menu item is
 * chosen, a notification is clicked, a page calls the bridge or navigates, a renderer crashes,
 * the user quits — and `state` reports what the glue made of it.
 */
import { createRequire } from "node:module";
import {
  app,
  becomeReady,
  cursor,
  emitAppEvent,
  isQuitting,
  lifecycle,
  loginItem,
  errorBoxes,
  openedExternally,
  permissionHandlers,
  powerMonitor,
  sandboxedApp,
} from "./app.js";
import { invokeMain, sendToMain } from "./ipc.js";
import { fetchThroughProtocol, privilegedSchemes } from "./protocol.js";
import { exposedApi } from "./renderer.js";
import {
  calls,
  type DoubleEmitter,
  electronEvent,
  fire,
  PLATFORM,
  proxyOf,
  refuse,
  violations,
} from "./strict.js";
import {
  allNotifications,
  allTrays,
  clickMenu,
  imageState,
  menuState,
  notificationState,
  TRAY_BOUNDS,
  trayInternals,
} from "./tray.js";
import {
  allWebContents,
  allWindows,
  focusElsewhere,
  navigate,
  renderProcessGone,
  requestPermission,
  type WindowOpenDetails,
  windowOpen,
  windowState,
} from "./windows.js";

export type ControlCommand =
  | { kind: "ready" }
  | { kind: "state"; withCalls?: boolean }
  | { kind: "tray-click" }
  | { kind: "menu-click"; labels: string[] }
  | { kind: "notification-click"; index: number }
  | { kind: "notification-action"; index: number; actionIndex: number }
  | { kind: "focus-elsewhere" }
  | { kind: "power"; event: "resume" | "suspend" }
  | { kind: "second-instance"; argv: string[] }
  | { kind: "navigate"; webContents: number; url: string }
  | { kind: "window-open"; webContents: number; details: WindowOpenDetails }
  | { kind: "permission"; webContents: number; permission: string }
  | { kind: "crash"; webContents: number; reason: string; exitCode: number }
  | { kind: "page-call"; webContents: number; global: string; name: string; params: unknown }
  | { kind: "page-listen"; webContents: number; global: string }
  | { kind: "page-events"; webContents: number }
  | { kind: "ipc-invoke"; webContents: number; channel: string; args: unknown[]; frameUrl?: string }
  | { kind: "ipc-send"; webContents: number; channel: string; args: unknown[]; frameUrl?: string }
  | { kind: "protocol-fetch"; url: string }
  | { kind: "loaded-commonjs" }
  | { kind: "quit" };

const contentsById = (id: number) =>
  allWebContents.find((contents) => contents.id === id) ?? refuse(`no webContents #${id}`);

/** What each page's bridge listener received (events, then connection states). */
const pageEvents = new Map<number, { events: unknown[]; connection: string[] }>();

function state(withCalls = false) {
  return {
    platform: PLATFORM,
    ready: app.isReady(),
    quitting: isQuitting(),
    loginItem: loginItem(),
    sandboxedApp: sandboxedApp(),
    privilegedSchemes: [...privilegedSchemes],
    trays: allTrays.map((tray) => {
      const internals = trayInternals(tray);
      return {
        image: imageState(internals.image),
        toolTip: internals.toolTip,
        title: internals.title,
        menu: menuState(internals.menu),
        destroyed: internals.destroyed,
      };
    }),
    windows: allWindows.map(windowState),
    notifications: allNotifications.map(notificationState),
    openedExternally: [...openedExternally],
    errorBoxes: [...errorBoxes],
    permissionRequestHandler: permissionHandlers.request !== undefined,
    permissionCheckHandler: permissionHandlers.check !== undefined,
    violations: [...violations],
    ...(withCalls ? { calls } : {}),
  };
}

export type DoubleState = ReturnType<typeof state>;

const focusedWindow = () => {
  const focused = allWindows.find((window) => window.isFocused());
  return focused ? proxyOf(focused, "BrowserWindow") : null;
};

function exposed(contentsId: number, global: string) {
  const api = exposedApi(contentsById(contentsId))[global] as Record<string, (...args: unknown[]) => unknown>;
  if (!api)
    refuse(
      `webContents #${contentsId} has no window.${global}: its preload did not run, or the page is gone`,
    );
  return api;
}

const tray = () => allTrays.at(-1) ?? refuse("there is no tray");

const notification = (index: number) => allNotifications[index] ?? refuse(`no notification #${index}`);

async function run(command: ControlCommand): Promise<unknown> {
  switch (command.kind) {
    case "ready":
      return becomeReady();
    case "state":
      return state(command.withCalls);
    case "tray-click": {
      const bounds = { ...TRAY_BOUNDS };
      return fire(
        tray(),
        "click",
        electronEvent({ shiftKey: false, ctrlKey: false, altKey: false, metaKey: false }, "KeyboardEvent"),
        bounds,
        { ...cursor },
      );
    }
    case "menu-click":
      return clickMenu(trayInternals(tray()).menu, command.labels, focusedWindow());
    case "notification-click":
      return fire(notification(command.index), "click", electronEvent());
    case "notification-action": {
      const { actionIndex } = command;
      return fire(
        notification(command.index),
        "action",
        electronEvent({ actionIndex, selectionIndex: -1 }),
        actionIndex,
        -1,
      );
    }
    case "focus-elsewhere":
      return focusElsewhere();
    case "power":
      return fire(powerMonitor as unknown as DoubleEmitter, command.event);
    case "second-instance":
      return emitAppEvent("second-instance", electronEvent(), command.argv, process.cwd(), {});
    case "navigate":
      return navigate(contentsById(command.webContents), command.url);
    case "window-open":
      return windowOpen(contentsById(command.webContents), command.details);
    case "permission":
      return requestPermission(contentsById(command.webContents), command.permission);
    case "crash":
      return renderProcessGone(contentsById(command.webContents), command.reason, command.exitCode);
    case "page-call":
      return exposed(command.webContents, command.global).call?.(command.name, command.params);
    case "page-listen": {
      const received = { events: [] as unknown[], connection: [] as string[] };
      pageEvents.set(command.webContents, received);
      exposed(command.webContents, command.global).listen?.(
        (event: unknown) => received.events.push(event),
        (connection: string) => received.connection.push(connection),
      );
      return undefined;
    }
    case "page-events":
      return pageEvents.get(command.webContents) ?? { events: [], connection: [] };
    case "ipc-invoke":
      return invokeMain(contentsById(command.webContents), command.channel, command.args, command.frameUrl);
    case "ipc-send":
      return sendToMain(contentsById(command.webContents), command.channel, command.args, command.frameUrl);
    case "protocol-fetch":
      return fetchThroughProtocol(command.url);
    case "loaded-commonjs":
      // Modules loaded with require() (imports are noted by hooks.mjs).
      return Object.keys(createRequire(import.meta.url).cache);
    case "quit":
      return app.quit();
  }
}

export function startControl(): void {
  const send = (message: unknown) => process.send?.(message);
  lifecycle.onExit = (code) => {
    send({ kind: "exit", code });
    process.exitCode = code;
    // Let the last replies leave before the process ends, as Electron's own shutdown would.
    setImmediate(() => process.exit(code));
  };
  process.on("message", (message: { id: number; command: ControlCommand }) => {
    Promise.resolve()
      .then(() => run(message.command))
      .then(
        (value) => send({ id: message.id, ok: true, value: value ?? null }),
        (error: unknown) =>
          send({ id: message.id, ok: false, error: (error as Error)?.message ?? String(error) }),
      );
  });
}
