/**
 * A real crew root, a throwaway home, and the real compiled tray app running on them under
 * the Electron double (electron-double/driver.ts); plus the questions tests ask of its state.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";
import type { DoubleState } from "./electron-double/control.js";
import { type LaunchOptions, launchTrayApp, type TrayAppProcess } from "./electron-double/driver.js";
import { type CrewFixture, makeCrew } from "./crew-fixture.js";

export interface TrayAppRun {
  app: TrayAppProcess;
  crew: CrewFixture;
  home: string;
}

/** Starts the app (not yet ready: send `{ kind: "ready" }`); everything is removed after the test. */
export async function startTrayApp(
  config: unknown = {},
  options: Omit<LaunchOptions, "root" | "home"> = {},
): Promise<TrayAppRun> {
  const crew = await makeCrew(config);
  const home = await mkdtemp(join(tmpdir(), "switchyard-home-"));
  const app = launchTrayApp({ ...options, root: crew.root, home });
  onTestFinished(async () => {
    // Whatever the test checked, the glue used no Electron API the double does not know.
    const violations = app.child.connected ? (await app.state().catch(() => undefined))?.violations : [];
    await app.kill();
    if (violations?.length) throw new Error(`Electron double violations:\n${violations.join("\n")}`);
    await crew.cleanup();
    await rm(home, { recursive: true, force: true });
  });
  return { app, crew, home };
}

/** Starts the app and makes it ready; resolves once its tray shows the crew's status. */
export async function readyTrayApp(config: unknown = {}, options: Omit<LaunchOptions, "root" | "home"> = {}) {
  const run = await startTrayApp(config, options);
  await run.app.send({ kind: "ready" });
  await run.app.waitForState(
    (state) => tray(state)?.menu !== null && /running/.test(tray(state)?.toolTip ?? ""),
    "the tray drawn from the status",
  );
  return run;
}

export const tray = (state: DoubleState) => state.trays.at(-1);

/** The window showing `view` (the popover is the window whose page is #/popover). */
export const windowShowing = (state: DoubleState, view: string) =>
  state.windows.find(
    (window) => !window.destroyed && new URL(window.url || "about:blank").hash.startsWith(`#/${view}`),
  );

export const popover = (state: DoubleState) => windowShowing(state, "popover");

/** Labels of the tray menu, submenus as "parent → child". */
export function menuLabels(state: DoubleState): string[] {
  type Item = { label: string; type: string; submenu?: Item[] };
  const walk = (items: Item[], prefix: string): string[] =>
    items.flatMap((item) =>
      item.type === "separator"
        ? []
        : [`${prefix}${item.label}`, ...walk(item.submenu ?? [], `${prefix}${item.label} → `)],
    );
  return walk((tray(state)?.menu ?? []) as Item[], "");
}
