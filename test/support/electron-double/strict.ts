/**
 * What keeps the Electron double honest: every object it hands out is a Proxy that lets
 * through only names Electron 45 documents (electron-45-api.json, read from electron.d.ts),
 * only on the platforms Electron documents them for, and only when the double implements
 * them. Anything else throws at once and is kept in `violations`, so a test fails even when
 * the glue swallows the error.
 */
import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import type { ElectronApi } from "./extract-api.js";

export const ELECTRON_API: ElectronApi = JSON.parse(
  readFileSync(new URL("./electron-45-api.json", import.meta.url), "utf8"),
);

/** The platform the double plays (the glue reads process.platform; hooks.mjs makes them agree). */
export const PLATFORM: string = process.env.ELECTRON_DOUBLE_PLATFORM || process.platform;

/** Every refused use, in order, for the test to assert there were none. */
export const violations: string[] = [];

export class ElectronDoubleError extends Error {}

export function refuse(message: string): never {
  const text = `electron double: ${message}`;
  violations.push(text);
  throw new ElectronDoubleError(text);
}

/** Electron's classes inherit members the .d.ts declares on their bases. */
const BASES: Record<string, string[]> = {
  BrowserWindow: ["BaseWindow"],
  BrowserWindowConstructorOptions: ["BaseWindowConstructorOptions"],
};

const chain = (apiName: string): string[] => [apiName, ...(BASES[apiName] ?? [])];

type Kind = "methods" | "properties" | "events";

/** The platforms a member is documented for ([] = all), or undefined when Electron has no such member. */
export function documented(apiName: string, kind: Kind, name: string): string[] | undefined {
  for (const shape of chain(apiName)) {
    const api = ELECTRON_API.api[shape];
    if (!api) refuse(`${shape} is not in electron-45-api.json; add it to COVERED in extract-api.ts`);
    const platforms = api[kind][name];
    if (platforms) return platforms;
  }
  return undefined;
}

const onThisPlatform = (platforms: string[]) => platforms.length === 0 || platforms.includes(PLATFORM);

function checkMember(apiName: string, name: string): void {
  const platforms = documented(apiName, "methods", name) ?? documented(apiName, "properties", name);
  if (!platforms) refuse(`${apiName}.${name} is not part of Electron ${ELECTRON_API.version}'s API`);
  if (!onThisPlatform(platforms))
    refuse(
      `${apiName}.${name} exists only on ${platforms.join(", ")} in Electron ${ELECTRON_API.version} (this run plays ${PLATFORM}): guard it with process.platform`,
    );
}

/** A listener may be added for any documented event; Electron simply never emits it elsewhere. */
export function checkEvent(apiName: string, event: string): void {
  if (!documented(apiName, "events", event))
    refuse(`${apiName} has no event "${event}" in Electron ${ELECTRON_API.version}`);
}

/** A test can only make happen what can happen on the platform the double plays. */
export function checkEventFires(apiName: string, event: string): void {
  const platforms = documented(apiName, "events", event);
  if (!platforms) refuse(`${apiName} has no event "${event}" in Electron ${ELECTRON_API.version}`);
  if (!onThisPlatform(platforms))
    refuse(`${apiName} emits "${event}" only on ${platforms.join(", ")} (this run plays ${PLATFORM})`);
}

/** Option bags: every key must be one Electron reads (a misspelt key is silently ignored by Electron). */
export function checkOptions(apiName: string, options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null) refuse(`${apiName} must be an object`);
  for (const key of Object.keys(options as object))
    if (!documented(apiName, "properties", key)) refuse(`${apiName} has no option "${key}"`);
}

const EMITTER_METHODS = new Set(["on", "once", "off", "addListener", "removeListener", "removeAllListeners"]);

/** Calls made through the proxies, in order: `Tray.setToolTip("…")`. */
export const calls: { api: string; member: string; args: unknown[] }[] = [];

export const DESCRIBE = Symbol("electron double description");

/** A JSON-safe picture of a call's arguments (functions, buffers and Electron objects by name). */
export function summarize(value: unknown, depth = 0): unknown {
  if (typeof value === "function") return "[function]";
  if (Buffer.isBuffer(value)) return `[Buffer ${value.length} bytes]`;
  if (typeof value !== "object" || value === null) return value;
  const named = (value as { [DESCRIBE]?: () => string })[DESCRIBE];
  if (named) return named.call(value);
  if (depth > 4) return "[…]";
  if (Array.isArray(value)) return value.map((item) => summarize(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, summarize(item, depth + 1)]));
}

/**
 * Wraps a double so that only documented, implemented members get through. Symbol-keyed
 * members are the double's own machinery and pass; `then` reads as absent, as it does on
 * Electron's objects, so returning one from an async function works.
 */
export function strict<T extends object>(target: T, apiName: string): T {
  return new Proxy(target, {
    get(object, name, receiver) {
      if (typeof name === "symbol") return Reflect.get(object, name, receiver);
      if (name === "then") return undefined;
      // `new` reads the prototype through the proxy of a class.
      if (name === "prototype") return Reflect.get(object, name, receiver);
      if (!EMITTER_METHODS.has(name)) checkMember(apiName, name);
      if (!(name in object))
        refuse(
          `${apiName}.${name} is Electron API the double does not implement yet: add it in test/support/electron-double/, following Electron's docs/api`,
        );
      const value = Reflect.get(object, name, receiver);
      if (typeof value !== "function" || name === "constructor") return value;
      return function recorded(this: unknown, ...args: unknown[]) {
        calls.push({ api: apiName, member: name, args: args.map((arg) => summarize(arg)) });
        return value.apply(this, args);
      };
    },
    set(object, name, value, receiver) {
      if (typeof name !== "symbol") checkMember(apiName, name);
      return Reflect.set(object, name, value, receiver);
    },
  });
}

export const EMITTER = Symbol("electron double emitter");
const API_NAME = Symbol("electron double API name");

/**
 * Electron's objects are EventEmitters; the double's refuse listeners for events Electron does
 * not have. Tests fire events through `fire`, which also refuses what this platform never emits.
 * (State lives under symbols: the strict proxy lets only Electron's own names through.)
 */
export class DoubleEmitter {
  readonly [EMITTER] = new EventEmitter();
  readonly [API_NAME]: string;

  constructor(apiName: string) {
    this[API_NAME] = apiName;
  }

  on(event: string, listener: (...args: never[]) => void): this {
    checkListen(this, event);
    this[EMITTER].on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  addListener(event: string, listener: (...args: never[]) => void): this {
    return this.on(event, listener);
  }

  once(event: string, listener: (...args: never[]) => void): this {
    checkListen(this, event);
    this[EMITTER].once(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off(event: string, listener: (...args: never[]) => void): this {
    this[EMITTER].off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  removeListener(event: string, listener: (...args: never[]) => void): this {
    return this.off(event, listener);
  }

  removeAllListeners(event?: string): this {
    this[EMITTER].removeAllListeners(event);
    return this;
  }
}

/** ipcMain and ipcRenderer listen on channels, which are any string. */
const CHANNEL_EMITTERS = new Set(["IpcMain", "IpcRenderer"]);

function checkListen(emitter: DoubleEmitter, event: string): void {
  if (typeof event !== "string") refuse(`${emitter[API_NAME]}.on needs an event name, got ${typeof event}`);
  if (!CHANNEL_EMITTERS.has(emitter[API_NAME])) checkEvent(emitter[API_NAME], event);
}

/** Emits `event` as Electron would on this platform; returns whether a listener heard it. */
export function fire(target: DoubleEmitter, event: string, ...args: unknown[]): boolean {
  if (!CHANNEL_EMITTERS.has(target[API_NAME])) checkEventFires(target[API_NAME], event);
  return target[EMITTER].emit(event, ...args);
}

/** A plain record Electron passes (HandlerDetails, PermissionRequest): reading an absent field throws. */
export function record<R extends object>(fields: R, what: string): R {
  return new Proxy(fields, {
    get(object, name, receiver) {
      if (typeof name === "symbol" || name === "then" || name in object)
        return Reflect.get(object, name, receiver);
      return refuse(`${what} has no field "${name}" in Electron ${ELECTRON_API.version}`);
    },
  });
}

/** One proxy per double, so identity holds (`event.sender === window.webContents`). */
const PROXY = Symbol("electron double proxy");
export function proxyOf<T extends object>(target: T, apiName: string): T {
  const holder = target as T & { [PROXY]?: T };
  holder[PROXY] ??= strict(target, apiName);
  return holder[PROXY];
}

export type ElectronEvent<P extends object = object> = P & {
  preventDefault(): void;
  readonly defaultPrevented: boolean;
};

/**
 * Electron's `Event<Params>`: preventDefault, defaultPrevented and the params, nothing else
 * (reading a field Electron does not send throws instead of reading undefined).
 */
export function electronEvent<P extends object>(params: P = {} as P, what = "Event"): ElectronEvent<P> {
  let prevented = false;
  const event = Object.defineProperties(
    { ...params },
    {
      preventDefault: {
        value: () => {
          prevented = true;
        },
      },
      defaultPrevented: { get: () => prevented },
    },
  ) as ElectronEvent<P>;
  return record(event, what);
}
