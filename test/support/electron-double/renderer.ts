/**
 * The page side of a window, as far as the main process can tell: the real preload bundle is
 * run the way Electron runs a sandboxed preload (a function scope whose `require` knows only
 * the renderer's `electron` and a few Node modules), with a contextBridge that records what
 * it exposes on `window` and an ipcRenderer wired to the double's ipcMain. A test then calls
 * the exposed API as the React app would.
 */
import { readFileSync } from "node:fs";
import { invokeMain, sendToMain } from "./ipc.js";
import { proxyOf, refuse } from "./strict.js";
import { pageListeners, type WebContentsDouble } from "./windows.js";

/** What each page's preload exposed on `window`, by webContents id. */
const mainWorlds = new Map<number, Record<string, unknown>>();

export function exposedApi(contents: WebContentsDouble): Record<string, unknown> {
  return mainWorlds.get(contents.id) ?? {};
}

/** A reload or a crash ends the page: its exposed API and its listeners are gone. */
export function forgetRenderer(contents: WebContentsDouble): void {
  mainWorlds.delete(contents.id);
  pageListeners.delete(contents.id);
}

function rendererElectron(contents: WebContentsDouble) {
  const listeners = () => {
    let map = pageListeners.get(contents.id);
    if (!map) {
      map = new Map();
      pageListeners.set(contents.id, map);
    }
    return map;
  };
  const ipcRenderer = {
    invoke: (channel: string, ...args: unknown[]) => invokeMain(contents, channel, args),
    send: (channel: string, ...args: unknown[]) => sendToMain(contents, channel, args),
    on(channel: string, listener: (...args: unknown[]) => void) {
      const set = listeners().get(channel) ?? new Set();
      set.add(listener);
      listeners().set(channel, set);
      return ipcRenderer;
    },
    removeListener(channel: string, listener: (...args: unknown[]) => void) {
      listeners().get(channel)?.delete(listener);
      return ipcRenderer;
    },
  };
  const contextBridge = {
    exposeInMainWorld(key: string, api: unknown) {
      const world = mainWorlds.get(contents.id) ?? {};
      if (key in world) refuse(`contextBridge.exposeInMainWorld: "${key}" is already exposed`);
      world[key] = api;
      mainWorlds.set(contents.id, world);
    },
  };
  return {
    ipcRenderer: proxyOf(ipcRenderer, "IpcRenderer"),
    contextBridge: proxyOf(contextBridge, "ContextBridge"),
  };
}

/** Modules a sandboxed preload may require (Electron's docs, "Process Sandboxing"). */
const SANDBOX_MODULES = new Set(["electron", "events", "timers", "url"]);

export function runPreload(contents: WebContentsDouble, preloadPath: string): void {
  const source = readFileSync(preloadPath, "utf8");
  const electron = rendererElectron(contents);
  const sandboxRequire = (name: string) => {
    if (!SANDBOX_MODULES.has(name)) refuse(`a sandboxed preload cannot require("${name}")`);
    if (name === "electron") return electron;
    return refuse(`the double gives sandboxed preloads only "electron" (asked for "${name}")`);
  };
  const module = { exports: {} };
  new Function("require", "module", "exports", source)(sandboxRequire, module, module.exports);
}
