/**
 * The hooks Switchyard adds to a crew root's `.claude/settings.local.json`, merged into what is
 * there and taken out again, as pure functions over the parsed file: the operator's own hooks,
 * and every other key, are kept exactly as they were.
 */

/** The events whose hooks report a session to the crew (PermissionRequest also lets a pane be answered from here). */
export const HOOK_EVENTS = [
  "SessionStart",
  "UserPromptSubmit",
  "PreToolUse",
  "PermissionRequest",
  "PostToolUse",
  "PostToolUseFailure",
  "Notification",
  "Stop",
  "SessionEnd",
] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

export interface HookHandler {
  type: "command";
  command: string;
  timeout: number;
}

type Json = Record<string, unknown>;
export type Settings = Json;

/** Seconds Claude Code gives an observational hook before it moves on (ours exit well before). */
const OBSERVE_TIMEOUT_SECONDS = 10;

const shellQuote = (value: string): string => `'${value.replaceAll("'", `'\\''`)}'`;

/**
 * The command for one event. `exec` makes node the hook process itself, so its parent is the
 * Claude Code process: the crew learns the session's pid and sees when it is gone.
 */
export function hookCommand(node: string, bin: string, event: HookEvent, root: string): string {
  return `exec ${shellQuote(node)} ${shellQuote(bin)} hook ${event} --root ${shellQuote(root)}`;
}

export function switchyardHandlers(
  node: string,
  bin: string,
  root: string,
  waitSeconds: number,
): Record<HookEvent, HookHandler> {
  return Object.fromEntries(
    HOOK_EVENTS.map((event) => [
      event,
      {
        type: "command",
        command: hookCommand(node, bin, event, root),
        // A pane's permission request may wait for the operator; the rest return at once.
        timeout: event === "PermissionRequest" ? Math.ceil(waitSeconds) + 30 : OBSERVE_TIMEOUT_SECONDS,
      },
    ]),
  ) as Record<HookEvent, HookHandler>;
}

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Why the file cannot be merged safely, or undefined when it can. */
export function settingsProblem(settings: unknown): string | undefined {
  if (!isObject(settings)) return "it is not a JSON object";
  if (settings.hooks !== undefined && !isObject(settings.hooks)) return '"hooks" is not an object';
  for (const [event, groups] of Object.entries(isObject(settings.hooks) ? settings.hooks : {}))
    if (!Array.isArray(groups)) return `"hooks.${event}" is not a list`;
  return undefined;
}

/** Removes every handler whose command `isOurs` says is Switchyard's; empty groups and events go too. */
export function withoutHandlers(
  settings: Settings,
  isOurs: (command: string) => boolean,
): { settings: Settings; removed: number } {
  if (!isObject(settings.hooks)) return { settings, removed: 0 };
  let removed = 0;
  const hooks: Json = {};
  for (const [event, groups] of Object.entries(settings.hooks)) {
    if (!Array.isArray(groups)) {
      hooks[event] = groups;
      continue;
    }
    const kept = groups.flatMap((group) => {
      if (!isObject(group) || !Array.isArray(group.hooks)) return [group];
      const handlers = group.hooks.filter((handler) => {
        const ours = isObject(handler) && typeof handler.command === "string" && isOurs(handler.command);
        if (ours) removed++;
        return !ours;
      });
      if (handlers.length === group.hooks.length) return [group];
      return handlers.length ? [{ ...group, hooks: handlers }] : [];
    });
    if (kept.length) hooks[event] = kept;
  }
  const { hooks: _old, ...rest } = settings;
  return { settings: Object.keys(hooks).length ? { ...rest, hooks } : rest, removed };
}

/** Adds one group per event with Switchyard's handler, after the operator's own (an earlier install of ours is replaced). */
export function withHandlers(
  settings: Settings,
  handlers: Record<HookEvent, HookHandler>,
  isOurs: (command: string) => boolean,
): Settings {
  const { settings: clean } = withoutHandlers(settings, isOurs);
  const hooks: Json = isObject(clean.hooks) ? { ...clean.hooks } : {};
  for (const event of HOOK_EVENTS) {
    const groups = Array.isArray(hooks[event]) ? (hooks[event] as unknown[]) : [];
    hooks[event] = [...groups, { hooks: [handlers[event]] }];
  }
  return { ...clean, hooks };
}

/** Our commands, recognised by shape (when the record of an install is lost). */
export const looksLikeOurs = (root: string) => (command: string) =>
  command.includes(" hook ") && command.includes(`--root ${shellQuote(root)}`) && /switchyard/.test(command);
