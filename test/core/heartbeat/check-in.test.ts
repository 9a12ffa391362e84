/** The HEARTBEAT.md check-in against a local stand-in for Ollama's `/api/chat`. */
import { appendFile, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readLedger } from "../../../core/costs/ledger.js";
import type { Finding } from "../../../core/heartbeat/checklist.js";
import { CheckIn } from "../../../core/heartbeat/check-in.js";
import { type Config, parseConfig } from "../../../shared/config.js";
import type { Notification } from "../../../shared/notification.js";
import { parseTaskFile } from "../../../shared/task-file.js";
import { type CrewFixture, makeCrew } from "../../support/crew-fixture.js";
import { type OllamaStandin, startOllamaStandin } from "../../support/ollama-standin.js";

let crew: CrewFixture | undefined;
let standin: OllamaStandin | undefined;
afterEach(async () => {
  await standin?.close();
  standin = undefined;
  await crew?.cleanup();
  crew = undefined;
});

interface ChatRequest {
  model: string;
  format: string;
  messages: { role: string; content: string }[];
}

function configOf(json: unknown): Config {
  const parsed = parseConfig(JSON.stringify(json));
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.config;
}

async function setup(answers: unknown[], checklist?: string, settings: Record<string, unknown> = {}) {
  crew = await makeCrew();
  if (checklist !== undefined) await writeFile(join(crew.root, "HEARTBEAT.md"), checklist);
  standin = await startOllamaStandin(() => JSON.stringify(answers.shift() ?? { actionable: false }));
  const feed: Omit<Notification, "id" | "at">[] = [];
  let config = configOf({
    heartbeat: { checkIn: { enabled: true, url: standin.url, model: "qwen", ...settings } },
  });
  const clock = { now: new Date("2026-04-09T10:00:00Z") };
  const root = crew.root;
  const checkIn = new CheckIn(
    { root, config: () => config, now: () => clock.now },
    {
      notify: async (input) => {
        feed.push(input);
        return { ...input, id: "n", at: "" };
      },
    },
  );
  const requests = standin.requests as ChatRequest[];
  return {
    root,
    requests,
    feed,
    checkIn,
    clock,
    setConfig: (json: unknown) => {
      config = configOf(json);
    },
  };
}

const CHECKLIST = [
  "# What I want watched",
  "- [failed] If the site deploy failed, ask agent-b to retry it",
  "- [stuck, overdue] Tell me whether a silent worker is worth waiting for",
  "- [ ] Anything unusual",
  "",
].join("\n");
const FAILED: Finding[] = [
  { trigger: "failed", line: 'deploy (agent-b) "Deploy the site" failed: exited with code 1' },
];
const crewNow = () => "running workers: 0\ntasks waiting: 1\n- deploy.md: waiting for lock site";

describe("heartbeat check-in", () => {
  it("calls no model when the beat found nothing new", async () => {
    const { requests, checkIn } = await setup([], CHECKLIST);
    for (let beat = 0; beat < 100; beat++)
      expect(await checkIn.run([], crewNow)).toEqual({ outcome: "quiet" });
    expect(requests).toEqual([]);
  });

  it("asks only about the items the findings trigger, with what was found, and stays quiet when nothing is actionable", async () => {
    const { requests, feed, checkIn } = await setup([{ actionable: false }], CHECKLIST);
    expect(await checkIn.run(FAILED, crewNow)).toEqual({ outcome: "nothing" });
    expect(feed).toEqual([]);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ model: "qwen", format: "json" });
    const prompt = requests[0]?.messages[1]?.content ?? "";
    expect(prompt).toContain("- If the site deploy failed, ask agent-b to retry it");
    expect(prompt).toContain("- Anything unusual"); // untagged: any finding
    expect(prompt).not.toContain("silent worker"); // [stuck, overdue]: nothing of the kind was found
    expect(prompt).toContain('- failed: deploy (agent-b) "Deploy the site" failed: exited with code 1');
    expect(prompt).toContain("deploy.md: waiting for lock site");
  });

  it("records each call in tier 0's meter as the heartbeat's, with its tokens", async () => {
    const { root, checkIn } = await setup([{ actionable: false }], CHECKLIST);
    await checkIn.run(FAILED, crewNow);
    const [entry, ...more] = await readLedger(root);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ source: "heartbeat", tier: 0, model: "qwen", costUsd: 0, attempt: 0 });
    expect(Number(entry?.usage?.input_tokens)).toBeGreaterThan(50);
  });

  it("turns an actionable answer into a notification and a task", async () => {
    const { root, feed, checkIn } = await setup(
      [
        {
          actionable: true,
          notify: { title: "deploy failed: agent-b should retry it", body: "exit 1 twice" },
          task: { agent: "agent-b", task: "Retry the site deploy", priority: "high" },
        },
      ],
      CHECKLIST,
    );
    expect(await checkIn.run(FAILED, crewNow)).toMatchObject({ outcome: "acted", notified: true });
    expect(feed[0]).toMatchObject({
      kind: "check-in",
      priority: "normal",
      title: "deploy failed: agent-b should retry it",
    });
    const [file] = await readdir(join(root, "coordination/for_agent_b"));
    const parsed = parseTaskFile(await readFile(join(root, "coordination/for_agent_b", file ?? ""), "utf8"));
    expect(parsed.ok && parsed.value.fields).toMatchObject({
      task: "Retry the site deploy",
      priority: "high",
      from: "heartbeat",
    });
  });

  it("stops at the daily token cap, says so once, and asks again the next UTC day", async () => {
    const { root, requests, feed, checkIn, clock } = await setup([], CHECKLIST, { dailyTokens: 1000 });
    const spent = { at: "2026-04-09T08:00:00.000Z", agent: "always-on", tier: 0, model: "qwen", attempt: 0 };
    await appendFile(
      join(root, ".switchyard/ledger.jsonl"),
      `${JSON.stringify({ ...spent, costUsd: 0, source: "heartbeat", usage: { input_tokens: 900, output_tokens: 100 } })}\n`,
    );
    expect(await checkIn.run(FAILED, crewNow)).toEqual({
      outcome: "capped",
      usedTokens: 1000,
      dailyTokens: 1000,
    });
    expect(await checkIn.run(FAILED, crewNow)).toMatchObject({ outcome: "capped" });
    expect(requests).toEqual([]);
    expect(feed.map((notification) => notification.title)).toEqual([
      "Heartbeat check-in paused until tomorrow: 1000 of 1000 tokens used today",
    ]);
    clock.now = new Date("2026-04-10T00:05:00Z");
    expect(await checkIn.run(FAILED, crewNow)).toEqual({ outcome: "nothing" });
    expect(requests).toHaveLength(1);
  });

  it("does not call the model without a checklist, or when it is off", async () => {
    const { requests, checkIn, setConfig } = await setup([]);
    expect(await checkIn.run(FAILED, crewNow)).toEqual({ outcome: "no-checklist" });
    setConfig({});
    expect(await checkIn.run(FAILED, crewNow)).toEqual({ outcome: "off" });
    expect(requests).toEqual([]);
  });

  it("reports an answer that is not the JSON it asked for as an error, not a notification", async () => {
    const { feed, checkIn } = await setup([{ maybe: "later" }], CHECKLIST);
    expect(await checkIn.run(FAILED, crewNow)).toEqual({
      outcome: "error",
      reason: "the model's JSON did not say whether anything is actionable",
    });
    expect(feed).toEqual([]);
  });

  it("names a tag it does not know, and treats that item as untagged", async () => {
    const { requests, checkIn } = await setup([], "- [falied] Retry what failed\n");
    expect(await checkIn.run(FAILED, crewNow)).toEqual({ outcome: "nothing" });
    expect(checkIn.problems).toEqual([
      'HEARTBEAT.md line 1: "falied" is not a trigger (known: failed, done, stuck, overdue, stale-lock, budget, shared-mind, waiting, inbox, always)',
    ]);
    expect(requests[0]?.messages[1]?.content).toContain("- [falied] Retry what failed");
  });

  it("runs on tier 0 or 1 only", () => {
    expect(parseConfig(JSON.stringify({ heartbeat: { checkIn: { enabled: true, tier: 1 } } })).ok).toBe(true);
    const parsed = parseConfig(JSON.stringify({ heartbeat: { checkIn: { enabled: true, tier: 2 } } }));
    expect(!parsed.ok && parsed.problems).toEqual([
      "heartbeat.checkIn.tier: the check-in runs on tier 0 or 1",
    ]);
  });
});
