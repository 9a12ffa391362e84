/**
 * The Electron IPC channels and the global the preload exposes, in one place. Kept free of
 * imports so the sandboxed preload bundle stays a few lines long.
 */
export const IPC_CHANNELS = {
  /** invoke(name, params) → reply */
  request: "switchyard:request",
  /** renderer → main: start sending this window the event stream (a snapshot first). */
  subscribe: "switchyard:subscribe",
  unsubscribe: "switchyard:unsubscribe",
  /** main → renderer: one bridge event. */
  event: "switchyard:event",
} as const;

export const PRELOAD_GLOBAL = "switchyard";
