/** The facade's actions the window and Telegram use: retry, task detail, add task. */
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CrewService } from "../../core/crew-service.js";
import { type CrewFixture, makeCrew } from "../support/crew-fixture.js";

let crew: CrewFixture | undefined;
let service: CrewService | undefined;
afterEach(async () => {
  await service?.stop();
  await crew?.cleanup();
  service = crew = undefined;
});

async function open(worker: Record<string, unknown>) {
  crew = await makeCrew({ worker, costs: { importInteractive: false } });
  service = await CrewService.open(crew.root, { watch: false });
  await service.start();
  return { crew, service };
}

describe("CrewService", () => {
  it("retries a failed .txt task: back in its agent's inbox as written, without the footer, and runs again", async () => {
    const { crew, service } = await open({
      command: "sh",
      args: ["-c", 'test -f outputs/allow && echo ok > "$SWITCHYARD_EXPECTED_OUTPUT"'],
      maxAttempts: 1,
    });
    const original = "TASK: Publish the notes\nEXPECTED_OUTPUT: outputs/notes.md\n";
    await crew.drop("for_agent_b", "notes.txt", original);
    await service.engineHandle.rescan();
    await service.engineHandle.whenIdle();
    expect(await readdir(join(crew.root, "coordination/failed"))).toEqual(["notes.txt"]);
    const detail = await service.taskDetail("notes");
    expect(detail?.footer?.status).toBe("failed");

    await writeFile(join(crew.root, "outputs/allow"), "");
    expect(await service.retry("notes")).toEqual({ ok: true, id: "notes" });
    await service.engineHandle.whenIdle();
    expect(await readdir(join(crew.root, "coordination/failed"))).toEqual([]);
    const done = await crew.read("coordination/completed/notes-2.txt");
    expect(done.startsWith(original)).toBe(true);
    expect(done.match(/^STATUS:/gm)).toHaveLength(1);
    expect(done).toContain("STATUS: done");
  });

  it("refuses to retry what is not a failed task, and says so", async () => {
    const { service } = await open({ command: "true" });
    expect(await service.retry("nope")).toEqual({ ok: false, reason: 'no failed task "nope"' });
  });

  it("adds a task from the window as the operator, and refuses an unknown agent or an output outside the root", async () => {
    const { crew, service } = await open({ command: "true" });
    expect(await service.addTask({ agent: "nobody", task: "x" })).toEqual({
      ok: false,
      reason: 'there is no agent "nobody"',
    });
    expect((await service.addTask({ agent: "agent-a", task: "x", expectedOutput: "../escape.md" })).ok).toBe(
      false,
    );
    const added = await service.addTask({ agent: "agent-a", task: "Summarize README.md", priority: "low" });
    expect(added.ok).toBe(true);
    const [file] = await readdir(join(crew.root, "coordination/for_agent_a"));
    expect(await crew.read(`coordination/for_agent_a/${file}`)).toContain("FROM: operator");
  });
});
