/**
 * The Electron window's preload: exposes the bridge transport on `window.switchyard` through
 * contextBridge, so the sandboxed renderer can send named requests and receive events and
 * nothing else (no ipcRenderer, no Node). Parsing happens in the renderer's createBridge.
 * Bundled to one CommonJS file by vite.preload.config.ts: sandboxed preloads cannot import.
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer } from "electron";
import { IPC_CHANNELS, PRELOAD_GLOBAL } from "../shared/bridge-channels.js";

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, {
  call: (name: string, params: unknown) => ipcRenderer.invoke(IPC_CHANNELS.request, name, params),
  listen(onEvent: (raw: unknown) => void, onConnection: (state: "connecting" | "live" | "lost") => void) {
    const listener = (_event: IpcRendererEvent, raw: unknown) => onEvent(raw);
    ipcRenderer.on(IPC_CHANNELS.event, listener);
    ipcRenderer.send(IPC_CHANNELS.subscribe);
    // IPC to the main process cannot drop while the window lives.
    onConnection("live");
    return () => {
      ipcRenderer.removeListener(IPC_CHANNELS.event, listener);
      ipcRenderer.send(IPC_CHANNELS.unsubscribe);
    };
  },
});
