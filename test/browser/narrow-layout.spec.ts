/**
 * Every view at 400×600 and the tray popover at 360 and 400 px, on the demo crew (long titles,
 * live workers, stale and live locks, a month of costs): nothing scrolls sideways, overlaps or
 * is cut off without an ellipsis. layout-check.ts says what each of those means.
 */
import { expect, type Page, test } from "@playwright/test";
import { DEMO_VIEWS, type DemoDashboard, startDemoDashboard } from "../../scripts/demo-dashboard.js";
import { layoutProblems } from "./layout-check.js";

let demo: DemoDashboard;

test.beforeAll(async () => {
  demo = await startDemoDashboard("switchyard-narrow");
});

test.afterAll(async () => {
  await demo.stop();
});

async function openAt(page: Page, width: number, height: number, view: string): Promise<void> {
  await page.setViewportSize({ width, height });
  await page.goto(demo.url);
  await expect(page.getByRole("status", { name: "Event stream live" })).toBeVisible();
  await page.goto(demo.viewUrl(view));
}

for (const scheme of ["light", "dark"] as const)
  test(`every view at 400×600 lays out without overlap or clipping (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
    await openAt(page, 400, 600, "overview");
    await expect(page.locator(".task-running, .pulse-run").first()).toBeVisible();
    for (const view of DEMO_VIEWS) {
      await page.goto(demo.viewUrl(view));
      await expect(page.getByRole("main")).toBeVisible();
      if (view === "timeline") await expect(page.locator(".bar").first()).toBeVisible();
      if (view === "costs") await expect(page.getByRole("img", { name: /Spend per day/ })).toBeVisible();
      if (view === "tasks") await expect(page.locator(".task-row").first()).toBeVisible();
      expect(await layoutProblems(page), `#/${view} at 400×600`).toEqual([]);
    }
  });

test("the task list, its detail, the new-task form and a waiting task's edit form fit at 400 px", async ({
  page,
}) => {
  await openAt(page, 400, 600, "tasks");
  await page.getByRole("button", { name: "New task" }).click();
  expect(await layoutProblems(page), "new task form").toEqual([]);
  await page.getByRole("button", { name: "Cancel", exact: true }).click();
  await page.getByRole("button", { name: /^Open task update-faq/ }).click();
  const detail = page.getByRole("complementary");
  await expect(detail.getByRole("heading", { name: "Update the FAQ with the new prices" })).toBeVisible();
  // One column: the task replaces the list until it is closed.
  await expect(page.getByRole("list", { name: "Tasks" })).toBeHidden();
  expect(await layoutProblems(page), "task detail").toEqual([]);
  await detail.getByRole("button", { name: "Edit" }).click();
  expect(await layoutProblems(page), "edit form").toEqual([]);
  await detail.getByRole("button", { name: "Close task details" }).click();
  await expect(page.getByRole("list", { name: "Tasks" })).toBeVisible();
});

for (const width of [360, 400])
  test(`the tray popover at ${width} px lays out without overlap or clipping`, async ({ page }) => {
    await openAt(page, width, 560, "popover");
    await expect(page.getByRole("region", { name: "Approvals" })).toContainText("Migrate billing");
    expect(await layoutProblems(page)).toEqual([]);
  });
