/**
 * What a worker is sent, measured at the Messages API with the real Claude Code CLI: the task
 * and the slice of SHARED_MIND.md travel in the prompt, so a crew with 10,000 learnings sends
 * its workers what a crew with 10 does, plus at most the slice's budget.
 * `npm run bench -- context` measures the bytes per request at 10 / 1,000 / 10,000 learnings.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CHARS_PER_TOKEN } from "../../../core/engine/mind-slice.js";
import { formatLearning, SHARED_MIND_TEMPLATE } from "../../../shared/shared-mind.js";
import { type ClaudeCrew, claudeCrew } from "../../support/claude-crew.js";
import type { ParsedRequest, StandinScript } from "../../../bench/support/messages-api-standin.js";

const crews: ClaudeCrew[] = [];
afterEach(async () => {
  for (const crew of crews.splice(0)) await crew.cleanup();
});

const TASK = `TASK: Inject the new Stripe payment links into listings 5 and 9
EXPECTED_OUTPUT: outputs/links.md
TIER: 2
`;

function sharedMind(learnings: number): string {
  const lines = Array.from({ length: learnings }, (_, index) =>
    formatLearning("2026-01-01", `Learning ${index}: notes about deploys, retries and the crew's habits`),
  );
  lines[0] = formatLearning(
    "2025-06-01",
    "Stripe payment links expire after 24 hours: regenerate before injecting",
  );
  return SHARED_MIND_TEMPLATE.replace(
    "## WHAT'S NEEDED NEXT\n",
    "### agent-b\n- 2026-04-09T09:00Z listings-1: updated listing 2 → done\n## WHAT'S NEEDED NEXT\n- Update listings 5 and 9\n",
  ).concat(lines.join("\n"), "\n");
}

/** Files the conversation so far asked the CLI to Read (tool_use blocks in the history). */
function filesRead(request: ParsedRequest): string[] {
  const messages = (request.body as { messages?: { content?: unknown }[] }).messages ?? [];
  return messages.flatMap((message) =>
    (Array.isArray(message.content) ? message.content : []).flatMap((block: Record<string, unknown>) =>
      block.type === "tool_use" && block.name === "Read"
        ? [String((block.input as { file_path?: string }).file_path)]
        : [],
    ),
  );
}

/**
 * A worker that does what its prompt asks: it reads the files the prompt tells it to read
 * (an older prompt sent it to the task file and to SHARED_MIND.md), then writes its output.
 */
const dutifulWorker =
  (root: string): StandinScript =>
  (request) => {
    const prompt = JSON.stringify(request.body);
    const told = [
      /Your task is in (\S+): read it first/.exec(prompt)?.[1],
      /Read SHARED_MIND\.md/.test(prompt) ? "SHARED_MIND.md" : undefined,
    ].flatMap((file) => (file ? [join(root, file)] : []));
    const next = told.find((file) => !filesRead(request).includes(file));
    if (next) return { kind: "tool_use", name: "Read", input: { file_path: next } };
    if (request.toolResults.some((result) => /created/i.test(result.text)))
      return { kind: "text", text: "Done." };
    return {
      kind: "tool_use",
      name: "Write",
      input: { file_path: join(root, "outputs/links.md"), content: "ok\n" },
    };
  };

/** Runs the task on a crew with `learnings` learnings; the bytes of each main request the worker sent. */
async function requestBytes(
  learnings: number,
): Promise<{ bytes: number[]; first: ParsedRequest | undefined }> {
  const crew = await claudeCrew(dutifulWorker, { permissions: { askOperator: false } });
  crews.push(crew);
  await writeFile(join(crew.crew.root, "SHARED_MIND.md"), sharedMind(learnings));
  await crew.crew.drop("for_agent_b", "links.md", TASK);
  const engine = crew.engine();
  await engine.start();
  await engine.whenIdle();
  await engine.stop();
  expect(await crew.crew.read("outputs/links.md")).toBe("ok\n");
  const main = crew.standin.mainRequests();
  return { bytes: main.map((request) => JSON.stringify(request.body).length), first: main[0] };
}

describe("what a worker is sent", { timeout: 120_000 }, () => {
  it("carries the task and a bounded slice of SHARED_MIND.md in the prompt, at 10 or 10,000 learnings", async () => {
    const few = await requestBytes(10);
    const many = await requestBytes(10_000);
    const prompt = many.first?.lastUserText ?? "";
    expect(prompt).toContain("Inject the new Stripe payment links into listings 5 and 9");
    expect(prompt).toContain("listings-1: updated listing 2 → done");
    expect(prompt).toContain("- Update listings 5 and 9");
    expect(prompt).toContain("Stripe payment links expire after 24 hours");
    // No tool round trip to read the task or the file: the output is written at once.
    expect(many.bytes).toHaveLength(2);
    const growth = (many.bytes[0] ?? 0) - (few.bytes[0] ?? 0);
    expect(growth).toBeLessThanOrEqual(4_000 * CHARS_PER_TOKEN);
  });
});
