/**
 * `npm run screenshots`: every view of the window, light and dark, wide (1280×800) and narrow
 * (400×600), against a real daemon on a demo crew root, into docs/screenshots/. Run by Playwright (see playwright.screenshots.config.ts).
 */
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { DEMO_VIEWS, type DemoDashboard, startDemoDashboard } from "./demo-dashboard.js";

const OUT = join(import.meta.dirname, "..", "docs", "screenshots");

let demo: DemoDashboard;

test.beforeAll(async () => {
  demo = await startDemoDashboard("switchyard-demo");
});

test.afterAll(async () => {
  await demo.stop();
});

for (const scheme of ["light", "dark"] as const) {
  test(`every view, ${scheme}`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(demo.url);
    await expect(page.getByRole("status", { name: "Event stream live" })).toBeVisible();
    await expect(page.locator(".topline")).toContainText("1 running");
    for (const view of DEMO_VIEWS) {
      await page.goto(demo.viewUrl(view));
      if (view === "tasks") await expect(page.locator(".task-running .log-tail")).toContainText("listing 5");
      if (view === "timeline") await expect(page.locator(".bar").first()).toBeVisible();
      if (view === "shared") await expect(page.getByRole("heading", { name: "ACTIVE STATE" })).toBeVisible();
      if (view === "costs") await expect(page.getByRole("img", { name: /Spend per day/ })).toBeVisible();
      if (view === "sessions")
        await expect(page.getByRole("region", { name: /Waiting for your permission/ })).toContainText(
          "git push origin main",
        );
      if (view === "settings")
        await expect(page.getByRole("textbox", { name: "switchyard.json" })).toBeVisible();
      await page.screenshot({ path: join(OUT, `${view}-${scheme}.png`) });
    }
    await page
      .getByRole("button", { name: /Open task draft-april-newsletter/ })
      .waitFor({ state: "detached" })
      .catch(() => undefined);
    await page.goto(demo.viewUrl("tasks"));
    await page.getByRole("button", { name: /^Completed/ }).click();
    await page.getByRole("button", { name: /Open task draft-april-newsletter/ }).click();
    await expect(page.getByRole("complementary")).toContainText("Draft in outputs/newsletter-april.md");
    await page.screenshot({ path: join(OUT, `task-detail-${scheme}.png`) });
    // Narrow, an open task stands in the list's place: the list pictures come first.
    await page.getByRole("button", { name: "Close task details" }).click();
    // Narrow: every view as a 400×600 window shows it (the layout test checks the same sizes).
    await page.setViewportSize({ width: 400, height: 600 });
    for (const view of DEMO_VIEWS) {
      await page.goto(demo.viewUrl(view));
      if (view === "timeline") await expect(page.locator(".bar").first()).toBeVisible();
      if (view === "costs") await expect(page.getByRole("img", { name: /Spend per day/ })).toBeVisible();
      if (view === "shared") await expect(page.getByRole("heading", { name: "ACTIVE STATE" })).toBeVisible();
      await page.screenshot({ path: join(OUT, `${view}-narrow-${scheme}.png`) });
    }
    await page.goto(demo.viewUrl("tasks"));
    await page.getByRole("button", { name: /Open task update-faq/ }).click();
    await expect(page.getByRole("complementary")).toContainText("Update the FAQ with the new prices");
    await page.screenshot({ path: join(OUT, `task-detail-narrow-${scheme}.png`) });
    await page.getByRole("button", { name: "Close task details" }).click();
    await page.setViewportSize({ width: 400, height: 520 });
    await page.goto(demo.viewUrl("popover"));
    await expect(page.getByRole("region", { name: "Approvals" })).toContainText("Migrate billing");
    await page.screenshot({ path: join(OUT, `popover-${scheme}.png`) });
    // A pane waiting for a permission: what pops up from the tray, with its answers.
    await page.goto(demo.viewUrl("notifications"));
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect(page.locator(".feed-item.kind-session").first()).toContainText(
      "agent-b (pane 1) asks to run Bash",
    );
    await page
      .locator(".feed-item.kind-session")
      .first()
      .screenshot({ path: join(OUT, `session-waiting-${scheme}.png`) });
  });
}
