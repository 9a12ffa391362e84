/**
 * The bot token must never reach a log, a notification or a reply. grammY's own messages do
 * not print it, but a failed fetch's cause can carry the request URL (`/bot<token>/method`):
 * everything the Telegram modules log goes through here first.
 */

/** The text with the token, and the token part of any Bot API URL, replaced by `<token>`. */
export function redactToken(text: string, token: string): string {
  const withoutToken = token ? text.split(token).join("<token>") : text;
  return withoutToken.replace(/\/bot[^/\s]+\//g, "/bot<token>/");
}

/** An error and its causes in one line, redacted: what the operator reads when Telegram fails. */
export function describeError(error: unknown, token: string): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined; depth++) {
    if (current instanceof Error) {
      parts.push(current.message);
      const nested = current as Error & { error?: unknown };
      current = nested.error ?? nested.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  return redactToken(parts.filter(Boolean).join(": ") || "unknown error", token);
}
