/**
 * The operator's day in Chromium against a real headless host: a host that stops looks stopped
 * and the page recovers when it returns; "Needs you" holds only decisions, each dismissable for
 * good, budgets with their way out; live cost from the real Claude Code CLI; a failed task's
 * detail and its retry; acting on queued and held tasks; each agent's pulse; the tab's title.
 */
import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import {
  type ClaudeSandbox,
  claudeEnv,
  CLAUDE_BIN,
  makeClaudeSandbox,
} from "../../bench/support/claude-cli.js";
import {
  type Standin,
  startMessagesStandin,
  writeThenReport,
} from "../../bench/support/messages-api-standin.js";
import {
  type DashboardHost,
  open,
  startDashboardHost,
  stillSamePage,
  watchPageErrors,
} from "./dashboard-host.js";

let host: DashboardHost | undefined;
let standin: Standin | undefined;
let sandbox: ClaudeSandbox | undefined;
let errors: string[] = [];
/** Chromium logs a refused connection while the host is down: expected where a test stops the host. */
let hostGoesDown = false;

test.beforeEach(({ page }) => {
  errors = watchPageErrors(page);
  hostGoesDown = false;
});

test.afterEach(async ({ page }) => {
  const seen = errors.filter(
    (error) => !(hostGoesDown && /ERR_CONNECTION_REFUSED|Failed to load resource/.test(error)),
  );
  await page.close();
  await host?.stop();
  await standin?.close();
  await sandbox?.cleanup();
  host = standin = sandbox = undefined;
  expect(seen).toEqual([]);
});

/** Succeeds (writing its expected output), except for tasks whose id starts with "fail". */
const WORKER = {
  command: "sh",
  args: [
    "-c",
    'echo "step 1: reading"; case "$SWITCHYARD_TASK_ID" in fail*) echo "disk full writing outputs/" >&2; exit 3;; esac; [ -z "$SWITCHYARD_EXPECTED_OUTPUT" ] || echo ok > "$SWITCHYARD_EXPECTED_OUTPUT"',
  ],
  maxAttempts: 1,
};
const QUIET = { costs: { importInteractive: false } };

const ledgerLine = (tier: number, costUsd: number) =>
  `${JSON.stringify({ at: new Date().toISOString(), taskId: `earlier-${tier}`, agent: "agent-a", tier, model: ["", "haiku", "sonnet", "opus"][tier], attempt: 1, costUsd })}\n`;

test("a host that stops looks stopped within seconds, its actions wait, and the page recovers on its own when it returns", async ({
  page,
}) => {
  hostGoesDown = true;
  host = await startDashboardHost({ ...QUIET, agents: { "agent-a": { concurrency: 0 } } });
  await host.crew.drop("for_agent_a", "later.md", "TASK: Write the release notes\n");
  await open(page, host, "Tasks");
  const runNow = page.getByRole("button", { name: "Run Write the release notes now" });
  await expect(runNow).toBeEnabled();
  await host.stopHost();
  const banner = page.getByRole("alert");
  await expect(banner).toContainText(/The Switchyard host is not answering \(since \d\d:\d\d\)/, {
    timeout: 5_000,
  });
  await expect(page.getByRole("status", { name: "Event stream host not answering" })).toBeVisible();
  await expect(runNow).toBeDisabled();
  await expect(page).toHaveTitle("Switchyard — host not answering");
  const again = await host.startHost();
  expect(new URL(again).port).toBe(String(host.port)); // the same port: this tab can find it
  await expect(page.getByRole("status", { name: "Event stream live" })).toBeVisible({ timeout: 15_000 });
  await expect(banner).toBeHidden();
  await expect(runNow).toBeEnabled();
  expect(await stillSamePage(page)).toBe(true);
});

test("the tab's title and icon show what waits for the operator", async ({ page }) => {
  host = await startDashboardHost(QUIET);
  await open(page, host, "Overview");
  await expect(page).toHaveTitle("Switchyard");
  await host.crew.drop("for_agent_a", "deploy.md", "TASK: Deploy the site\nTIER: 3\n");
  await host.crew.drop("for_agent_a", "migrate.md", "TASK: Migrate the database\nTIER: 3\n");
  await expect(page).toHaveTitle("(2) Switchyard");
  const icon = () => page.locator('link[rel="icon"]').getAttribute("href");
  expect(decodeURIComponent((await icon()) ?? "")).toContain(">2</text>");
  await page.getByRole("button", { name: "Reject Approve? Deploy the site" }).click();
  await expect(page).toHaveTitle("(1) Switchyard");
  expect(decodeURIComponent((await icon()) ?? "")).toContain(">1</text>");
});

test("Needs you holds only decisions: a worker's failure with Retry, dismissed for good across a restart", async ({
  page,
}) => {
  hostGoesDown = true;
  host = await startDashboardHost({ ...QUIET, worker: WORKER });
  await open(page, host, "Overview");
  const needs = page.getByRole("region", { name: "Needs you" });
  await host.crew.drop("for_agent_a", "fail-upload.md", "TASK: Upload the build\n");
  await host.crew.drop("for_agent_a", "deploy.md", "TASK: Deploy the site\nTIER: 3\n");
  await host.crew.drop("for_agent_b", "notes.md", "just some notes, not a task\n");
  await expect(needs.getByText("Failed: Upload the build")).toBeVisible();
  await expect(needs.getByRole("button", { name: "Retry Failed: Upload the build" })).toBeVisible();
  await needs.getByRole("button", { name: "Reject Approve? Deploy the site" }).click();
  await expect(needs.getByText("Approve? Deploy the site")).toBeHidden();
  // The operator's rejection and a file that never was a task are in Tasks, not here.
  await expect(needs.getByRole("listitem")).toHaveCount(1);
  await page.getByRole("link", { name: /^Tasks/ }).click();
  await expect(page.getByRole("button", { name: /^Open task notes/ })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Retry .*notes/ })).toHaveCount(0);
  await page.getByRole("link", { name: /^Overview/ }).click();
  await needs.getByRole("button", { name: "Dismiss: Failed: Upload the build" }).click();
  await expect(needs).toContainText("Nothing needs you");
  await host.stopHost();
  await host.startHost();
  await expect(page.getByRole("status", { name: "Event stream live" })).toBeVisible({ timeout: 15_000 });
  await page.reload();
  await expect(page.getByRole("status", { name: "Event stream live" })).toBeVisible();
  await expect(needs).toContainText("Nothing needs you");
});

test("a budget alert offers its way out: raise today's budget once, or run what it holds anyway", async ({
  page,
}) => {
  host = await startDashboardHost({
    ...QUIET,
    worker: WORKER,
    tiers: { "1": { budget: { daily: 1 } }, "2": { billing: "api", budget: { daily: 1 } } },
  });
  await mkdir(join(host.crew.root, ".switchyard"), { recursive: true });
  await appendFile(join(host.crew.root, ".switchyard/ledger.jsonl"), ledgerLine(1, 1.5) + ledgerLine(2, 1.2));
  await host.crew.drop(
    "for_agent_a",
    "sum.md",
    "TASK: Summarize the notes\nTIER: 1\nEXPECTED_OUTPUT: outputs/sum.md\n",
  );
  await host.crew.drop(
    "for_agent_b",
    "draft.md",
    "TASK: Draft the post\nTIER: 2\nEXPECTED_OUTPUT: outputs/draft.md\n",
  );
  await open(page, host, "Overview");
  const needs = page.getByRole("region", { name: "Needs you" });
  const tier1 = needs.getByRole("listitem").filter({ hasText: "Tier 1 is over its daily budget" });
  const tier2 = needs.getByRole("listitem").filter({ hasText: "Tier 2 is over its daily budget" });
  await expect(tier1).toContainText("$1.50 of $1.00 today");
  await tier1.getByRole("button", { name: "Raise tier 1's budget for today" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "tier 1's budget is $2.00 for today only" }),
  ).toBeVisible();
  await expect(tier1).toBeHidden();
  await tier2.getByRole("button", { name: "Run the 1 held tasks on tier 2 anyway" }).click();
  await page.getByRole("link", { name: /^Tasks/ }).click();
  for (const title of ["Summarize the notes", "Draft the post"])
    await expect(page.locator(".task-archived", { hasText: title }).locator(".dot-done")).toBeVisible({
      timeout: 15_000,
    });
});

test("a running Claude Code worker's cost is an estimate in its row, the meters and the top line, then the CLI's figure", async ({
  page,
}) => {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  sandbox = await makeClaudeSandbox();
  let root = "";
  const write = (request: Parameters<ReturnType<typeof writeThenReport>>[0], index: number) =>
    writeThenReport(join(root, "outputs/a.md"), "A\n", "Wrote A.")(request, index);
  standin = await startMessagesStandin({
    // The answer after the tool call waits for the test: the worker is mid-run until then.
    script: async (request, index) => {
      if (request.toolResults.length > 0) await released;
      return write(request, index);
    },
  });
  host = await startDashboardHost({
    ...QUIET,
    worker: { command: CLAUDE_BIN, env: claudeEnv(standin.url, sandbox) },
    tiers: { "2": { window: { hours: 5, runs: 40 } } },
  });
  root = host.crew.root;
  await open(page, host, "Overview");
  await host.crew.drop("for_agent_a", "write-a.md", "TASK: Write A\nEXPECTED_OUTPUT: outputs/a.md\n");
  const meter = page.getByRole("meter", { name: /^Tier 2 · Sonnet: \$0\.00 \+ ≈\$0\.0\d+ running$/ });
  await expect(meter).toBeVisible({ timeout: 20_000 });
  await expect(page.locator(".topline")).toContainText(/\$0\.00 today \(\+≈\$0\.00\d+ running\)/);
  await expect(page.getByRole("listitem", { name: "Agent agent-a" })).toContainText(
    /Write A.*≈\$0\.00\d+ est\./,
  );
  await page.getByRole("link", { name: /^Tasks/ }).click();
  await expect(page.locator(".task-running", { hasText: "Write A" })).toContainText(
    /cost so far\s*≈\$0\.00\d+ est\./,
  );
  release();
  const done = page.locator(".task-archived", { hasText: "Write A" });
  await expect(done).toContainText("$0.0096", { timeout: 20_000 });
  await expect(done).not.toContainText("est.");
  await page.getByRole("link", { name: /^Overview/ }).click();
  await expect(page.getByRole("meter", { name: "Tier 2 · Sonnet: $0.0096" })).toBeVisible();
  await expect(page.getByText("Subscription: 1 of 40 runs in the last 5 h")).toBeVisible();
});

test("a failed task's detail has its title, local times, what the worker did and its stderr; after Retry it follows the task", async ({
  page,
}) => {
  host = await startDashboardHost({ ...QUIET, worker: WORKER });
  await open(page, host, "Tasks");
  await host.crew.drop("for_agent_a", "fail-upload.md", "TASK: Upload the build\n");
  await page.getByRole("button", { name: "Open task fail-upload: Upload the build" }).click();
  const detail = page.getByRole("complementary", { name: "Task fail-upload" });
  await expect(detail.getByRole("heading", { name: "Upload the build" })).toBeVisible();
  await expect(detail).toContainText("failed", { timeout: 10_000 });
  await expect(detail.getByText("Started").locator("xpath=following-sibling::dd")).toHaveText(/^\d\d:\d\d$/);
  await expect(detail.getByRole("region", { name: "What the worker did" })).toContainText("step 1: reading");
  await expect(detail.getByRole("region", { name: "Worker's stderr" })).toContainText(
    "disk full writing outputs/",
  );
  await expect(detail).not.toContainText('{"');
  await detail.getByRole("button", { name: "Retry Upload the build" }).click();
  // Its run folder keeps the name, so it runs again as fail-upload-2; the panel goes with it.
  const followed = page.getByRole("complementary", { name: "Task fail-upload-2" });
  await expect(followed.getByRole("heading", { name: "Upload the build" })).toBeVisible({ timeout: 15_000 });
});

test("a queued task can be given another tier, edited, run now past a paused agent; another cancelled with a reason", async ({
  page,
}) => {
  host = await startDashboardHost({ ...QUIET, worker: WORKER, agents: { "agent-a": { concurrency: 0 } } });
  await host.crew.drop(
    "for_agent_a",
    "changelog.md",
    "TASK: Draft the changelog\nEXPECTED_OUTPUT: outputs/changelog.md\n",
  );
  await host.crew.drop("for_agent_a", "tweet.md", "TASK: Tweet the release\n");
  await open(page, host, "Tasks");
  await page.getByRole("button", { name: "Open task changelog: Draft the changelog" }).click();
  const detail = page.getByRole("complementary", { name: "Task changelog" });
  await expect(detail).toContainText("Waits: agent-a is paused (concurrency 0)");
  await detail.getByRole("combobox", { name: "Tier of Draft the changelog" }).selectOption("1");
  const row = page.getByRole("button", { name: "Open task changelog: Draft the changelog" });
  await expect(row).toContainText("tier 1");
  await detail.getByRole("button", { name: "Edit" }).click();
  await detail.getByRole("combobox", { name: "Priority" }).selectOption("high");
  await detail.getByRole("button", { name: "Save" }).click();
  await expect(row).toContainText("high");
  await detail.getByRole("button", { name: "Run Draft the changelog now" }).click();
  await expect(
    page.locator(".task-archived", { hasText: "Draft the changelog" }).locator(".dot-done"),
  ).toBeVisible({
    timeout: 15_000,
  });
  await page.getByRole("button", { name: "Open task tweet: Tweet the release" }).click();
  const tweet = page.getByRole("complementary", { name: "Task tweet" });
  await tweet.getByRole("button", { name: "Cancel…" }).click();
  await tweet.getByRole("textbox", { name: /Why/ }).fill("not this week");
  await tweet.getByRole("button", { name: "Cancel the task" }).click();
  await expect(page.locator(".task-archived", { hasText: "Tweet the release" })).toContainText(
    "cancelled by the operator: not this week",
  );
});

test("the Overview shows each agent's work now, and approval titles and estimates whole at 1280 px", async ({
  page,
}) => {
  const title =
    "Migrate billing to the new Stripe price objects and backfill every customer's invoice history for the last two years";
  host = await startDashboardHost({
    ...QUIET,
    worker: { command: "sh", args: ["-c", "echo working; sleep 30"] },
    agents: { "agent-b": { concurrency: 0 } },
  });
  await host.crew.drop("for_agent_a", "crawl.md", "TASK: Crawl the competitors' pricing pages\n");
  await host.crew.drop("for_agent_a", "big.md", `TASK: ${title}\nTIER: 3\n`);
  await host.crew.drop("for_agent_b", "later.md", "TASK: Summarize the crawl\n");
  await open(page, host, "Overview");
  const agentA = page.getByRole("listitem", { name: "Agent agent-a" });
  await expect(agentA).toContainText(/▶ Crawl the competitors' pricing pages\s*\d+s · \$0\.00/);
  await expect(agentA).toContainText("1 waiting");
  await expect(agentA).toContainText("awaiting your approval");
  const agentB = page.getByRole("listitem", { name: "Agent agent-b" });
  await expect(agentB).toContainText("paused (concurrency 0 in switchyard.json)");
  await expect(agentB).toContainText("1 waiting");
  const approval = page.getByRole("region", { name: "Needs you" }).getByText(`Approve? ${title}`);
  await expect(approval).toBeVisible();
  const cut = await approval.evaluate((element) => element.scrollWidth > element.clientWidth + 1);
  expect(cut).toBe(false);
  await expect(page.getByRole("region", { name: "Needs you" })).toContainText("about $0.75");
});
