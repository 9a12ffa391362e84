/**
 * The ledger and the feed are appended to, never rewritten: one line per write with O_APPEND,
 * which local file systems never interleave. Shown with processes appending at once.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { execa } from "execa";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { readLedger } from "../../../core/costs/ledger.js";
import { readFeed } from "../../../core/notify/feed.js";
import { ensureBuilt, REPO } from "../../cli/run-cli.js";
import { type CrewFixture, makeCrew } from "../../support/crew-fixture.js";

let crew: CrewFixture | undefined;
beforeAll(ensureBuilt, 60_000);
afterEach(async () => {
  await crew?.cleanup();
  crew = undefined;
});

const PROCESSES = 8;
const LINES = 250;

/** Runs `body` (an ES module snippet with `root` and `writer` defined) in PROCESSES processes at once. */
const inParallel = (root: string, body: string) =>
  Promise.all(
    Array.from({ length: PROCESSES }, (_, writer) =>
      execa(process.execPath, [
        "--input-type=module",
        "-e",
        `const root = ${JSON.stringify(root)}; const writer = ${writer};\n${body}`,
      ]),
    ),
  );

const distModule = (path: string) => JSON.stringify(pathToFileURL(join(REPO, "dist", path)).href);

describe("appends from many processes", { timeout: 60_000 }, () => {
  it(`keep all ${PROCESSES * LINES} ledger lines whole when ${PROCESSES} processes append at once`, async () => {
    crew = await makeCrew();
    await inParallel(
      crew.root,
      `const { appendLedger } = await import(${distModule("core/costs/ledger.js")});
       const usage = Object.fromEntries(Array.from({ length: 40 }, (_, i) => ["field" + i, "x".repeat(30)]));
       await Promise.all(Array.from({ length: ${LINES} }, (_, n) => appendLedger(root, {
         at: new Date().toISOString(), taskId: "w" + writer + "-" + n, agent: "a", tier: 2, model: "sonnet",
         attempt: 1, costUsd: 0.01, usage })));`,
    );
    const entries = await readLedger(crew.root);
    expect(entries).toHaveLength(PROCESSES * LINES);
    expect(new Set(entries.map((entry) => entry.taskId)).size).toBe(PROCESSES * LINES);
  });

  it(`keep every notification when ${PROCESSES} processes notify at once`, async () => {
    crew = await makeCrew();
    await inParallel(
      crew.root,
      `const { Notifier } = await import(${distModule("core/notify/notifier.js")});
       const notifier = new Notifier(root);
       for (let n = 0; n < 50; n++)
         await notifier.notify({ kind: "info", priority: "low", title: "w" + writer + "-" + n, body: "b".repeat(500) });
       await notifier.close();`,
    );
    expect(await readFeed(crew.root, 1000)).toHaveLength(PROCESSES * 50);
  });
});
