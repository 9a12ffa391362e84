/** `hooks install` / `hooks remove` on a crew root's .claude/settings.local.json: the operator's own settings are kept. */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HOOK_EVENTS } from "../../../core/sessions/hook-settings.js";
import { installHooks, removeHooks, settingsPath } from "../../../core/sessions/hooks-install.js";
import { pathExists } from "../../../core/crew-root.js";
import { type CrewFixture, makeCrew } from "../../support/crew-fixture.js";

const crews: CrewFixture[] = [];
afterEach(async () => {
  for (const crew of crews.splice(0)) await crew.cleanup();
});

async function crewWithSettings(text?: string): Promise<CrewFixture> {
  const crew = await makeCrew();
  crews.push(crew);
  if (text !== undefined) {
    await mkdir(join(crew.root, ".claude"), { recursive: true });
    await writeFile(settingsPath(crew.root), text);
  }
  return crew;
}

const settingsOf = async (crew: CrewFixture) => JSON.parse(await readFile(settingsPath(crew.root), "utf8"));
const install = (crew: CrewFixture) =>
  installHooks(crew.root, {
    waitSeconds: 300,
    node: "/usr/bin/node",
    bin: "/opt/switchyard/bin/switchyard.js",
  });

const USERS_OWN = `{
  "permissions": { "allow": ["Bash(npm test)"] },
  "hooks": {
    "PostToolUse": [
      { "matcher": "Write|Edit", "hooks": [{ "type": "command", "command": "npx prettier --write \\"$CLAUDE_FILE\\"" }] }
    ]
  }
}
`;

describe("switchyard hooks install", () => {
  it("adds one hook per event after the operator's own, and keeps every other key", async () => {
    const crew = await crewWithSettings(USERS_OWN);
    const result = await install(crew);
    expect(result.ok).toBe(true);
    const settings = await settingsOf(crew);
    expect(settings.permissions).toEqual({ allow: ["Bash(npm test)"] });
    expect(Object.keys(settings.hooks).sort()).toEqual([...HOOK_EVENTS].sort());
    expect(settings.hooks.PostToolUse).toHaveLength(2);
    expect(settings.hooks.PostToolUse[0].matcher).toBe("Write|Edit");
    expect(settings.hooks.PostToolUse[1].hooks[0]).toEqual({
      type: "command",
      command: `exec '/usr/bin/node' '/opt/switchyard/bin/switchyard.js' hook PostToolUse --root '${crew.root}'`,
      timeout: 10,
    });
    // A pane's permission prompt may wait for the operator: its hook has the time to.
    expect(settings.hooks.PermissionRequest[0].hooks[0].timeout).toBe(330);
  });

  it("installed twice is installed once", async () => {
    const crew = await crewWithSettings(USERS_OWN);
    await install(crew);
    const once = await readFile(settingsPath(crew.root), "utf8");
    await install(crew);
    expect(await readFile(settingsPath(crew.root), "utf8")).toBe(once);
  });

  it("leaves a settings file that is not valid JSON untouched and says so", async () => {
    const crew = await crewWithSettings('{ "hooks": { ');
    const result = await install(crew);
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.reason).toMatch(
      /settings\.local\.json was left unchanged: it is not valid JSON/,
    );
    expect(await readFile(settingsPath(crew.root), "utf8")).toBe('{ "hooks": { ');
  });

  it("refuses hooks that are not in Claude Code's shape rather than guess", async () => {
    const crew = await crewWithSettings('{ "hooks": { "Stop": "echo done" } }');
    const result = await install(crew);
    expect(!result.ok && result.reason).toContain('"hooks.Stop" is not a list');
  });
});

describe("switchyard hooks remove", () => {
  it("gives back the operator's file byte for byte", async () => {
    const crew = await crewWithSettings(USERS_OWN);
    await install(crew);
    expect(await removeHooks(crew.root)).toMatchObject({
      ok: true,
      detail: `removed ${HOOK_EVENTS.length} hooks`,
    });
    expect(await readFile(settingsPath(crew.root), "utf8")).toBe(USERS_OWN);
  });

  it("keeps what the operator added since, and takes only ours", async () => {
    const crew = await crewWithSettings(USERS_OWN);
    await install(crew);
    const settings = await settingsOf(crew);
    settings.hooks.Stop[0].hooks.push({ type: "command", command: "notify-send done" });
    settings.model = "opus";
    await writeFile(settingsPath(crew.root), JSON.stringify(settings));
    await removeHooks(crew.root);
    const after = await settingsOf(crew);
    expect(after.model).toBe("opus");
    expect(after.hooks.Stop).toEqual([{ hooks: [{ type: "command", command: "notify-send done" }] }]);
    expect(after.hooks.PostToolUse).toEqual(JSON.parse(USERS_OWN).hooks.PostToolUse);
    expect(Object.keys(after.hooks).sort()).toEqual(["PostToolUse", "Stop"]);
  });

  it("removes the file and the folder it created, and nothing else", async () => {
    const crew = await crewWithSettings();
    await install(crew);
    expect(await pathExists(settingsPath(crew.root))).toBe(true);
    await removeHooks(crew.root);
    expect(await pathExists(join(crew.root, ".claude"))).toBe(false);
    expect(await pathExists(crew.root)).toBe(true);
  });
});
