/**
 * What triage says when it cannot or should not ask a model, and how it keeps a delegated task
 * inside the crew's rules (known agent, a path inside the root). Model calls go to the Ollama
 * stand-in; the service is the one the hosts run.
 */
import { appendFile, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readLedger } from "../../../core/costs/ledger.js";
import { CrewService } from "../../../core/crew-service.js";
import { parseTaskFile } from "../../../shared/task-file.js";
import { type CrewFixture, makeCrew } from "../../support/crew-fixture.js";
import { type OllamaStandin, startOllamaStandin } from "../../support/ollama-standin.js";

let crew: CrewFixture | undefined;
let ollama: OllamaStandin | undefined;
let service: CrewService | undefined;
afterEach(async () => {
  await service?.stop();
  await ollama?.close();
  await crew?.cleanup();
  service = undefined;
  ollama = undefined;
  crew = undefined;
});

async function open(config: Record<string, unknown>, answer = "{}") {
  ollama = await startOllamaStandin(() => answer);
  crew = await makeCrew({
    costs: { importInteractive: false },
    notifications: { desktop: false },
    tiers: { "0": { model: "qwen" } },
    triage: { url: ollama.url },
    ...config,
  });
  service = await CrewService.open(crew.root, { watch: false, channels: [] });
  return { root: crew.root, service, requests: ollama.requests };
}

describe("triage", () => {
  it("is off with triage.enabled false, and says what still works", async () => {
    const { service, requests } = await open({ triage: { enabled: false } });
    expect(await service.ask("What is agent-b doing?", "telegram:5")).toEqual({
      kind: "unavailable",
      text: "Triage is off (triage.enabled is false). /status, /tasks and /queue <text> still work.",
      sources: [],
    });
    expect(requests).toEqual([]);
  });

  it("reads no message longer than the window's box allows, and calls no model for it", async () => {
    const { service, requests } = await open({});
    const long = await service.ask("x".repeat(5000), "telegram:5");
    expect(long.text).toBe(
      "That message is 5000 characters; triage reads at most 4000. Shorten it, or write it as a task. /status, /tasks and /queue <text> still work.",
    );
    expect(requests).toEqual([]);
  });

  it("asks no model when its tier is over budget", async () => {
    const { root, service, requests } = await open({
      tiers: { "0": { model: "qwen", budget: { daily: 0.01 } } },
    });
    const spent = { agent: "agent-b", tier: 0, model: "qwen", attempt: 1, costUsd: 0.02, taskId: "t" };
    await appendFile(
      join(root, ".switchyard/ledger.jsonl"),
      `${JSON.stringify({ at: new Date().toISOString(), ...spent })}\n`,
    );
    const reply = await service.ask("How much did we spend today?");
    expect(reply.kind).toBe("unavailable");
    expect(reply.text).toBe(
      "Tier 0 is over its daily budget ($0.02 of $0.01), so I did not ask the model. The views still show everything, and the Tasks view adds tasks.",
    );
    expect(requests).toEqual([]);
  });

  it("says why when the local model cannot be reached", async () => {
    const { service } = await open({ triage: { url: "http://127.0.0.1:9" } });
    const reply = await service.ask("What is agent-b doing?");
    expect(reply.kind).toBe("unavailable");
    expect(reply.text).toMatch(
      /^I could not triage this: Ollama at http:\/\/127\.0\.0\.1:9 cannot be reached \(.+\); is it running\?\./,
    );
  });

  it("records a call whose answer is not the JSON it asked for, and says so", async () => {
    const { root, service } = await open({}, "Sure! agent-b is busy.");
    const reply = await service.ask("What is agent-b doing?");
    expect(reply).toMatchObject({ kind: "unavailable", tier: 0 });
    expect(reply.text).toContain("The triage model (tier 0, qwen) did not answer with the JSON I asked for.");
    expect((await readLedger(root)).map((entry) => entry.source)).toEqual(["triage"]);
  });

  it("keeps delegated work inside the crew: a known agent, an output inside the root", async () => {
    const answer = JSON.stringify({
      action: "delegate",
      agent: "agent-z",
      task: "Draft the launch post",
      tier: 2,
      expectedOutput: "../../etc/passwd",
      priority: "urgent-ish",
      why: "novel writing",
    });
    const { root, service } = await open({ agents: { "agent-b": {} } }, answer);
    const reply = await service.ask("Draft the launch post");
    expect(reply.kind).toBe("delegated");
    expect(reply.text).toContain('(triage named "agent-z", which is not an agent here)');
    const [file] = await readdir(join(root, "coordination/for_agent_b"));
    const parsed = parseTaskFile(await readFile(join(root, "coordination/for_agent_b", file ?? ""), "utf8"));
    expect(parsed.ok && parsed.value.fields).toMatchObject({
      task: "Draft the launch post",
      tier: 2,
      priority: "normal",
      from: "window",
      expectedOutput: expect.stringMatching(/^outputs\/\d{8}-\d{6}-draft-the-launch-post\.md$/),
    });
    expect(reply.text).toContain(`it writes ${parsed.ok ? parsed.value.fields.expectedOutput : ""}.`);
    expect(reply.sources).toEqual([`coordination/for_agent_b/${file}`]);
    // A model wrote it: it waits for the operator's yes, and the reply says so.
    expect(reply.text).toContain(
      "Needs your approval because tasks triage wrote from Ask the crew ask first.",
    );
    const status = await service.status();
    expect(status.awaitingApproval.map((task) => task.file)).toEqual([`coordination/for_agent_b/${file}`]);
  });
});
