/**
 * The part of Electron's API that the glue uses, declared here because the electron package
 * (and its types) cannot be installed on every machine that builds Switchyard. tsconfig maps
 * "electron" to this file everywhere, so main.ts and preload.ts typecheck the same way with
 * or without the runtime; a use of anything not listed here is a compile error, on purpose.
 * Signatures follow Electron 45's own declarations (electron.d.ts of electron@45.5.0); the
 * Electron double in test/support/electron-double checks the same names at run time.
 */

/** Electron's `Event<Params>`. */
export type Event<Params extends object = object> = {
  preventDefault: () => void;
  readonly defaultPrevented: boolean;
} & Params;

export interface WebFrameMain {
  readonly url: string;
}

export interface IpcMainInvokeEvent extends Event {
  sender: WebContents;
  readonly senderFrame: WebFrameMain | null;
}
export interface IpcMainEvent extends Event {
  sender: WebContents;
  readonly senderFrame: WebFrameMain | null;
}
export type IpcRendererEvent = Event;

export interface RenderProcessGoneDetails {
  reason:
    | "clean-exit"
    | "abnormal-exit"
    | "killed"
    | "crashed"
    | "oom"
    | "launch-failed"
    | "integrity-failure"
    | "memory-eviction";
  exitCode: number;
}

export interface HandlerDetails {
  url: string;
  frameName: string;
  features: string;
  disposition: "default" | "foreground-tab" | "background-tab" | "new-window" | "other";
}

export interface WebContentsWillNavigateEventParams {
  url: string;
  isSameDocument: boolean;
  isMainFrame: boolean;
}

export interface WebContents {
  id: number;
  send(channel: string, ...args: unknown[]): void;
  reload(): void;
  isDestroyed(): boolean;
  setWindowOpenHandler(handler: (details: HandlerDetails) => { action: "deny" } | { action: "allow" }): void;
  once(event: "destroyed", listener: () => void): this;
  on(event: "did-navigate-in-page", listener: (event: Event, url: string) => void): this;
  on(event: "will-navigate", listener: (details: Event<WebContentsWillNavigateEventParams>) => void): this;
  on(event: "will-attach-webview", listener: (event: Event) => void): this;
  on(event: "render-process-gone", listener: (event: Event, details: RenderProcessGoneDetails) => void): this;
}

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface WebPreferences {
  preload?: string;
  contextIsolation?: boolean;
  sandbox?: boolean;
  nodeIntegration?: boolean;
  webSecurity?: boolean;
  webviewTag?: boolean;
}

export interface BrowserWindowConstructorOptions {
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  show?: boolean;
  frame?: boolean;
  resizable?: boolean;
  skipTaskbar?: boolean;
  alwaysOnTop?: boolean;
  title?: string;
  backgroundColor?: string;
  webPreferences?: WebPreferences;
}

export declare class BrowserWindow {
  constructor(options?: BrowserWindowConstructorOptions);
  webContents: WebContents;
  loadURL(url: string): Promise<void>;
  show(): void;
  showInactive(): void;
  hide(): void;
  focus(): void;
  isVisible(): boolean;
  isFocused(): boolean;
  isDestroyed(): boolean;
  setBounds(bounds: Partial<Rectangle>): void;
  on(event: "blur" | "closed", listener: () => void): this;
}

export interface NativeImage {
  getSize(): { width: number; height: number };
}
export declare const nativeImage: {
  createFromBitmap(
    buffer: Buffer,
    options: { width: number; height: number; scaleFactor?: number },
  ): NativeImage;
};

export interface MenuItemConstructorOptions {
  label?: string;
  type?: "normal" | "separator" | "submenu";
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuItemConstructorOptions[];
}
export interface Menu {
  readonly items: unknown[];
}
export declare const Menu: {
  buildFromTemplate(template: MenuItemConstructorOptions[]): Menu;
};

export declare class Tray {
  constructor(image: NativeImage);
  setImage(image: NativeImage): void;
  setToolTip(toolTip: string): void;
  /** macOS only. */
  setTitle(title: string): void;
  setContextMenu(menu: Menu | null): void;
  /** macOS and Windows only. */
  getBounds(): Rectangle;
  on(event: "click", listener: () => void): this;
}

export interface NotificationConstructorOptions {
  title: string;
  body: string;
  silent?: boolean;
  /** Buttons (macOS, for a signed app with alert-style notifications). */
  actions?: { type: "button"; text: string }[];
}

export declare class Notification {
  constructor(options: NotificationConstructorOptions);
  static isSupported(): boolean;
  show(): void;
  on(event: "click" | "close", listener: () => void): this;
  on(event: "action", listener: (details: Event<{ actionIndex: number }>) => void): this;
}

export declare const app: {
  readonly isPackaged: boolean;
  whenReady(): Promise<void>;
  quit(): void;
  exit(exitCode?: number): void;
  enableSandbox(): void;
  getAppPath(): string;
  requestSingleInstanceLock(): boolean;
  setLoginItemSettings(settings: { openAtLogin?: boolean; path?: string; args?: string[] }): void;
  on(event: "window-all-closed" | "second-instance", listener: () => void): void;
  on(event: "before-quit", listener: (event: Event) => void): void;
  /** macOS only. */
  dock?: { hide(): void };
};

export declare const ipcMain: {
  handle(
    channel: string,
    listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown> | unknown,
  ): void;
  on(channel: string, listener: (event: IpcMainEvent, ...args: unknown[]) => void): void;
};

export declare const ipcRenderer: {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): void;
  removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): void;
};

export declare const contextBridge: {
  exposeInMainWorld(apiKey: string, api: unknown): void;
};

export declare const powerMonitor: {
  on(event: "resume" | "suspend", listener: () => void): void;
};

export declare const screen: {
  getDisplayNearestPoint(point: Point): { workArea: Rectangle };
  getCursorScreenPoint(): Point;
};

export declare const shell: {
  openExternal(url: string): Promise<void>;
};

export declare const dialog: {
  showErrorBox(title: string, content: string): void;
};

export declare const session: {
  defaultSession: {
    setPermissionRequestHandler(
      handler:
        | ((webContents: WebContents, permission: string, callback: (granted: boolean) => void) => void)
        | null,
    ): void;
    setPermissionCheckHandler(
      handler: ((webContents: WebContents | null, permission: string) => boolean) | null,
    ): void;
  };
};

export interface CustomScheme {
  scheme: string;
  privileges?: { standard?: boolean; secure?: boolean; supportFetchAPI?: boolean };
}

export declare const protocol: {
  registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
};
