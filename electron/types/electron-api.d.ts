/**
 * The part of Electron's API that the glue uses, declared here because the electron package
 * (and its types) cannot be installed on every machine that builds Switchyard. tsconfig maps
 * "electron" to this file everywhere, so main.ts and preload.ts typecheck the same way with
 * or without the runtime; a use of anything not listed here is a compile error, on purpose.
 * Signatures follow Electron 45's own declarations.
 */

export interface IpcMainInvokeEvent {
  sender: WebContents;
}
export interface IpcMainEvent {
  sender: WebContents;
}
export type IpcRendererEvent = object;

export interface WebContents {
  id: number;
  send(channel: string, ...args: unknown[]): void;
  once(event: "destroyed", listener: () => void): this;
  on(event: "did-navigate-in-page", listener: (event: unknown, url: string) => void): this;
  isDestroyed(): boolean;
}

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WebPreferences {
  preload?: string;
  contextIsolation?: boolean;
  sandbox?: boolean;
  nodeIntegration?: boolean;
  webSecurity?: boolean;
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
  loadFile(path: string, options?: { hash?: string }): Promise<void>;
  show(): void;
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
  setTitle(title: string): void;
  setContextMenu(menu: Menu | null): void;
  getBounds(): Rectangle;
  on(event: "click", listener: () => void): this;
}

export declare class Notification {
  constructor(options: { title: string; body: string; silent?: boolean });
  static isSupported(): boolean;
  show(): void;
  on(event: "click", listener: () => void): this;
}

export declare const app: {
  whenReady(): Promise<void>;
  quit(): void;
  requestSingleInstanceLock(): boolean;
  on(event: "window-all-closed" | "second-instance", listener: () => void): void;
  on(event: "before-quit", listener: (event: { preventDefault(): void }) => void): void;
  dock?: { hide(): void };
};

export declare const ipcMain: {
  handle(
    channel: string,
    listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>,
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
  on(event: "resume" | "unlock-screen", listener: () => void): void;
};

export declare const screen: {
  getDisplayNearestPoint(point: { x: number; y: number }): { workArea: Rectangle };
};
