/**
 * The tray app's real main process (dist/electron/main.js, as built), run under plain Node with
 * the Electron double on a real crew root: the life of the app from ready to quit, driven the
 * way the OS, the operator and the window would drive it. Run `npm run build` first.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { trayIconPixels } from "../../electron/tray-icon.js";
import type { TrayIcon } from "../../electron/tray-state.js";
import { BRIDGE_REQUESTS, REQUEST_NAMES, type RequestName, type RequestParams } from "../../shared/bridge.js";
import { PRELOAD_GLOBAL } from "../../shared/bridge-channels.js";
import { startDaemonApi } from "../support/daemon-api.js";
import { startOllamaStandin } from "../support/ollama-standin.js";
import { startTelegramStandin } from "../support/telegram-standin.js";
import { menuLabels, popover, readyTrayApp, startTrayApp, tray, windowShowing } from "../support/tray-app.js";

/** The colour at the centre of the tray icon for a state, as the double reports it (RGBA). */
function colour(icon: TrayIcon): number[] {
  const pixels = trayIconPixels(icon, 32);
  const offset = (16 * 32 + 16) * 4;
  return [pixels[offset + 2], pixels[offset + 1], pixels[offset], pixels[offset + 3]] as number[];
}

/** A worker that runs until stopped, and notes when it was told to stop. */
const LONG_WORKER = {
  command: "sh",
  args: ["-c", "trap 'date +%s%3N > outputs/stopped-at; exit 143' TERM; sleep 60 & wait"],
};

const task = (text: string, extra = "") =>
  `TASK: ${text}\nEXPECTED_OUTPUT: outputs/${text.replace(/\W+/g, "-")}.md\n${extra}`;

describe("the tray app under the Electron double", { timeout: 60_000 }, () => {
  it("quits at once when another instance holds the single-instance lock", async () => {
    const { app } = await startTrayApp({}, { otherInstance: true });
    expect(await app.exited).toBe(0);
    expect(app.output()).toContain("already running");
  });

  it("says in a dialog, without a stack trace, that a daemon already runs its crew, and exits 1", async () => {
    const { app, crew } = await startTrayApp();
    const daemon = await startDaemonApi(crew.root);
    onTestFinished(async () => {
      await daemon.daemon.stop();
    });
    await app.send({ kind: "ready" });
    expect(await app.exited).toBe(1);
    expect(app.output()).toContain("[error box] Switchyard already runs this crew: another Switchyard host");
    expect(app.output()).toContain(`its dashboard: ${daemon.base}/`);
    expect(app.output()).not.toMatch(/\n\s+at /);
    expect(daemon.alive()).toBe(true);
  });

  it("waits for ready, then draws its tray from the crew's real status", async () => {
    const { app } = await startTrayApp();
    const before = await app.state();
    expect(before).toMatchObject({ ready: false, trays: [], windows: [] });
    expect(before.privilegedSchemes.map((scheme) => scheme.scheme)).toEqual(["app"]);

    await app.send({ kind: "ready" });
    const state = await app.waitForState((s) => tray(s)?.toolTip.includes("running") ?? false, "the tray");
    expect(tray(state)).toMatchObject({
      toolTip: "Switchyard — 0 running · 0 queued · $0.00 today",
      // Linux draws no title next to the icon; the double refuses setTitle there.
      title: "",
      image: { width: 32, height: 32, scaleFactor: 2, centre: colour("idle") },
    });
    expect(menuLabels(state)).toEqual([
      "0 running · 0 queued · $0.00 today",
      "Ask the crew…",
      "Open dashboard",
      "Quit Switchyard",
    ]);
    expect(state.violations).toEqual([]);
  });

  it("turns busy when a task is dropped, asks for attention on an approval, and a menu Approve moves the task", async () => {
    const { app, crew } = await readyTrayApp({ worker: LONG_WORKER });
    await crew.drop("for_agent_a", "build.md", task("build"));
    const busy = await app.waitForState(
      (s) => tray(s)?.image?.centre.join() === colour("busy").join(),
      "a busy tray",
    );
    expect(tray(busy)?.toolTip).toMatch(/1 running/);

    await crew.drop("for_agent_b", "deploy.md", task("deploy", "APPROVAL: required\n"));
    const waiting = await app.waitForState(
      (s) => tray(s)?.image?.centre.join() === colour("attention").join(),
      "the tray asking for attention",
    );
    expect(menuLabels(waiting)).toContain("Approve? deploy → Approve");
    expect(await readdir(join(crew.root, "coordination/for_agent_b"))).toContain("deploy.md");

    await app.send({ kind: "menu-click", labels: ["Approve? deploy", "Approve"] });
    await app.waitForState(
      (s) => !menuLabels(s).some((label) => label.startsWith("Approve?")),
      "the approval gone",
    );
    await expect
      .poll(async () => readdir(join(crew.root, "coordination/in_progress")), { timeout: 10_000 })
      .toContain("deploy.md");
    expect(await readdir(join(crew.root, "coordination/for_agent_b"))).not.toContain("deploy.md");
    expect((await app.state()).violations).toEqual([]);
  });

  it("shows an approval as a banner whose click opens the popover on that approval, focused", async () => {
    const { app, crew } = await readyTrayApp({ worker: LONG_WORKER });
    await crew.drop("for_agent_a", "review.md", task("review", "APPROVAL: required\n"));
    const shown = await app.waitForState((s) => s.notifications.some((n) => n.shown), "an approval banner");
    const index = shown.notifications.findIndex((n) => n.shown);
    const banner = shown.notifications[index];
    // Linux notifications have no buttons: the click is the way in.
    expect(banner?.options).not.toHaveProperty("actions");
    expect(banner?.listens).toContain("click");
    // A banner never brings the popover up by itself.
    expect(popover(shown)?.visible).toBe(false);

    await app.send({ kind: "notification-click", index });
    const opened = await app.waitForState((s) => popover(s)?.visible ?? false, "the popover");
    expect(popover(opened)).toMatchObject({ focused: true });
    expect(popover(opened)?.url).toMatch(/#\/popover\?approval=review$/);
    // On Linux the pointer, which just clicked, places it: inside the screen.
    expect(popover(opened)?.bounds).toMatchObject({ width: 400, height: 460 });
  });

  it("opens the window on a view from the menu, and the popover's dashboard link opens it too", async () => {
    const { app } = await readyTrayApp();
    await app.send({ kind: "menu-click", labels: ["Open dashboard"] });
    const opened = await app.waitForState(
      (s) => windowShowing(s, "overview")?.visible ?? false,
      "the window",
    );
    expect(windowShowing(opened, "overview")).toMatchObject({
      focused: true,
      options: { title: "Switchyard" },
    });

    await app.send({ kind: "tray-click" });
    const withPopover = await app.waitForState(
      (s) => popover(s)?.focused ?? false,
      "the popover from a tray click",
    );
    const popoverContents = popover(withPopover)?.webContentsId as number;
    await app.send({
      kind: "navigate",
      webContents: popoverContents,
      url: "app://switchyard/index.html#/costs",
    });
    const costs = await app.waitForState(
      (s) => windowShowing(s, "costs")?.focused ?? false,
      "the costs view",
    );
    expect(popover(costs)?.visible).toBe(false);

    // Where the tray ignores clicks (Linux), the menu opens the popover, on its Ask the crew box.
    await app.send({ kind: "menu-click", labels: ["Ask the crew…"] });
    await app.waitForState((s) => popover(s)?.focused ?? false, "the popover from the menu");
  });

  it("carries every bridge request through the real preload and handler, and streams events", async () => {
    // Ask the crew triages on tier 0: a local model, here the Ollama stand-in.
    const ollama = await startOllamaStandin(() =>
      JSON.stringify({ action: "answer", answer: "Nothing is running.", sources: [] }),
    );
    onTestFinished(() => ollama.close());
    const { app, crew } = await readyTrayApp({
      worker: LONG_WORKER,
      tiers: { "0": { model: "qwen2.5:7b" } },
      triage: { url: ollama.url },
    });
    const page = popover(await app.state())?.webContentsId as number;
    const config = await crew.read("switchyard.json");
    // Typed by request name: a new request fails to compile until it is exercised here.
    const params: { [N in RequestName]: RequestParams<N> } = {
      status: {},
      addTask: { agent: "agent-a", task: "Write the notes", expectedOutput: "outputs/notes.md" },
      approve: { id: "nothing-waits" },
      reject: { id: "nothing-waits", reason: "no" },
      queue: { id: "nothing-waits" },
      retry: { id: "nothing-failed" },
      runNow: { id: "nothing-waits" },
      editTask: { id: "nothing-waits", edit: { tier: 1 } },
      cancel: { id: "nothing-waits", reason: "no" },
      dismiss: { key: "failed:nothing:2026-04-09T21:00:00.000Z" },
      raiseBudget: { tier: 1 },
      runHeld: { tier: 1 },
      taskDetail: { id: "nothing-here" },
      releaseLock: { file: "no-such.lock" },
      notifications: { limit: 5 },
      sharedMind: {},
      readConfig: {},
      writeConfig: { text: config },
      dailyCosts: { days: 7 },
      loginItem: {},
      setLoginItem: { openAtLogin: false },
      timeline: { hours: 24 },
      ask: { text: "What is running?" },
      answerPermission: { id: "nothing-asks", decision: "deny" },
      focusSession: { id: "no-such-session" },
    };
    for (const name of REQUEST_NAMES) {
      const reply = await app.send({
        kind: "page-call",
        webContents: page,
        global: PRELOAD_GLOBAL,
        name,
        params: params[name],
      });
      expect(BRIDGE_REQUESTS[name].reply.safeParse(reply).success, `${name}: ${JSON.stringify(reply)}`).toBe(
        true,
      );
    }
    // The added task is on disk: in the inbox, or claimed by the engine (a claim renames it through a dot-name).
    const onDisk = async () =>
      [
        ...(await readdir(join(crew.root, "coordination/for_agent_a"))),
        ...(await readdir(join(crew.root, "coordination/in_progress"))),
      ].filter((name) => /^\d+-\d+-write-the-notes\.md$/.test(name));
    await expect.poll(onDisk, { timeout: 5_000 }).toHaveLength(1);
    await expect(
      app.send({
        kind: "page-call",
        webContents: page,
        global: PRELOAD_GLOBAL,
        name: "noSuchRequest",
        params: {},
      }),
    ).rejects.toThrow(/unknown request "noSuchRequest"/);

    await app.send({ kind: "page-listen", webContents: page, global: PRELOAD_GLOBAL });
    await expect
      .poll(
        async () =>
          (
            await app.send<{ events: { kind: string }[] }>({ kind: "page-events", webContents: page })
          ).events.map((e) => e.kind),
        { timeout: 10_000 },
      )
      .toContain("status");
  });

  it("logs a renderer crash and reloads the page, whose bridge works again", async () => {
    const { app } = await readyTrayApp();
    const page = popover(await app.state())?.webContentsId as number;
    await app.send({ kind: "crash", webContents: page, reason: "crashed", exitCode: 139 });
    await app.waitForOutput(/renderer is gone \(crashed, exit code 139\); reloading it/);
    const state = await app.waitForState((s) => popover(s)?.loading === false, "the page loaded again");
    expect(popover(state)).toMatchObject({ reloads: 1, crashed: false });
    const status = await app.send({
      kind: "page-call",
      webContents: page,
      global: PRELOAD_GLOBAL,
      name: "status",
      params: {},
    });
    expect(status).toHaveProperty("workers");
  });

  it("quits in order: Telegram stops, then the service ends its workers; the task waits in in_progress/ with no lock left", async () => {
    const standin = await startTelegramStandin();
    const { app, crew } = await readyTrayApp(
      { worker: LONG_WORKER, telegram: { allowedChatIds: [7], apiRoot: standin.apiRoot } },
      { env: { TELEGRAM_BOT_TOKEN: standin.token } },
    );
    try {
      await app.waitForOutput(/telegram: polling as @switchyard_test_bot/);
      await crew.drop("for_agent_a", "notes.md", task("tidy the notes", "LOCKS: db\n"));
      await app.waitForState((s) => /1 running/.test(tray(s)?.toolTip ?? ""), "the worker running");
      expect(
        (await readdir(join(crew.root, "coordination/in_progress"))).some((name) => name.endsWith(".lock")),
      ).toBe(true);

      await app.send({ kind: "menu-click", labels: ["Quit Switchyard"] });
      expect(await app.exited).toBe(0);

      const left = await readdir(join(crew.root, "coordination/in_progress"));
      expect(left).toEqual(["notes.md"]); // resumed on the next start; its lock released, nothing half-written
      const run = JSON.parse(await readFile(join(crew.root, ".switchyard/runs/notes/run.json"), "utf8"));
      expect(run.attempts.at(-1)).toMatchObject({ outcome: "interrupted", counts: false });
      const stoppedAt = Number(await crew.read("outputs/stopped-at"));
      const lastTelegramCall = Math.max(...standin.calls.map((call) => call.at));
      expect(lastTelegramCall).toBeLessThanOrEqual(stoppedAt);
    } finally {
      await standin.close();
    }
    expect(existsSync(join(crew.root, "outputs/stopped-at"))).toBe(true);
  });
});
