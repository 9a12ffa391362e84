/**
 * The double's Tray, Menu and MenuItem, nativeImage and Notification. Menus are built from
 * templates with Electron's option names only and clicked the way Electron clicks them
 * (click(menuItem, focusedWindow, event)); images keep their pixels so a test can tell which
 * icon the tray shows; notifications record what they said and fire click/action events.
 */
import { requireReady } from "./app.js";
import { checkOptions, DESCRIBE, DoubleEmitter, EMITTER, proxyOf, refuse, strict } from "./strict.js";

const STATE = Symbol("state");

class NativeImageDouble {
  readonly [STATE]: { bitmap: Buffer; width: number; height: number; scaleFactor: number };

  constructor(bitmap: Buffer, width: number, height: number, scaleFactor: number) {
    this[STATE] = { bitmap, width, height, scaleFactor };
  }

  [DESCRIBE](): string {
    return `[NativeImage ${this[STATE].width}×${this[STATE].height}]`;
  }

  /** In device-independent pixels, as Electron reports it. */
  getSize() {
    const { width, height, scaleFactor } = this[STATE];
    return { width: Math.round(width / scaleFactor), height: Math.round(height / scaleFactor) };
  }

  isEmpty(): boolean {
    return this[STATE].bitmap.length === 0;
  }
}

export const nativeImage = strict(
  {
    createFromBitmap(buffer: Buffer, options: { width: number; height: number; scaleFactor?: number }) {
      checkOptions("CreateFromBitmapOptions", options);
      if (!Buffer.isBuffer(buffer)) refuse("nativeImage.createFromBitmap takes a Buffer");
      if (!Number.isInteger(options.width) || !Number.isInteger(options.height))
        refuse("nativeImage.createFromBitmap needs integer width and height");
      // Electron throws "invalid buffer size" unless the buffer holds exactly width × height BGRA pixels.
      if (buffer.length !== options.width * options.height * 4)
        refuse(
          `nativeImage.createFromBitmap: buffer of ${buffer.length} bytes for ${options.width}×${options.height} (needs ${options.width * options.height * 4})`,
        );
      return proxyOf(
        new NativeImageDouble(Buffer.from(buffer), options.width, options.height, options.scaleFactor ?? 1),
        "NativeImage",
      );
    },
    createEmpty() {
      return proxyOf(new NativeImageDouble(Buffer.alloc(0), 0, 0, 1), "NativeImage");
    },
  },
  "NativeImage",
);

/** An image as a test sees it: its size and the colour at its centre (BGRA → RGBA). */
export function imageState(image: unknown) {
  if (!(image instanceof NativeImageDouble)) return undefined;
  const { bitmap, width, height, scaleFactor } = image[STATE];
  const offset = (Math.floor(height / 2) * width + Math.floor(width / 2)) * 4;
  const [b, g, r, a] = bitmap.subarray(offset, offset + 4);
  return { width, height, scaleFactor, centre: [r, g, b, a] };
}

const MENU_TYPES = new Set(["normal", "separator", "submenu", "checkbox", "radio", "header", "palette"]);

class MenuItemDouble {
  label: string;
  type: string;
  enabled: boolean;
  visible: boolean;
  submenu: MenuDouble | undefined;
  click: (...args: unknown[]) => void;
  id: string | undefined;

  constructor(options: Record<string, unknown>) {
    checkOptions("MenuItemConstructorOptions", options);
    const submenu = options.submenu;
    this.type = String(options.type ?? (submenu ? "submenu" : "normal"));
    if (!MENU_TYPES.has(this.type)) refuse(`MenuItem type "${this.type}" is not one of Electron's`);
    if (options.click !== undefined && typeof options.click !== "function")
      refuse("MenuItem click must be a function");
    this.label = String(options.label ?? "");
    this.enabled = options.enabled !== false;
    this.visible = options.visible !== false;
    this.id = options.id as string | undefined;
    this.submenu = Array.isArray(submenu) ? buildMenu(submenu) : (submenu as MenuDouble | undefined);
    const click = options.click as ((...args: unknown[]) => void) | undefined;
    this.click = (...args) => click?.(...args);
  }
}

class MenuDouble extends DoubleEmitter {
  readonly items: MenuItemDouble[];

  constructor(items: MenuItemDouble[]) {
    super("Menu");
    this.items = items;
  }
}

function buildMenu(template: unknown): MenuDouble {
  if (!Array.isArray(template)) refuse("Menu.buildFromTemplate takes an array");
  return proxyOf(
    new MenuDouble(template.map((options) => proxyOf(new MenuItemDouble(options), "MenuItem"))),
    "Menu",
  );
}

export const Menu = strict(
  Object.assign(function Menu() {}, {
    buildFromTemplate: (template: unknown) => buildMenu(template),
  }),
  "Menu",
);

/** A menu as a test sees it: labels, enabled state, submenus. */
export interface MenuState {
  label: string;
  type: string;
  enabled: boolean;
  submenu?: MenuState[];
}

export function menuState(menu: MenuDouble | null | undefined): MenuState[] | null {
  if (!menu) return null;
  return menu.items
    .filter((item) => item.visible)
    .map((item) => ({
      label: item.label,
      type: item.type,
      enabled: item.enabled,
      ...(item.submenu ? { submenu: menuState(item.submenu) ?? [] } : {}),
    }));
}

/** Clicks the item found by its labels from the top (["Approve? …", "Approve"]), as a user would. */
export function clickMenu(
  menu: MenuDouble | null | undefined,
  labels: string[],
  focusedWindow: unknown,
): void {
  let items = menu?.items ?? [];
  let item: MenuItemDouble | undefined;
  for (const label of labels) {
    item = items.find((each) => each.visible && each.label === label);
    if (!item)
      refuse(
        `no menu item "${label}" (there are: ${items.map((each) => JSON.stringify(each.label)).join(", ")})`,
      );
    items = item.submenu?.items ?? [];
  }
  if (!item || item.type === "separator" || item.submenu)
    refuse(`"${labels.join(" → ")}" is not a clickable item`);
  if (!item.enabled) refuse(`"${labels.join(" → ")}" is disabled: a user cannot click it`);
  item.click(proxyOf(item, "MenuItem"), focusedWindow, {
    shiftKey: false,
    ctrlKey: false,
    altKey: false,
    metaKey: false,
  });
}

export const allTrays: TrayDouble[] = [];

/** Where the double's tray icon sits: top right, in the menu bar or panel. */
export const TRAY_BOUNDS = { x: 1800, y: 4, width: 24, height: 24 };

export class TrayDouble extends DoubleEmitter {
  readonly [STATE] = {
    image: undefined as unknown,
    toolTip: "",
    title: "",
    menu: null as MenuDouble | null,
    destroyed: false,
  };

  constructor(image: unknown) {
    super("Tray");
    requireReady("Tray");
    if (!(image instanceof NativeImageDouble) && typeof image !== "string")
      refuse("new Tray(image) takes a NativeImage or a path");
    this[STATE].image = image;
    const self = proxyOf(this, "Tray");
    allTrays.push(self);
    // biome-ignore lint/correctness/noConstructorReturn: `new Tray()` must hand out the strict proxy.
    return self;
  }

  [DESCRIBE](): string {
    return "[Tray]";
  }

  setImage(image: unknown): void {
    if (!(image instanceof NativeImageDouble) && typeof image !== "string")
      refuse("tray.setImage takes a NativeImage or a path");
    this[STATE].image = image;
  }

  setToolTip(toolTip: string): void {
    if (typeof toolTip !== "string") refuse("tray.setToolTip takes a string");
    this[STATE].toolTip = toolTip;
  }

  setTitle(title: string): void {
    if (typeof title !== "string") refuse("tray.setTitle takes a string");
    this[STATE].title = title;
  }

  setContextMenu(menu: MenuDouble | null): void {
    if (menu !== null && !(menu instanceof MenuDouble)) refuse("tray.setContextMenu takes a Menu or null");
    this[STATE].menu = menu;
  }

  getBounds() {
    return { ...TRAY_BOUNDS };
  }

  destroy(): void {
    this[STATE].destroyed = true;
  }

  isDestroyed(): boolean {
    return this[STATE].destroyed;
  }
}

export const trayInternals = (tray: TrayDouble) => tray[STATE];

export const allNotifications: NotificationDouble[] = [];
const EMITTER_OPTIONS = Symbol("options");

export class NotificationDouble extends DoubleEmitter {
  readonly [STATE] = { shown: false, closed: false };
  readonly title: string;
  readonly body: string;
  readonly silent: boolean;
  readonly actions: { type: string; text?: string }[];
  readonly [EMITTER_OPTIONS]: Record<string, unknown>;

  constructor(options: Record<string, unknown> = {}) {
    super("Notification");
    requireReady("Notification");
    checkOptions("NotificationConstructorOptions", options);
    for (const action of (options.actions as object[] | undefined) ?? [])
      checkOptions("NotificationAction", action);
    this[EMITTER_OPTIONS] = options;
    this.title = String(options.title ?? "");
    this.body = String(options.body ?? "");
    this.silent = Boolean(options.silent);
    this.actions = (options.actions as { type: string; text?: string }[]) ?? [];
    const self = proxyOf(this, "Notification");
    allNotifications.push(self);
    // biome-ignore lint/correctness/noConstructorReturn: `new Notification()` must hand out the strict proxy.
    return self;
  }

  static isSupported(): boolean {
    return process.env.ELECTRON_DOUBLE_NO_NOTIFICATIONS !== "1";
  }

  [DESCRIBE](): string {
    return `[Notification "${this.title}"]`;
  }

  show(): void {
    this[STATE].shown = true;
  }

  close(): void {
    this[STATE].closed = true;
  }
}

export function notificationState(notification: NotificationDouble, index: number) {
  return {
    index,
    options: notification[EMITTER_OPTIONS],
    shown: notification[STATE].shown,
    closed: notification[STATE].closed,
    listens: notification[EMITTER].eventNames().map(String),
  };
}
