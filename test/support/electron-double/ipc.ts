/**
 * The double's ipcMain, and the two ways a page reaches it: `invoke` (a handler answers; the
 * page gets a structured clone of the reply, or an Error whose message names the channel, as
 * Electron's does) and `send` (every `on` listener hears it). Each message carries the
 * sending webContents and frame, so the glue's sender checks run against real-looking events.
 */
import { DoubleEmitter, electronEvent, fire, proxyOf, refuse } from "./strict.js";
import { STATE, type WebContentsDouble, webFrame } from "./windows.js";

type Handler = (event: unknown, ...args: unknown[]) => unknown;

const HANDLERS = Symbol("handlers");

class IpcMainDouble extends DoubleEmitter {
  readonly [HANDLERS] = new Map<string, Handler>();

  constructor() {
    super("IpcMain");
  }

  handle(channel: string, handler: Handler): void {
    if (typeof channel !== "string" || typeof handler !== "function")
      refuse("ipcMain.handle(channel, handler) takes a channel name and a function");
    if (this[HANDLERS].has(channel)) refuse(`Attempted to register a second handler for '${channel}'`);
    this[HANDLERS].set(channel, handler);
  }

  removeHandler(channel: string): void {
    this[HANDLERS].delete(channel);
  }
}

const ipcMainTarget = new IpcMainDouble();
export const ipcMain = proxyOf(ipcMainTarget, "IpcMain");

/** The frame a message comes from: the page itself unless the test names another (an iframe). */
function senderFields(contents: WebContentsDouble, frameUrl: string | undefined) {
  const pageUrl = contents[STATE].url;
  return {
    sender: proxyOf(contents, "WebContents"),
    senderFrame: webFrame(frameUrl ?? pageUrl, frameUrl === undefined || frameUrl === pageUrl),
    frameId: frameUrl === undefined ? 1 : 2,
    processId: 1,
  };
}

export async function invokeMain(
  contents: WebContentsDouble,
  channel: string,
  args: unknown[],
  frameUrl?: string,
): Promise<unknown> {
  const handler = ipcMainTarget[HANDLERS].get(channel);
  if (!handler)
    throw new Error(
      `Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`,
    );
  const event = electronEvent({ ...senderFields(contents, frameUrl), type: "frame" }, "IpcMainInvokeEvent");
  try {
    return structuredClone(await handler(event, ...structuredClone(args)));
  } catch (error) {
    throw new Error(`Error invoking remote method '${channel}': ${String(error)}`);
  }
}

export function sendToMain(
  contents: WebContentsDouble,
  channel: string,
  args: unknown[],
  frameUrl?: string,
): void {
  const event = electronEvent(
    {
      ...senderFields(contents, frameUrl),
      type: "frame",
      returnValue: undefined,
      ports: [],
      reply: (replyChannel: string, ...replyArgs: unknown[]) => contents.send(replyChannel, ...replyArgs),
    },
    "IpcMainEvent",
  );
  fire(ipcMainTarget, channel, event, ...structuredClone(args));
}
