/**
 * The bridge inside the Electron window: the preload exposes the transport on `window`
 * through contextBridge (the renderer has no Node and no ipcRenderer of its own).
 */
import type { BridgeTransport } from "../../shared/bridge.js";
import { PRELOAD_GLOBAL } from "../../shared/bridge-channels.js";

export function preloadTransport(): BridgeTransport | undefined {
  const exposed = (window as unknown as Record<string, unknown>)[PRELOAD_GLOBAL];
  return exposed ? (exposed as BridgeTransport) : undefined;
}
