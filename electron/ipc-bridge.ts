/**
 * The bridge over IPC: requests go through the same handler as the headless host's HTTP API,
 * events through the same feed. Only frames showing the app's own page are answered (Electron's
 * security checklist: validate the sender of every IPC message); anything else is refused and
 * logged, never served.
 */
import { ipcMain, type WebContents } from "electron";
import { IPC_CHANNELS } from "../shared/bridge-channels.js";
import type { BridgeFeed } from "../core/bridge/bridge-feed.js";
import type { BridgeRequestHandler } from "../core/bridge/bridge-requests.js";
import type { WindowLog } from "./secure-window.js";
import { isTrustedSender } from "./window-policy.js";

interface Sender {
  sender: WebContents;
  senderFrame: { url: string } | null;
}

export function serveBridgeOverIpc(handle: BridgeRequestHandler, feed: BridgeFeed, log: WindowLog): void {
  const trusted = (event: Sender, channel: string) => {
    const url = event.senderFrame?.url;
    if (isTrustedSender(url)) return true;
    log.warn(`switchyard: refused ${channel} from ${url ?? "a frame that is gone"}: not the app's own page`);
    return false;
  };

  ipcMain.handle(IPC_CHANNELS.request, (event, name, params) => {
    if (!trusted(event, IPC_CHANNELS.request)) throw new Error("refused: not the app's own page");
    return handle(String(name), params);
  });

  const subscriptions = new Map<number, () => void>();
  const unsubscribe = (id: number) => {
    subscriptions.get(id)?.();
    subscriptions.delete(id);
  };
  ipcMain.on(IPC_CHANNELS.subscribe, (event) => {
    if (!trusted(event, IPC_CHANNELS.subscribe)) return;
    const { sender } = event;
    const firstTime = !subscriptions.has(sender.id);
    unsubscribe(sender.id);
    subscriptions.set(
      sender.id,
      feed.subscribe((bridgeEvent) => {
        if (!sender.isDestroyed()) sender.send(IPC_CHANNELS.event, bridgeEvent);
      }),
    );
    if (firstTime) sender.once("destroyed", () => unsubscribe(sender.id));
  });
  ipcMain.on(IPC_CHANNELS.unsubscribe, (event) => {
    if (trusted(event, IPC_CHANNELS.unsubscribe)) unsubscribe(event.sender.id);
  });
}
