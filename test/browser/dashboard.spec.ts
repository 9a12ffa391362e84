/**
 * The dashboard in Chromium against a real headless host on a real crew root: files dropped
 * by agents show up live, the operator's clicks move work on, workers report progress as they
 * run, and the costs are the ledger's. No test reloads the page, and none may log an error.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { SEED_TASK } from "../support/crew-fixture.js";
import {
  type DashboardHost,
  open,
  startDashboardHost,
  stillSamePage,
  watchPageErrors,
} from "./dashboard-host.js";

/** A worker that is not Claude: it prints progress lines, then writes its expected output. */
const STEPPING_WORKER = {
  command: "sh",
  args: ["-c", 'echo step1; sleep 1; echo step2; sleep 1; echo done > "$SWITCHYARD_EXPECTED_OUTPUT"'],
};

let host: DashboardHost | undefined;
let errors: string[] = [];

test.beforeEach(({ page }) => {
  errors = watchPageErrors(page);
});

test.afterEach(async ({ page }) => {
  const seen = [...errors];
  // Close the page before the daemon: a stream cut by the daemon's exit is logged by Chromium.
  await page.close();
  await host?.stop();
  host = undefined;
  expect(seen).toEqual([]);
});

test("the seed task appears in its inbox when its file is dropped", async ({ page }) => {
  // agent-b paused (concurrency 0), so the task stays in the inbox for the operator to see.
  host = await startDashboardHost({ agents: { "agent-b": { concurrency: 0 } } });
  await open(page, host, "Tasks");
  await expect(page.getByText("No tasks yet.")).toBeVisible();
  await host.crew.drop("for_agent_b", "listing_update.md", SEED_TASK);
  const row = page.getByRole("button", {
    name: "Open task listing_update: Update all ClawMart listings with new pricing",
  });
  await expect(row).toBeVisible();
  await expect(row).toContainText("high");
  await expect(row).toContainText("from agent-b");
  await expect(page.getByRole("heading", { name: /Inbox · agent-b/ })).toBeVisible();
  expect(await stillSamePage(page)).toBe(true);
});

test("approving a tier-3 task from the page moves it on to run and complete", async ({ page }) => {
  host = await startDashboardHost({ worker: STEPPING_WORKER });
  await open(page, host, "Tasks");
  await host.crew.drop(
    "for_agent_a",
    "migrate.md",
    "TASK: Migrate the billing database\nTIER: 3\nEXPECTED_OUTPUT: outputs/migrate.md\n",
  );
  const approve = page.getByRole("button", { name: "Approve Migrate the billing database" });
  await expect(approve).toBeVisible();
  await expect(page.getByRole("button", { name: /Open task migrate/ })).toContainText("tier 3");
  await approve.click();
  await expect(page.getByRole("status").filter({ hasText: "Approved migrate" })).toBeVisible();
  await expect(approve).toBeHidden();
  const done = page.locator(".task-archived", { hasText: "Migrate the billing database" });
  await expect(done).toBeVisible({ timeout: 20_000 });
  await expect(done.locator(".dot-done")).toBeVisible();
  expect(await stillSamePage(page)).toBe(true);
});

test("a running worker's progress updates live", async ({ page }) => {
  host = await startDashboardHost({ worker: STEPPING_WORKER });
  await open(page, host, "Tasks");
  await host.crew.drop(
    "for_agent_a",
    "crawl.md",
    "TASK: Crawl the listings\nTIER: 1\nEXPECTED_OUTPUT: outputs/crawl.md\n",
  );
  const running = page.locator(".task-running", { hasText: "Crawl the listings" });
  await expect(running).toBeVisible();
  await expect(running.getByRole("progressbar")).toBeVisible();
  await expect(running.locator(".log-tail")).toContainText("step1");
  await expect(running.locator(".log-tail")).toContainText("step2");
  await expect(running).toContainText(/elapsed\s*[12]s/);
  await expect(page.locator(".task-archived", { hasText: "Crawl the listings" })).toBeVisible({
    timeout: 15_000,
  });
  await expect(running).toBeHidden();
});

test("the costs view shows the ledger's numbers per tier", async ({ page }) => {
  host = await startDashboardHost({ tiers: { "3": { budget: { daily: 10 } } } });
  const today = new Date().toISOString();
  const earlier = new Date(Date.now() - 3 * 86_400_000).toISOString();
  const entry = (at: string, tier: number, costUsd: number, taskId: string) =>
    JSON.stringify({
      at,
      taskId,
      agent: "agent-a",
      tier,
      model: ["", "haiku", "sonnet", "opus"][tier],
      attempt: 1,
      costUsd,
    });
  await writeFile(
    join(host.crew.root, ".switchyard", "ledger.jsonl"),
    `${[entry(today, 3, 1.25, "a"), entry(today, 3, 0.5, "b"), entry(earlier, 3, 2, "c"), entry(today, 1, 0.03, "d")].join("\n")}\n`,
  );
  await open(page, host, "Costs");
  const opus = page.getByRole("row", { name: /^3 · Opus/ });
  await expect(opus.getByRole("cell").nth(0)).toHaveText("$1.75");
  await expect(opus.getByRole("cell").nth(1)).toHaveText("$10.00");
  await expect(opus.getByRole("cell").nth(4)).toHaveText("$3.75");
  await expect(
    page
      .getByRole("row", { name: /^1 · Haiku/ })
      .getByRole("cell")
      .nth(0),
  ).toHaveText("$0.03");
  await expect(page.getByRole("img", { name: "Spend per day for 30 days, $3.78 in all" })).toBeVisible();
  await page.getByRole("link", { name: /^Overview/ }).click();
  await expect(page.getByRole("meter", { name: "Tier 3 · Opus: $1.75 of $10.00" })).toBeVisible();
});

test("keys 1–9 switch views, and every control has a name", async ({ page }) => {
  host = await startDashboardHost();
  await open(page, host, "Overview");
  await page.keyboard.press("2");
  await expect(page.getByRole("main", { name: "Tasks" })).toBeVisible();
  await page.keyboard.press("8");
  await expect(page.getByRole("textbox", { name: "switchyard.json" })).toBeVisible();
  await page.keyboard.press("9");
  await expect(page.getByRole("heading", { name: /Waiting for your permission/ })).toBeVisible();
  for (const view of ["1", "2", "3", "4", "5", "6", "7", "8", "9"]) {
    await page.keyboard.press(view);
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll("button, a, input, select, textarea")]
        .filter(
          (element) =>
            !(element.getAttribute("aria-label") || element.textContent?.trim() || element.closest("label")),
        )
        .map((element) => element.outerHTML),
    );
    expect(unnamed).toEqual([]);
    await page.locator("body").click({ position: { x: 1, y: 1 } });
  }
});

test("the API refuses a missing token and a foreign Host", async ({ request }) => {
  host = await startDashboardHost();
  const base = `http://127.0.0.1:${host.port}`;
  expect((await request.get(`${base}/api/status`)).status()).toBe(401);
  expect(
    (
      await request.get(`${base}/api/status`, { headers: { Authorization: `Bearer ${host.token}` } })
    ).status(),
  ).toBe(200);
  expect(
    (
      await request.get(`${base}/api/status`, {
        headers: { Authorization: `Bearer ${host.token}`, Host: "evil.example" },
      })
    ).status(),
  ).toBe(403);
});
