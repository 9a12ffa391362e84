/** The HEARTBEAT.md check-in against a local stand-in for Ollama's `/api/chat`. */
import { once } from "node:events";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Config, parseConfig } from "../../../shared/config.js";
import type { Notification } from "../../../shared/notification.js";
import { parseTaskFile } from "../../../shared/task-file.js";
import { CheckIn } from "../../../core/heartbeat/check-in.js";
import { type CrewFixture, makeCrew } from "../../support/crew-fixture.js";

let crew: CrewFixture | undefined;
let server: Server | undefined;
afterEach(async () => {
  server?.close();
  server = undefined;
  await crew?.cleanup();
  crew = undefined;
});

interface ChatRequest {
  model: string;
  format: string;
  messages: { role: string; content: string }[];
}

/** Answers each `/api/chat` with the next scripted JSON answer, as Ollama wraps it. */
async function ollamaStandin(answers: unknown[]): Promise<{ url: string; requests: ChatRequest[] }> {
  const requests: ChatRequest[] = [];
  server = createServer(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    requests.push(JSON.parse(body) as ChatRequest);
    const answer = answers.shift() ?? { actionable: false };
    response.writeHead(200, { "content-type": "application/json" });
    response.end(
      JSON.stringify({ model: "qwen", message: { role: "assistant", content: JSON.stringify(answer) } }),
    );
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

function configOf(json: unknown): Config {
  const parsed = parseConfig(JSON.stringify(json));
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.config;
}

async function setup(answers: unknown[], checklist?: string) {
  crew = await makeCrew();
  if (checklist !== undefined) await writeFile(join(crew.root, "HEARTBEAT.md"), checklist);
  const standin = await ollamaStandin(answers);
  const feed: Omit<Notification, "id" | "at">[] = [];
  const checkIn = new CheckIn(crew.root, {
    notify: async (input) => {
      feed.push(input);
      return { ...input, id: "n", at: "" };
    },
  });
  const config = configOf({ heartbeat: { checkIn: { enabled: true, url: standin.url, model: "qwen" } } });
  return { root: crew.root, standin, feed, checkIn, config };
}

const CHECKLIST =
  "- If the site deploy failed, ask agent-b to retry it\n- Tell me when a task waits over an hour\n";
const crewNow = () => "running workers: 0\ntasks waiting: 1\n- deploy.md: waiting for lock site";
const now = new Date("2026-04-09T10:00:00Z");

describe("heartbeat check-in", () => {
  it("sends the checklist and the crew's state to the model, and stays quiet when nothing is actionable", async () => {
    const { standin, feed, checkIn, config } = await setup([{ actionable: false }], CHECKLIST);
    expect(await checkIn.run(config, crewNow, now)).toEqual({ outcome: "nothing" });
    expect(feed).toEqual([]);
    expect(standin.requests[0]).toMatchObject({ model: "qwen", format: "json" });
    expect(standin.requests[0]?.messages[1]?.content).toContain("ask agent-b to retry it");
    expect(standin.requests[0]?.messages[1]?.content).toContain("deploy.md: waiting for lock site");
  });

  it("turns an actionable answer into a notification and a task", async () => {
    const { root, feed, checkIn, config } = await setup(
      [
        {
          actionable: true,
          notify: { title: "deploy.md has waited over an hour for the site lock", body: "agent-a holds it" },
          task: { agent: "agent-b", task: "Retry the site deploy", priority: "high" },
        },
      ],
      CHECKLIST,
    );
    const result = await checkIn.run(config, crewNow, now);
    expect(result).toMatchObject({ outcome: "acted", notified: true });
    expect(feed[0]).toMatchObject({
      kind: "check-in",
      priority: "normal",
      title: "deploy.md has waited over an hour for the site lock",
    });
    const [file] = await readdir(join(root, "coordination/for_agent_b"));
    const parsed = parseTaskFile(await readFile(join(root, "coordination/for_agent_b", file ?? ""), "utf8"));
    expect(parsed.ok && parsed.value.fields).toMatchObject({
      task: "Retry the site deploy",
      priority: "high",
      from: "heartbeat",
    });
  });

  it("does not call the model without a checklist, or when it is off", async () => {
    const { standin, checkIn, config } = await setup([]);
    expect(await checkIn.run(config, crewNow, now)).toEqual({ outcome: "no-checklist" });
    const off = configOf({});
    expect(await checkIn.run(off, crewNow, now)).toEqual({ outcome: "off" });
    expect(standin.requests).toEqual([]);
  });

  it("reports an answer that is not the JSON it asked for as an error, not a notification", async () => {
    const { feed, checkIn, config } = await setup([{ maybe: "later" }], CHECKLIST);
    expect(await checkIn.run(config, crewNow, now)).toEqual({
      outcome: "error",
      reason: "the model's JSON did not say whether anything is actionable",
    });
    expect(feed).toEqual([]);
  });

  it("is only configurable at tier 0 for now", () => {
    const parsed = parseConfig(JSON.stringify({ heartbeat: { checkIn: { enabled: true, tier: 1 } } }));
    expect(!parsed.ok && parsed.problems).toEqual([
      "heartbeat.checkIn.tier: only tier 0 (a local Ollama) can run the check-in so far",
    ]);
  });
});
