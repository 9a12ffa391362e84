/**
 * Serves the built renderer (`dist/renderer`) with a strict Content-Security-Policy: only
 * this origin's scripts, styles and connections, no inline script, no framing. A path that
 * tries to leave the folder is treated as not found. The tray app's `app://` protocol serves
 * the same files with the same headers (electron/app-protocol.ts).
 */
import { readFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

export const SECURITY_HEADERS = {
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
} as const;

export interface RendererFile {
  path: string;
  /** The page itself, whose absence means the renderer was never built. */
  isPage: boolean;
  headers: Record<string, string>;
}

/** The file a URL path names inside the renderer folder, with its headers; undefined outside it. */
export function rendererFile(rendererDir: string, urlPath: string): RendererFile | undefined {
  let relativePath: string;
  try {
    relativePath = urlPath === "/" ? "index.html" : decodeURIComponent(urlPath).replace(/^\/+/, "");
  } catch {
    return undefined; // a malformed escape is no file of ours
  }
  const path = normalize(join(rendererDir, relativePath));
  if (!path.startsWith(rendererDir + sep)) return undefined;
  return {
    path,
    isPage: relativePath === "index.html",
    headers: {
      ...SECURITY_HEADERS,
      "Content-Type": CONTENT_TYPES[extname(path)] ?? "application/octet-stream",
      // Hashed asset names never change; the page itself must be fetched fresh after a build.
      "Cache-Control": relativePath.startsWith("assets/")
        ? "public, max-age=31536000, immutable"
        : "no-store",
    },
  };
}

function isWellEncoded(urlPath: string): boolean {
  try {
    decodeURIComponent(urlPath);
    return true;
  } catch {
    return false;
  }
}

export const NOT_BUILT = "the dashboard is not built here: run `npm run build`, then reload\n";

export async function serveStatic(
  rendererDir: string,
  urlPath: string,
  response: ServerResponse,
): Promise<void> {
  // A malformed %-escape is the client's mistake: 400, never a crash (the app:// protocol, which
  // has no such status, answers it as not found).
  if (!isWellEncoded(urlPath)) return badRequest(response);
  const file = rendererFile(rendererDir, urlPath);
  if (!file) return notFound(response);
  let body: Buffer;
  try {
    body = await readFile(file.path);
  } catch {
    if (file.isPage) return notBuilt(response);
    return notFound(response);
  }
  response.writeHead(200, file.headers);
  response.end(body);
}

function badRequest(response: ServerResponse): void {
  response.writeHead(400, { ...SECURITY_HEADERS, "Content-Type": "text/plain; charset=utf-8" });
  response.end("malformed URL: a %-escape that is not UTF-8\n");
}

function notFound(response: ServerResponse): void {
  response.writeHead(404, { ...SECURITY_HEADERS, "Content-Type": "text/plain; charset=utf-8" });
  response.end("not found\n");
}

function notBuilt(response: ServerResponse): void {
  response.writeHead(503, { ...SECURITY_HEADERS, "Content-Type": "text/plain; charset=utf-8" });
  response.end(NOT_BUILT);
}
