/**
 * Ids and names from the window or the API never reach outside the crew root: every request
 * that names a task or a lock is checked against the id grammar before any path is built, and
 * a malformed URL is a client error, not a crash.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CrewService } from "../../core/crew-service.js";
import { type HeadlessHost, startHeadlessHost } from "../../hosts/headless/host.js";
import { type CrewFixture, makeCrew } from "../support/crew-fixture.js";

let crew: CrewFixture;
let outside: string;
let service: CrewService;
let host: HeadlessHost;

beforeAll(async () => {
  crew = await makeCrew({ notifications: { desktop: false } });
  outside = await mkdtemp(join(tmpdir(), "switchyard-outside-"));
  await writeFile(join(outside, "secret.md"), "TASK: the neighbour's secret\n");
  await mkdir(join(crew.root, ".switchyard/runs/x"), { recursive: true });
  service = await CrewService.open(crew.root, { watch: false, channels: [] });
  host = await startHeadlessHost({ service, port: 0 });
});

afterAll(async () => {
  await host.close();
  await service.stop();
  await crew.cleanup();
  await rm(outside, { recursive: true, force: true });
});

const post = async (name: string, body: unknown) => {
  const response = await fetch(`${host.url}api/${name}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${host.token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
};

/** Ways out of the root: up from any task folder, and up then back down to the neighbour. */
const escapes = (file: string) => [
  `${"../".repeat(12)}${outside.slice(1)}/${file}`,
  `../../../${outside.split("/").at(-1)}/${file}`,
];

describe("request ids", () => {
  it("refuses a task id that is a path, for every request that takes one, and reads and moves nothing", async () => {
    for (const id of escapes("secret"))
      for (const name of ["taskDetail", "retry", "approve", "queue", "reject"]) {
        const reply = await post(name, { id });
        expect(reply.status, `${name} ${id}`).toBe(400);
        expect(reply.text).toMatch(/not a task id/);
        expect(reply.text).not.toContain("neighbour");
      }
    expect(await readFile(join(outside, "secret.md"), "utf8")).toBe("TASK: the neighbour's secret\n");
    expect(await readdir(join(crew.root, "coordination/for_agent_a"))).toEqual([]);
  });

  it("answers nothing from outside the root when the core is called directly with such an id", async () => {
    for (const id of escapes("secret")) {
      expect(await service.taskDetail(id)).toBeUndefined();
      expect(await service.retry(id)).toMatchObject({ ok: false });
    }
    expect(await readFile(join(outside, "secret.md"), "utf8")).toBe("TASK: the neighbour's secret\n");
  });

  it("refuses a lock file name that is a path", async () => {
    const reply = await post("releaseLock", { file: "../../SHARED_MIND.md" });
    expect(reply.status).toBe(400);
    expect(await crew.read("SHARED_MIND.md")).toContain("SHARED_MIND");
  });

  it("answers 400, without a stack trace, to a GET of a malformed percent-encoded path", async () => {
    for (const path of ["/%E0%A4%A", "/assets/%", "/%ZZ"]) {
      const response = await fetch(`${host.url.slice(0, -1)}${path}`);
      expect(response.status, path).toBe(400);
      expect(await response.text()).not.toMatch(/at .*\.js:\d+/);
    }
  });
});
