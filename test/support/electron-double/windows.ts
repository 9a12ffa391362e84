/**
 * The double's BrowserWindow, its webContents and main frame. A window "loads" a page by
 * recording its URL and running the real preload in a sandbox-like scope (renderer.ts);
 * navigations, window.open, permission requests and renderer crashes are driven by the test
 * (control.ts) and go through whatever handlers the glue installed, in Electron's order.
 */
import { pathToFileURL } from "node:url";
import { app, emitAppEvent, isQuitting, lifecycle, permissionHandlers, requireReady } from "./app.js";
import { BUILT_IN_SCHEMES, type Fetched, fetchThroughProtocol } from "./protocol.js";
import { forgetRenderer, runPreload } from "./renderer.js";
import {
  checkOptions,
  DESCRIBE,
  DoubleEmitter,
  EMITTER,
  electronEvent,
  fire,
  proxyOf,
  record,
  refuse,
  strict,
} from "./strict.js";

export const STATE = Symbol("state");
const OWNER = Symbol("owner");

interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A frame as `senderFrame` and `mainFrame` show it. */
export function webFrame(url: string, isMain: boolean) {
  let proxy: unknown;
  const frame = {
    url,
    origin: /^https?:/.test(url) ? new URL(url).origin : "null",
    name: "",
    isDestroyed: () => false,
    get top() {
      return isMain ? proxy : null;
    },
    get parent() {
      return null;
    },
    processId: 1,
    routingId: isMain ? 1 : 2,
    frameTreeNodeId: isMain ? 1 : 2,
  };
  proxy = strict(frame, "WebFrameMain");
  return proxy as typeof frame;
}

export const allWebContents: WebContentsDouble[] = [];

export class WebContentsDouble extends DoubleEmitter {
  readonly [STATE] = {
    url: "",
    loads: 0,
    reloads: 0,
    destroyed: false,
    crashed: false,
    openHandler: undefined as undefined | ((details: object) => { action: string }),
    /** main → renderer messages, in order (what the page's ipcRenderer listeners got). */
    sent: [] as { channel: string; args: unknown[] }[],
    loading: false,
    /** What the last page load got from a protocol handler (app://). */
    page: undefined as Fetched | undefined,
  };
  readonly [OWNER]: BrowserWindowDouble;
  readonly id: number;
  readonly session: unknown;

  constructor(owner: BrowserWindowDouble, sessionDouble: unknown) {
    super("WebContents");
    this[OWNER] = owner;
    this.id = allWebContents.length + 1;
    this.session = sessionDouble;
    allWebContents.push(proxyOf(this, "WebContents"));
  }

  [DESCRIBE](): string {
    return `[webContents #${this.id}]`;
  }

  get mainFrame() {
    return webFrame(this[STATE].url || "about:blank", true);
  }

  loadFile(filePath: string, options?: { hash?: string; search?: string }): Promise<void> {
    if (typeof filePath !== "string") refuse("webContents.loadFile takes a path");
    checkOptions("LoadFileOptions", options);
    const url = pathToFileURL(filePath);
    if (options?.hash) url.hash = options.hash;
    if (options?.search) url.search = options.search;
    return load(this, url.href);
  }

  loadURL(url: string): Promise<void> {
    if (typeof url !== "string") refuse("webContents.loadURL takes a URL string");
    return load(this, url);
  }

  getURL(): string {
    return this[STATE].url;
  }

  reload(): void {
    this[STATE].reloads += 1;
    void load(this, this[STATE].url, true).catch(() => undefined);
  }

  isDestroyed(): boolean {
    return this[STATE].destroyed;
  }

  isCrashed(): boolean {
    return this[STATE].crashed;
  }

  send(channel: string, ...args: unknown[]): void {
    if (this[STATE].destroyed)
      refuse("webContents.send after the webContents was destroyed (Electron throws)");
    if (typeof channel !== "string") refuse("webContents.send(channel, ...args) needs a channel name");
    // IPC carries structured clones: a function or a class instance throws here, as in Electron.
    const copy = structuredClone(args);
    this[STATE].sent.push({ channel, args: copy });
    setImmediate(() => deliverToRenderer(this, channel, copy));
  }

  setWindowOpenHandler(handler: (details: object) => { action: string }): void {
    if (typeof handler !== "function") refuse("setWindowOpenHandler takes a function");
    this[STATE].openHandler = handler;
  }

  focus(): void {
    this[OWNER].focus();
  }
}

/** Page-side listeners for main → renderer messages by webContents id, filled by renderer.ts. */
export const pageListeners = new Map<number, Map<string, Set<(...args: unknown[]) => void>>>();

function deliverToRenderer(contents: WebContentsDouble, channel: string, args: unknown[]): void {
  if (contents[STATE].destroyed || contents[STATE].crashed) return;
  for (const listener of pageListeners.get(contents.id)?.get(channel) ?? [])
    listener(record({ sender: undefined }, "IpcRendererEvent"), ...structuredClone(args));
}

const withoutHash = (url: string) => url.split("#")[0];

/**
 * A page load as Electron does it: a change of the hash alone is an in-page navigation; a
 * page from a custom scheme is fetched through its protocol handler; an unknown scheme fails
 * (the promise rejects, as loadURL's does); then the preload runs and the load events fire.
 */
async function load(contents: WebContentsDouble, url: string, reload = false): Promise<void> {
  const state = contents[STATE];
  if (!reload && state.url && !state.crashed && withoutHash(state.url) === withoutHash(url)) {
    state.url = url;
    fire(contents, "did-navigate-in-page", electronEvent(), url, true, 1, 1);
    return;
  }
  const scheme = new URL(url).protocol.replace(/:$/, "");
  state.url = url;
  state.loads += 1;
  state.crashed = false;
  forgetRenderer(contents);
  state.loading = true;
  fire(contents, "did-start-loading");
  let page: Fetched | undefined;
  try {
    page = await fetchThroughProtocol(url);
  } catch (error) {
    state.loading = false;
    fire(contents, "did-fail-load", electronEvent(), -2, String(error), url, true, 1, 1);
    throw new Error(`ERR_FAILED (-2) loading '${url}'`);
  }
  if (!page && !BUILT_IN_SCHEMES.has(scheme)) {
    state.loading = false;
    fire(contents, "did-fail-load", electronEvent(), -302, "ERR_UNKNOWN_URL_SCHEME", url, true, 1, 1);
    throw new Error(`ERR_UNKNOWN_URL_SCHEME (-302) loading '${url}'`);
  }
  state.page = page;
  const preload = contents[OWNER][STATE].webPreferences.preload;
  if (typeof preload === "string") runPreload(contents, preload);
  fire(contents, "dom-ready", electronEvent());
  fire(contents, "did-finish-load");
  state.loading = false;
  fire(contents, "did-stop-loading");
}

export const allWindows: BrowserWindowDouble[] = [];

export class BrowserWindowDouble extends DoubleEmitter {
  readonly [STATE]: {
    options: Record<string, unknown>;
    webPreferences: Record<string, unknown>;
    visible: boolean;
    focused: boolean;
    destroyed: boolean;
    bounds: Bounds;
  };
  readonly id: number;
  readonly webContents: WebContentsDouble;

  constructor(options: Record<string, unknown> = {}) {
    super("BrowserWindow");
    requireReady("BrowserWindow");
    checkOptions("BrowserWindowConstructorOptions", options);
    checkOptions("WebPreferences", options.webPreferences);
    this.id = allWindows.length + 1;
    this[STATE] = {
      options,
      webPreferences: { ...((options.webPreferences as object) ?? {}) },
      visible: false,
      focused: false,
      destroyed: false,
      bounds: {
        x: (options.x as number) ?? 0,
        y: (options.y as number) ?? 0,
        width: (options.width as number) ?? 800,
        height: (options.height as number) ?? 600,
      },
    };
    const self = proxyOf(this, "BrowserWindow");
    this.webContents = proxyOf(new WebContentsDouble(self, sessionOf()), "WebContents");
    allWindows.push(self);
    // Electron shows (and focuses) a new window unless told `show: false`.
    if (options.show !== false) showWindow(self, true);
    // biome-ignore lint/correctness/noConstructorReturn: `new BrowserWindow()` must hand out the strict proxy.
    return self;
  }

  [DESCRIBE](): string {
    return `[BrowserWindow #${this.id}]`;
  }

  loadFile(filePath: string, options?: { hash?: string }): Promise<void> {
    return this.webContents.loadFile(filePath, options);
  }

  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }

  reload(): void {
    this.webContents.reload();
  }

  show(): void {
    showWindow(this, true);
  }

  showInactive(): void {
    showWindow(this, false);
  }

  hide(): void {
    alive(this);
    if (this[STATE].focused) blurWindow(this);
    if (!this[STATE].visible) return;
    this[STATE].visible = false;
    fire(this, "hide");
  }

  focus(): void {
    alive(this);
    if (!this[STATE].visible) showWindow(this, true);
    else focusWindow(this);
  }

  blur(): void {
    if (this[STATE].focused) blurWindow(this);
  }

  isVisible(): boolean {
    return !this[STATE].destroyed && this[STATE].visible;
  }

  isFocused(): boolean {
    return !this[STATE].destroyed && this[STATE].focused;
  }

  isDestroyed(): boolean {
    return this[STATE].destroyed;
  }

  setBounds(bounds: Partial<Bounds>): void {
    alive(this);
    for (const [key, value] of Object.entries(bounds))
      if (!["x", "y", "width", "height"].includes(key) || !Number.isInteger(value))
        refuse(`setBounds takes integer x, y, width, height; got ${key}: ${String(value)}`);
    Object.assign(this[STATE].bounds, bounds);
  }

  getBounds(): Bounds {
    return { ...this[STATE].bounds };
  }

  close(): void {
    if (!this[STATE].destroyed) closeWindow(this);
  }

  destroy(): void {
    if (!this[STATE].destroyed) destroyWindow(this);
  }
}

let sessionOf: () => unknown = () => undefined;
/** The session every window uses (app.ts's defaultSession), set by electron.ts. */
export function shareSession(session: unknown): void {
  sessionOf = () => session;
}

function alive(window: BrowserWindowDouble): void {
  if (window[STATE].destroyed)
    refuse(`BrowserWindow #${window.id} is destroyed (Electron throws 'Object has been destroyed')`);
}

function showWindow(window: BrowserWindowDouble, focus: boolean): void {
  alive(window);
  if (!window[STATE].visible) {
    window[STATE].visible = true;
    fire(window, "show");
  }
  if (focus) focusWindow(window);
}

function focusWindow(window: BrowserWindowDouble): void {
  if (window[STATE].focused) return;
  for (const other of allWindows) if (other !== window && other[STATE].focused) blurWindow(other);
  window[STATE].focused = true;
  fire(window, "focus");
}

function blurWindow(window: BrowserWindowDouble): void {
  window[STATE].focused = false;
  fire(window, "blur");
}

/** The user (or the OS) focuses something else: the focused window blurs. */
export function focusElsewhere(): void {
  for (const window of allWindows) if (window[STATE].focused) blurWindow(window);
}

/** Closes as a user or close() would: 'close' can be cancelled, then 'closed'. */
function closeWindow(window: BrowserWindowDouble): boolean {
  const close = electronEvent();
  fire(window, "close", close);
  if (close.defaultPrevented) return false;
  destroyWindow(window);
  return true;
}

function destroyWindow(window: BrowserWindowDouble): void {
  const state = window[STATE];
  state.destroyed = true;
  state.visible = false;
  state.focused = false;
  const contents = window.webContents;
  contents[STATE].destroyed = true;
  fire(contents, "destroyed");
  fire(window, "closed");
  // Electron quits when the last window closes, unless someone listens for window-all-closed.
  if (!isQuitting() && allWindows.every((each) => each[STATE].destroyed))
    if (!emitAppEvent("window-all-closed")) app.quit();
}

lifecycle.closeAllWindows = () => allWindows.filter((window) => !window[STATE].destroyed).every(closeWindow);

/** One window as a test sees it. */
export function windowState(window: BrowserWindowDouble) {
  const contents = window.webContents;
  const { options, webPreferences, visible, focused, destroyed, bounds } = window[STATE];
  const { url, loads, reloads, sent, openHandler, crashed, page, loading } = contents[STATE];
  const listening = (emitter: DoubleEmitter) =>
    emitter[EMITTER].eventNames().map((name) => `${String(name)}×${emitter[EMITTER].listenerCount(name)}`);
  return {
    id: window.id,
    webContentsId: contents.id,
    options: { ...options, webPreferences },
    url,
    loads,
    reloads,
    crashed,
    loading,
    visible: visible && !destroyed,
    focused,
    destroyed,
    bounds: { ...bounds },
    sent: sent.map((message) => message.channel),
    page: page && { status: page.status, headers: page.headers, length: page.body.length },
    hasWindowOpenHandler: openHandler !== undefined,
    windowListeners: listening(window),
    contentsListeners: listening(contents),
  };
}

/** A navigation the page starts (a link, location.href): Electron's events, in Electron's order. */
export function navigate(contents: WebContentsDouble, url: string): { navigated: boolean } {
  const state = contents[STATE];
  const current = new URL(state.url);
  const next = new URL(url, current);
  const sameDocument = next.href.split("#")[0] === current.href.split("#")[0];
  const params = () => ({
    url: next.href,
    isSameDocument: sameDocument,
    isMainFrame: true,
    frame: contents.mainFrame,
    initiator: contents.mainFrame,
  });
  fire(contents, "did-start-navigation", electronEvent(params(), "did-start-navigation details"));
  if (sameDocument) {
    state.url = next.href;
    fire(contents, "did-navigate-in-page", electronEvent(), next.href, true, 1, 1);
    return { navigated: true };
  }
  const willFrameNavigate = electronEvent(params(), "will-frame-navigate details");
  fire(contents, "will-frame-navigate", willFrameNavigate);
  if (willFrameNavigate.defaultPrevented) return { navigated: false };
  const willNavigate = electronEvent(params(), "will-navigate details");
  fire(contents, "will-navigate", willNavigate, next.href, false, true, 1, 1);
  if (willNavigate.defaultPrevented) return { navigated: false };
  void load(contents, next.href, true).catch(() => undefined);
  fire(contents, "did-navigate", electronEvent(), next.href, 200, "OK");
  return { navigated: true };
}

export interface WindowOpenDetails {
  url: string;
  frameName?: string;
  features?: string;
  disposition?: "default" | "foreground-tab" | "background-tab" | "new-window" | "other";
}

/** window.open or a target=_blank link: the handler decides; without one, Electron opens a window. */
export function windowOpen(contents: WebContentsDouble, details: WindowOpenDetails): { action: string } {
  const handler = contents[STATE].openHandler;
  const full = {
    frameName: "",
    features: "",
    disposition: "foreground-tab" as const,
    referrer: { url: contents[STATE].url, policy: "strict-origin-when-cross-origin" },
    postBody: undefined,
    ...details,
  };
  const response = handler ? handler(record(full, "HandlerDetails")) : { action: "allow" };
  checkOptions("WindowOpenHandlerResponse", response);
  if (response.action !== "allow" && response.action !== "deny")
    refuse(`setWindowOpenHandler must return {action: "allow" | "deny"}, got ${JSON.stringify(response)}`);
  return { action: response.action };
}

/** A page asks for a permission (notifications, the camera…); without a handler Electron grants it. */
export function requestPermission(contents: WebContentsDouble, permission: string): Promise<boolean> {
  const handler = permissionHandlers.request;
  if (!handler) return Promise.resolve(true);
  const details = record({ isMainFrame: true, requestingUrl: contents[STATE].url }, "PermissionRequest");
  return new Promise((resolve) => handler(proxyOf(contents, "WebContents"), permission, resolve, details));
}

/** The renderer process dies: the page is gone (its preload's listeners too) until reloaded. */
export function renderProcessGone(contents: WebContentsDouble, reason: string, exitCode: number): void {
  contents[STATE].crashed = true;
  forgetRenderer(contents);
  fire(
    contents,
    "render-process-gone",
    electronEvent(),
    record({ reason, exitCode }, "RenderProcessGoneDetails"),
  );
}
