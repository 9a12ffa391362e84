/**
 * The window's addresses: a view is named by the hash (`#/tasks`), and the tray popover can be
 * asked to put one approval first (`#/popover?approval=<task id>`). The renderer's router and
 * the tray app (which opens views by address) read them with the same functions.
 */
export const POPOVER_PATH = "popover";

/** The view of `#/tasks` (or of an empty hash: the overview). */
export const pathOfHash = (hash: string): string => /^#\/([\w-]+)/.exec(hash)?.[1] ?? "overview";

/** The hash that opens `view` (without the `#`, as Electron's loadFile takes it). */
export const viewHash = (view: string, approval?: string): string =>
  approval ? `/${view}?${new URLSearchParams({ approval })}` : `/${view}`;

/** The approval the address asks the popover to show first, if any. */
export const approvalOfHash = (hash: string): string | undefined => {
  const query = hash.split("?")[1];
  return (query && new URLSearchParams(query).get("approval")) || undefined;
};
