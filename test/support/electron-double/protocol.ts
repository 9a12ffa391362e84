/**
 * The double's `protocol`: schemes registered as privileged before the app is ready (once, as
 * Electron allows), handlers added after it. Pages loaded from a handled scheme are fetched
 * through the glue's handler, so a test sees what the window would get (status, headers, body).
 */
import { isReady, requireReady } from "./app.js";
import { checkOptions, refuse, strict } from "./strict.js";

type Handler = (request: Request) => Response | Promise<Response>;

const handlers = new Map<string, Handler>();
export const privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[] = [];
let registered = false;

export const protocol = strict(
  {
    registerSchemesAsPrivileged(customSchemes: { scheme: string; privileges?: Record<string, boolean> }[]) {
      if (registered) refuse("protocol.registerSchemesAsPrivileged can be called only once");
      // Electron: "can only be used before the ready event of the app module gets emitted".
      if (isReady()) refuse("protocol.registerSchemesAsPrivileged must be called before the app is ready");
      if (!Array.isArray(customSchemes)) refuse("registerSchemesAsPrivileged takes an array of CustomScheme");
      for (const custom of customSchemes) {
        checkOptions("CustomScheme", custom);
        checkOptions("Privileges", custom.privileges);
        privilegedSchemes.push({ scheme: custom.scheme, privileges: { ...custom.privileges } });
      }
      registered = true;
    },
    handle(scheme: string, handler: Handler) {
      requireReady("protocol.handle");
      if (typeof handler !== "function") refuse("protocol.handle(scheme, handler) needs a function");
      if (handlers.has(scheme)) refuse(`protocol.handle: the scheme "${scheme}" is already handled`);
      handlers.set(scheme, handler);
    },
    isProtocolHandled(scheme: string) {
      return handlers.has(scheme);
    },
  },
  "Protocol",
);

export interface Fetched {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What a page request to `url` gets: the handler's response, or a failure for an unknown scheme. */
export async function fetchThroughProtocol(url: string): Promise<Fetched | undefined> {
  const scheme = new URL(url).protocol.replace(/:$/, "");
  const handler = handlers.get(scheme);
  if (!handler) return undefined;
  const response = await handler(new Request(url));
  if (!(response instanceof Response)) refuse(`protocol.handle("${scheme}") handler must return a Response`);
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: await response.text(),
  };
}

/** Schemes a page can load from without a handler (Electron's own). */
export const BUILT_IN_SCHEMES = new Set(["file", "about", "data", "http", "https"]);
