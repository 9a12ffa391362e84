/**
 * The double's `app` (with the macOS dock), `powerMonitor`, `screen`, `shell` and
 * `session.defaultSession`, behaving as Electron 45 documents them: `whenReady` resolves
 * when the test says the app is ready, `quit()` runs before-quit → windows' close → will-quit
 * → quit and then ends the process, each step cancellable as in Electron.
 */
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { DoubleEmitter, electronEvent, fire, PLATFORM, refuse, strict } from "./strict.js";

const env = process.env;

const READY = Symbol("ready");
const LOGIN = Symbol("login item");
const QUITTING = Symbol("quitting");
const LOCK = Symbol("single instance lock");

/** What the app does when the last window closes or it quits: set by windows.ts (windows close first). */
export const lifecycle = {
  closeAllWindows: (): boolean => true,
  onExit: (_code: number): void => undefined,
};

let whenReady: Promise<void> | undefined;
let sandboxEverything = false;
export const sandboxedApp = (): boolean => sandboxEverything;
let markReady: () => void = () => undefined;

function dock() {
  let visible = true;
  return {
    hide: () => {
      visible = false;
    },
    show: () => {
      visible = true;
      return Promise.resolve();
    },
    isVisible: () => visible,
  };
}

class AppDouble extends DoubleEmitter {
  [READY] = false;
  [QUITTING] = false;
  [LOGIN] = { openAtLogin: false };
  readonly isPackaged = env.ELECTRON_DOUBLE_PACKAGED === "1";
  name = "switchyard";
  readonly dock = PLATFORM === "darwin" ? strict(dock(), "Dock") : undefined;
  [LOCK]: boolean | undefined;

  constructor() {
    super("App");
  }

  whenReady(): Promise<void> {
    whenReady ??= new Promise<void>((resolve) => {
      markReady = resolve;
    });
    if (this[READY]) markReady();
    return whenReady;
  }

  isReady(): boolean {
    return this[READY];
  }

  /** Another instance holds the lock when the test says so (ELECTRON_DOUBLE_OTHER_INSTANCE=1). */
  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean {
    if (additionalData !== undefined && typeof additionalData !== "object")
      refuse("app.requestSingleInstanceLock(additionalData) takes an object");
    this[LOCK] = env.ELECTRON_DOUBLE_OTHER_INSTANCE !== "1";
    return this[LOCK];
  }

  hasSingleInstanceLock(): boolean {
    return this[LOCK] === true;
  }

  releaseSingleInstanceLock(): void {
    this[LOCK] = false;
  }

  getName(): string {
    return this.name;
  }

  getVersion(): string {
    return "0.0.0-double";
  }

  getAppPath(): string {
    return env.ELECTRON_DOUBLE_APP_PATH ?? process.cwd();
  }

  getPath(name: string): string {
    const appData = PLATFORM === "linux" ? env.XDG_CONFIG_HOME || join(homedir(), ".config") : homedir();
    const paths: Record<string, string> = {
      home: homedir(),
      appData,
      userData: join(appData, this.name),
      sessionData: join(appData, this.name),
      temp: tmpdir(),
      exe: process.execPath,
      logs: join(appData, this.name, "logs"),
    };
    const path = paths[name];
    if (!path) refuse(`app.getPath("${name}"): the double knows ${Object.keys(paths).join(", ")}`);
    return path;
  }

  setLoginItemSettings(settings: { openAtLogin?: boolean }): void {
    if (typeof settings !== "object" || settings === null) refuse("app.setLoginItemSettings takes an object");
    for (const key of Object.keys(settings))
      if (!["openAtLogin", "type", "serviceName", "path", "args", "enabled", "name"].includes(key))
        refuse(`app.setLoginItemSettings has no setting "${key}"`);
    this[LOGIN] = { openAtLogin: Boolean(settings.openAtLogin) };
  }

  getLoginItemSettings(): { openAtLogin: boolean } {
    return { ...this[LOGIN] };
  }

  focus(): void {}

  /** Electron: "can only be called before app is ready"; every renderer is then sandboxed. */
  enableSandbox(): void {
    if (this[READY]) refuse("app.enableSandbox() must be called before the app is ready");
    sandboxEverything = true;
  }

  quit(): void {
    // Electron quits on the next turn of its loop; calling quit() again while quitting is a no-op.
    setImmediate(() => runQuit(appTarget));
  }

  exit(exitCode = 0): void {
    lifecycle.onExit(exitCode);
  }
}

function runQuit(target: AppDouble): void {
  if (target[QUITTING]) return;
  const beforeQuit = electronEvent();
  fire(target, "before-quit", beforeQuit);
  if (beforeQuit.defaultPrevented) return;
  target[QUITTING] = true;
  if (!lifecycle.closeAllWindows()) {
    target[QUITTING] = false;
    return;
  }
  const willQuit = electronEvent();
  fire(target, "will-quit", willQuit);
  if (willQuit.defaultPrevented) {
    target[QUITTING] = false;
    return;
  }
  fire(target, "quit", electronEvent(), 0);
  lifecycle.onExit(0);
}

const appTarget = new AppDouble();
export const app = strict(appTarget, "App");

export const isQuitting = (): boolean => appTarget[QUITTING];
export const isReady = (): boolean => appTarget[READY];

/** The test's "the app is ready": will-finish-launching, ready, then whenReady() resolves. */
export function becomeReady(): void {
  if (appTarget[READY]) refuse("the app is already ready");
  fire(appTarget, "will-finish-launching");
  appTarget[READY] = true;
  fire(appTarget, "ready", electronEvent(), {});
  markReady();
}

export const loginItem = () => appTarget[LOGIN];

/** Emits an app event the way Electron does when it has news; false when nobody listens. */
export function emitAppEvent(event: string, ...args: unknown[]): boolean {
  return fire(appTarget, event, ...args);
}

export function requireReady(what: string): void {
  if (!appTarget[READY]) refuse(`${what} cannot be used before the app is ready`);
}

export const powerMonitor = strict(new (class extends DoubleEmitter {})("PowerMonitor"), "PowerMonitor");

/** One display; the cursor is where the test puts it. */
const DISPLAY = {
  id: 1,
  label: "Stand-in display",
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 32, width: 1920, height: 1048 },
  size: { width: 1920, height: 1080 },
  workAreaSize: { width: 1920, height: 1048 },
  scaleFactor: 1,
  rotation: 0,
  internal: true,
};
export const cursor = { x: 1800, y: 10 };

function display() {
  requireReady("screen");
  return strict(structuredClone(DISPLAY), "Display");
}

class ScreenDouble extends DoubleEmitter {
  constructor() {
    super("Screen");
  }
  getPrimaryDisplay() {
    return display();
  }
  getAllDisplays() {
    return [display()];
  }
  getDisplayNearestPoint(point: { x: number; y: number }) {
    if (typeof point?.x !== "number" || typeof point?.y !== "number")
      refuse("screen.getDisplayNearestPoint takes a Point {x, y}");
    return display();
  }
  getDisplayMatching(rect: { x: number; y: number; width: number; height: number }) {
    if (typeof rect?.width !== "number") refuse("screen.getDisplayMatching takes a Rectangle");
    return display();
  }
  getCursorScreenPoint() {
    requireReady("screen");
    return { ...cursor };
  }
}
export const screen = strict(new ScreenDouble(), "Screen");

/** URLs handed to the user's browser or file manager. */
export const openedExternally: string[] = [];

export const shell = strict(
  {
    openExternal(url: string, options?: object): Promise<void> {
      if (typeof url !== "string") refuse("shell.openExternal takes a URL string");
      if (options !== undefined && typeof options !== "object") refuse("shell.openExternal options");
      openedExternally.push(url);
      return Promise.resolve();
    },
  },
  "Shell",
);

/** Error boxes shown, in order. */
export const errorBoxes: { title: string; content: string }[] = [];

export const dialog = strict(
  {
    showErrorBox(title: string, content: string): void {
      if (typeof title !== "string" || typeof content !== "string")
        refuse("dialog.showErrorBox takes a title and a content string");
      errorBoxes.push({ title, content });
      // Kept in the output too, so a test can read it after the app has exited.
      process.stderr.write(`[error box] ${title}: ${content}\n`);
    },
  },
  "Dialog",
);

type PermissionHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: object,
) => void;
type PermissionCheckHandler = (
  webContents: unknown,
  permission: string,
  requestingOrigin: string,
  details: object,
) => boolean;

/** Electron's default session grants every permission until a handler says otherwise. */
export const permissionHandlers: { request?: PermissionHandler; check?: PermissionCheckHandler } = {};

class SessionDouble extends DoubleEmitter {
  constructor() {
    super("Session");
  }
  setPermissionRequestHandler(handler: PermissionHandler | null): void {
    if (handler !== null && typeof handler !== "function")
      refuse("setPermissionRequestHandler(handler | null)");
    permissionHandlers.request = handler ?? undefined;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    if (handler !== null && typeof handler !== "function")
      refuse("setPermissionCheckHandler(handler | null)");
    permissionHandlers.check = handler ?? undefined;
  }
}

export const defaultSession = strict(new SessionDouble(), "Session");
export const session = strict({ defaultSession }, "Session");
