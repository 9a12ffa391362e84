/**
 * `switchyard task …` on tasks waiting in an inbox (approve, run now, change tier, edit,
 * cancel) and on failed ones (retry), by id or by any prefix that names one task.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApprovalStore } from "../../core/approvals/approval-store.js";
import { initCrewRoot } from "../../core/crew-root.js";
import { parseTaskFile } from "../../shared/task-file.js";
import { ensureBuilt, removeDir, runCli, runCliInProcess, tempDir } from "./run-cli.js";

const dirs: string[] = [];
beforeAll(ensureBuilt);
afterAll(() => Promise.all(dirs.map(removeDir)));

async function crewWith(tasks: Record<string, string>): Promise<string> {
  const root = await tempDir();
  dirs.push(root);
  await initCrewRoot(root);
  for (const [name, text] of Object.entries(tasks))
    await writeFile(join(root, "coordination/for_agent_a", name), text);
  return root;
}

const DEPLOY = "TASK: Deploy the site\nTIER: 3\nX-Ticket: OPS-7\nCONTEXT: after the freeze\n\nNotes stay.\n";

describe.concurrent("task ids", () => {
  it("take any prefix that names one waiting task", async () => {
    const root = await crewWith({ "deploy-site.md": DEPLOY, "summary.md": "TASK: Summarize\n" });
    const result = await runCliInProcess(["task", "approve", "sum", "--root", root]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^summary: approved/);
    expect((await ApprovalStore.for(root).all()).summary?.state).toBe("approved");
  });

  it("refuse an ambiguous prefix, naming the tasks it could be", async () => {
    const root = await crewWith({ "deploy-site.md": DEPLOY, "deploy-docs.md": DEPLOY });
    const result = await runCliInProcess(["task", "approve", "deploy", "--root", root]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /"deploy" could be any of deploy-(site|docs), deploy-(docs|site): give more/,
    );
  });

  it("say which tasks are waiting when none matches", async () => {
    const root = await crewWith({ "deploy-site.md": DEPLOY, "summary.md": "TASK: Summarize\n" });
    const result = await runCli(["task", "queue", "nope", "--root", root]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /no waiting task "nope"; waiting: deploy-site, summary|summary, deploy-site/,
    );
  });
});

describe.concurrent("acting on a waiting task", () => {
  it("cancel moves it to failed/ unchanged, with the operator's reason", async () => {
    const root = await crewWith({ "deploy-site.md": DEPLOY });
    const result = await runCli(["task", "cancel", "dep", "--reason", "not this week", "--root", root]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("deploy-site: moved to coordination/failed/deploy-site.md");
    const failed = await readFile(join(root, "coordination/failed/deploy-site.md"), "utf8");
    expect(failed.startsWith(DEPLOY)).toBe(true);
    const parsed = parseTaskFile(failed);
    expect(parsed.ok && parsed.value.footer?.reason).toBe("cancelled by the operator: not this week");
    expect(await readdir(join(root, "coordination/for_agent_a"))).toEqual([]);
  });

  it("tier rewrites only its TIER line and keeps the version before", async () => {
    const root = await crewWith({ "deploy-site.md": DEPLOY });
    const result = await runCliInProcess(["task", "tier", "deploy-site", "1", "--root", root]);
    expect(result.stderr).toBe("");
    expect(await readFile(join(root, "coordination/for_agent_a/deploy-site.md"), "utf8")).toBe(
      DEPLOY.replace("TIER: 3", "TIER: 1"),
    );
    const [backup = ""] = await readdir(join(root, ".switchyard/edits"));
    expect(await readFile(join(root, ".switchyard/edits", backup), "utf8")).toBe(DEPLOY);
    await runCliInProcess(["task", "tier", "deploy-site", "auto", "--root", root]);
    expect(await readFile(join(root, "coordination/for_agent_a/deploy-site.md"), "utf8")).not.toMatch(/TIER/);
  });

  it("edit changes the fields named, and refuses an expected output outside the root, changing nothing", async () => {
    const root = await crewWith({ "deploy-site.md": DEPLOY });
    const edited = await runCliInProcess([
      "task",
      "edit",
      "deploy",
      "--priority",
      "urgent",
      "--context",
      "",
      "--task",
      "Deploy the docs site",
      "--root",
      root,
    ]);
    expect(edited.stderr).toBe("");
    const text = await readFile(join(root, "coordination/for_agent_a/deploy-site.md"), "utf8");
    expect(text).toBe(
      "TASK: Deploy the docs site\nTIER: 3\nX-Ticket: OPS-7\nPRIORITY: urgent\n\nNotes stay.\n",
    );
    const refused = await runCliInProcess([
      "task",
      "edit",
      "deploy",
      "--expected-output",
      "../x.md",
      "--root",
      root,
    ]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/not saved: .*EXPECTED_OUTPUT.*leaves the crew root/);
    expect(await readFile(join(root, "coordination/for_agent_a/deploy-site.md"), "utf8")).toBe(text);
  });

  it("run-now marks it to start ahead of everything", async () => {
    const root = await crewWith({ "deploy-site.md": DEPLOY });
    const result = await runCliInProcess(["task", "run-now", "deploy", "--root", root]);
    expect(result.stdout).toMatch(/^deploy-site: runs now/);
    expect((await ApprovalStore.for(root).all())["deploy-site"]).toMatchObject({
      state: "approved",
      runNow: true,
    });
  });

  it("retry sends a failed task back to its inbox without its footer", async () => {
    const root = await crewWith({ "deploy-site.md": DEPLOY });
    await runCliInProcess(["task", "cancel", "deploy", "--root", root]);
    const result = await runCliInProcess(["task", "retry", "dep", "--root", root]);
    expect(result.stdout).toBe("deploy-site: back in the inbox as deploy-site");
    expect(await readFile(join(root, "coordination/for_agent_a/deploy-site.md"), "utf8")).toBe(DEPLOY);
  });
});
