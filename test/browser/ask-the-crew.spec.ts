/**
 * Ask the crew in Chromium, against a real daemon whose triage runs on tier 0 (the Ollama
 * stand-in, in this process): a question answered from the crew's files, a request queued as
 * a task that shows up in its inbox, and the triage's tokens on the Costs view.
 */
import { expect, test } from "@playwright/test";
import { appendResultFooter } from "../../shared/task-file.js";
import { SEED_TASK } from "../support/crew-fixture.js";
import { type OllamaStandin, startOllamaStandin } from "../support/ollama-standin.js";
import { type DashboardHost, startDashboardHost, watchPageErrors } from "./dashboard-host.js";

let host: DashboardHost | undefined;
let ollama: OllamaStandin | undefined;
let errors: string[] = [];

test.beforeEach(({ page }) => {
  errors = watchPageErrors(page);
});

test.afterEach(async ({ page }) => {
  const seen = [...errors];
  await page.close();
  await host?.stop();
  await ollama?.close();
  host = undefined;
  ollama = undefined;
  expect(seen).toEqual([]);
});

/** A model that answers questions from the context's failed line, and delegates anything else. */
function triageModel(body: unknown): string {
  const messages = (body as { messages: { role: string; content: string }[] }).messages;
  const user = messages.find((message) => message.role === "user")?.content ?? "";
  const asked = user.slice(user.lastIndexOf("\n") + 1);
  if (asked.startsWith("Why")) {
    const line = user.split("\n").find((text) => text.startsWith("- listing_update")) ?? "";
    return JSON.stringify({
      action: "answer",
      answer: `It failed: ${/— ([^;]+);/.exec(line)?.[1] ?? "?"}.`,
      sources: [/\[([^\]]+)\]$/.exec(line)?.[1] ?? ""],
    });
  }
  return JSON.stringify({
    action: "delegate",
    agent: "agent-b",
    task: "Summarize the release notes",
    tier: 1,
    expectedOutput: "outputs/release-summary.md",
    priority: "normal",
    why: "reading and summarizing is tier 1 work",
  });
}

test("Ask the crew answers from the crew's files, queues work, and counts what triage used", async ({
  page,
}) => {
  ollama = await startOllamaStandin(triageModel);
  host = await startDashboardHost({
    tiers: { "0": { model: "qwen2.5:7b" } },
    triage: { url: ollama.url },
    agents: { "agent-b": { concurrency: 0 } },
    costs: { importInteractive: false },
    notifications: { desktop: false },
  });
  await host.write(
    "coordination/failed/listing_update.md",
    appendResultFooter(SEED_TASK, { status: "failed", agent: "agent-b", reason: "exited with code 1" }),
  );
  await page.goto(host.url);
  await expect(page.getByRole("status", { name: "Event stream live" })).toBeVisible();
  const box = page.getByRole("region", { name: "Ask the crew" });
  const input = box.getByRole("textbox", { name: "Message to the crew" });

  await input.fill("Why did the listing task fail?");
  await box.getByRole("button", { name: "Ask" }).click();
  const answers = box.getByRole("list", { name: "Answers" });
  await expect(answers).toContainText("It failed: exited with code 1.");
  await expect(answers).toContainText("Sources: coordination/failed/listing_update.md");
  await expect(answers).toContainText("Triaged on tier 0 · $0.00");

  await input.fill("Please summarize the release notes");
  await box.getByRole("button", { name: "Ask" }).click();
  await expect(answers).toContainText("Queued for agent-b on tier 1 (haiku) as ");
  await expect(answers).toContainText("It waits: agent-b is paused (concurrency 0).");
  await page.getByRole("link", { name: /^Tasks/ }).click();
  await expect(
    page.getByRole("button", { name: /^Open task .*: Summarize the release notes$/ }),
  ).toBeVisible();

  await page.getByRole("link", { name: /^Costs/ }).click();
  const usage = page.getByRole("region", { name: "The always-on agent today" });
  await expect(
    usage
      .getByRole("row", { name: /Triage/ })
      .getByRole("cell")
      .first(),
  ).toHaveText("2");
  expect(ollama.requests).toHaveLength(2);
});
