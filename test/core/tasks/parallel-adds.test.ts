/**
 * Adding tasks at once through every channel: each request gets its own file holding its own
 * text, under an id no other task has, whether the adds come from one process (the window,
 * Telegram's /queue, the API) or from many (`switchyard task add` in a loop).
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseTaskFile, taskIdFromFileName } from "../../../shared/task-file.js";
import { createCrewContext } from "../../../core/crew-context.js";
import { addTask } from "../../../core/tasks/add-task.js";
import { ensureBuilt, startCli } from "../../cli/run-cli.js";
import { type CrewFixture, crewConfig, makeCrew } from "../../support/crew-fixture.js";
import { type DaemonApi, startDaemonApi } from "../../support/daemon-api.js";

let crew: CrewFixture | undefined;
let api: DaemonApi | undefined;
beforeAll(ensureBuilt, 60_000);
afterEach(async () => {
  await api?.daemon.stop("SIGKILL");
  await crew?.cleanup();
  api = crew = undefined;
});

/** Every task file in the crew's inboxes: its id and the CONTEXT it carries. */
async function inboxTasks(root: string): Promise<{ id: string; context: string | undefined }[]> {
  const found: { id: string; context: string | undefined }[] = [];
  for (const inbox of ["for_agent_a", "for_agent_b"])
    for (const name of await readdir(join(root, "coordination", inbox))) {
      if (name.startsWith(".")) continue;
      const parsed = parseTaskFile(await readFile(join(root, "coordination", inbox, name), "utf8"));
      if (!parsed.ok) throw new Error(`${name} does not parse`);
      found.push({ id: taskIdFromFileName(name), context: parsed.value.fields.context });
    }
  return found;
}

describe("adding tasks in parallel", { timeout: 60_000 }, () => {
  it("gives 24 same-text adds in one process 24 files, each with its own request's text", async () => {
    crew = await makeCrew({});
    const config = await crewConfig(crew);
    const context = createCrewContext(crew.root, () => config);
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, index) =>
        addTask(context, {
          agent: index % 2 ? "agent-a" : "agent-b",
          task: "Summarize the notes",
          context: `request ${index}`,
        }),
      ),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    const tasks = await inboxTasks(crew.root);
    expect(tasks.map((task) => task.context).sort()).toEqual(
      Array.from({ length: 24 }, (_, index) => `request ${index}`).sort(),
    );
    expect(new Set(tasks.map((task) => task.id)).size).toBe(24); // ids never repeat, across inboxes too
    for (const result of results)
      if (result.ok) expect(tasks.find((task) => task.id === result.id)).toBeDefined();
  });

  it("gives 12 parallel POST /api/addTask and 8 parallel `task add` processes a file each, ids unique", async () => {
    crew = await makeCrew({
      worker: { command: "true" },
      agents: { "agent-a": { concurrency: 0 }, "agent-b": { concurrency: 0 } },
    });
    const root = crew.root;
    api = await startDaemonApi(root);
    const daemon = api;
    const [viaApi, viaCli] = await Promise.all([
      Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          daemon.post("addTask", { agent: "agent-a", task: "Same words", context: `api ${index}` }),
        ),
      ),
      Promise.all(
        Array.from({ length: 8 }, (_, index) =>
          startCli([
            "task",
            "add",
            "--to",
            index % 2 ? "agent-a" : "agent-b",
            "--context",
            `cli ${index}`,
            "--root",
            root,
            "Same words",
          ]),
        ),
      ),
    ]);
    expect(viaApi.map((reply) => reply.status)).toEqual(viaApi.map(() => 200));
    expect(viaApi.map((reply) => reply.body)).toEqual(
      viaApi.map(() => expect.objectContaining({ ok: true })),
    );
    expect(viaCli.map((result) => result.stderr)).toEqual(viaCli.map(() => ""));
    const tasks = await inboxTasks(root);
    expect(tasks.map((task) => task.context).sort()).toEqual(
      [
        ...Array.from({ length: 12 }, (_, i) => `api ${i}`),
        ...Array.from({ length: 8 }, (_, i) => `cli ${i}`),
      ].sort(),
    );
    expect(new Set(tasks.map((task) => task.id)).size).toBe(20);
  });
});
