/**
 * The tray app's channel for crew notifications: the core has already decided that a
 * notification may interrupt (quiet hours, rate limits, digests); this decides where it goes
 * (notification-banner.ts) and applies it: an OS banner whose click (or, on macOS, whose
 * Approve / Queue / Reject buttons) runs a tray action, and the popover shown without focus
 * when there are no banners to carry an approval.
 */
import { Notification } from "electron";
import type { NotificationChannel } from "../core/notify/notifier.js";
import { bannerFor, popUpFor } from "./notification-banner.js";
import type { TrayAction } from "./tray-state.js";

/** Banners kept alive until closed: Electron drops the click handlers of a collected Notification. */
const KEPT_BANNERS = 20;

export function desktopNotifications(options: {
  run: (action: TrayAction) => void;
  windowFocused: () => boolean;
  showPopoverInactive: () => void;
  /** Brings the tray up to date first, so a banner never shows before what it is about. */
  beforeShow?: () => Promise<void>;
}): NotificationChannel {
  const banners = new Set<Notification>();
  return {
    name: "electron",
    interrupts: true,
    deliver: async (notification) => {
      const bannersSupported = Notification.isSupported();
      const where = popUpFor(notification, { windowFocused: options.windowFocused(), bannersSupported });
      if (where.popoverInactive) options.showPopoverInactive();
      if (!where.desktop) return;
      const banner = bannerFor(notification, process.platform);
      const shown = new Notification(banner.options);
      shown.on("click", () => options.run(banner.click));
      if (banner.actions.length)
        shown.on("action", (details) => {
          const action = banner.actions[details.actionIndex];
          if (action) options.run(action);
        });
      shown.on("close", () => banners.delete(shown));
      banners.add(shown);
      for (const old of [...banners].slice(0, Math.max(0, banners.size - KEPT_BANNERS))) banners.delete(old);
      await options.beforeShow?.().catch(() => undefined);
      shown.show();
    },
  };
}
