/**
 * The headless host's token arrives in the address fragment (`#token=…`), which the browser
 * never sends to any server. It is kept for this tab only and removed from the address bar,
 * so it does not end up in screenshots or copied links.
 */
const KEY = "switchyard.token";

export function takeDashboardToken(
  location: Location,
  history: History,
  storage: Storage,
): string | undefined {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match?.[1]) {
    storage.setItem(KEY, decodeURIComponent(match[1]));
    history.replaceState(null, "", `${location.pathname}${location.search}#/overview`);
  }
  return storage.getItem(KEY) ?? undefined;
}
