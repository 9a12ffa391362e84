/**
 * Editing SHARED_MIND.md on disk (ARCHITECTURE.md, "SHARED_MIND.md"): every edit starts from the file as it is, runs
 * under the `shared-mind` lock and is written atomically; an edit that changes nothing writes
 * nothing.
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { crewPaths, initCrewRoot } from "../../../core/crew-root.js";
import { editSharedMind, readSharedMindText } from "../../../core/state/shared-mind-store.js";
import { appendLearning, readSharedMind, setAgentState } from "../../../shared/shared-mind.js";

const SEED = `# SHARED_MIND.md
## ACTIVE STATE
Last updated: 2026-04-09T21:20Z | Agent A
- ClawMart: 14 listings rebranded (complete)
## WHAT'S NEEDED NEXT
1. Pull 1000 visitors to the funnel
## WHAT EACH AGENT HAS LEARNED
[append-only section — never deleted]
- 2026-04-09: Reddit spam filter blocks body links from new accounts. Use inline content + first-comment for URL.
`;

let root: string;
let path: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "switchyard-mind-"));
  await initCrewRoot(root);
  path = crewPaths(root).sharedMind;
  await writeFile(path, SEED);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Everything in in_progress/: lock files, guards and files set aside while removing. */
const locksLeft = () => readdir(crewPaths(root).inProgress);

describe("editSharedMind", () => {
  it("leaves the file untouched, bytes and mtime, when the edit changes nothing", async () => {
    const before = await stat(path);
    await new Promise((done) => setTimeout(done, 20));
    expect(await editSharedMind(root, "agent-a", (text) => text)).toBe(SEED);
    expect(await readFile(path, "utf8")).toBe(SEED);
    expect((await stat(path)).mtimeMs).toBe(before.mtimeMs);
    expect(await locksLeft()).toEqual([]);
  });

  it("applies the edit to the file on disk, keeping a hand edit made just before", async () => {
    const handEdited = SEED.replace("- ClawMart", "- dev.to: 6 articles live\n- ClawMart");
    await writeFile(path, handEdited);
    await editSharedMind(root, "agent-b", (text) =>
      setAgentState(text, "agent-b", "posting", "2026-04-10T08:00:00Z"),
    );
    const after = await readFile(path, "utf8");
    expect(readSharedMind(after).stateLines).toEqual([
      "- dev.to: 6 articles live",
      "- ClawMart: 14 listings rebranded (complete)",
    ]);
    expect(readSharedMind(after).agentStates).toEqual({ "agent-b": "posting" });
  });

  it("loses no learning when many writers append at once", async () => {
    const texts = Array.from({ length: 8 }, (_, index) => `learning number ${index}`);
    await Promise.all(
      texts.map((text, index) =>
        editSharedMind(root, `agent-${index}`, (mind) => appendLearning(mind, "2026-04-10", text)),
      ),
    );
    const learnings = readSharedMind(await readFile(path, "utf8")).learnings.map((learning) => learning.text);
    expect(learnings).toHaveLength(9);
    expect(learnings.slice(1).sort()).toEqual(texts.sort());
    expect(await locksLeft()).toEqual([]);
  });

  it("releases the lock when the edit throws, and writes nothing", async () => {
    await expect(
      editSharedMind(root, "agent-a", () => {
        throw new Error("edit failed");
      }),
    ).rejects.toThrow("edit failed");
    expect(await readFile(path, "utf8")).toBe(SEED);
    expect(await locksLeft()).toEqual([]);
  });

  it("starts from the template when the file does not exist", async () => {
    await rm(path);
    expect(readSharedMind(await readSharedMindText(root)).learnings).toEqual([]);
    await editSharedMind(root, "agent-a", (mind) => appendLearning(mind, "2026-04-10", "first"));
    expect(readSharedMind(await readFile(path, "utf8")).learnings.map((learning) => learning.line)).toEqual([
      "- 2026-04-10: first",
    ]);
  });
});
