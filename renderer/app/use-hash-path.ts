import { useSyncExternalStore } from "react";
import { pathOfHash } from "./routes.js";

const subscribe = (onChange: () => void) => {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
};

/** The current view's path, following the address bar (back and forward work). */
export function useHashPath(): string {
  return useSyncExternalStore(subscribe, () => pathOfHash(window.location.hash));
}
