/**
 * The headless host's guard and API, over real HTTP on loopback: the token, the DNS-rebinding
 * guard, the Content-Security-Policy, the bridge requests and the event stream.
 */
import { request as httpRequest } from "node:http";
import { mkdtemp, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../cli/main.js";
import { CrewService } from "../../core/crew-service.js";
import { LockStore } from "../../core/locks/lock-store.js";
import { type HeadlessHost, startHeadlessHost } from "../../hosts/headless/host.js";
import { loadOrCreateToken } from "../../hosts/headless/token.js";
import { type CrewFixture, makeCrew, SEED_TASK } from "../support/crew-fixture.js";

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP, so the test controls the Host header (fetch would not let it). */
function send(
  host: HeadlessHost,
  path: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    firstChunkOnly?: boolean;
  } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: "127.0.0.1",
        port: host.port,
        path,
        method: options.method ?? "GET",
        headers: { Host: `127.0.0.1:${host.port}`, ...options.headers },
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          body += chunk;
          if (options.firstChunkOnly && body.includes("\n\ndata: ")) {
            const end = body.indexOf("\n\n", body.indexOf("data: "));
            if (end < 0) return;
            response.destroy();
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
          }
        });
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

const bearer = (host: HeadlessHost) => ({ Authorization: `Bearer ${host.token}` });

let crew: CrewFixture;
let service: CrewService;
let host: HeadlessHost;

beforeAll(async () => {
  crew = await makeCrew({});
  await crew.drop("for_agent_b", "seed.md", SEED_TASK);
  await new LockStore(crew.root, { staleAfterMinutes: 30 }).acquire({
    resource: "listings",
    holder: "agent-a",
    purpose: "editing",
    waitSeconds: 0,
  });
  const rendererDir = await mkdtemp(join(tmpdir(), "switchyard-renderer-"));
  await writeFile(
    join(rendererDir, "index.html"),
    '<!doctype html><script type="module" src="./assets/app.js"></script>',
  );
  service = await CrewService.open(crew.root, { watch: false });
  host = await startHeadlessHost({ service, port: 0, rendererDir });
});

afterAll(async () => {
  await host.close();
  await crew.cleanup();
});

describe("the headless host", () => {
  it("listens on 127.0.0.1 and gives the dashboard address with the token in the fragment", () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/`);
    expect(host.dashboardUrl).toBe(`${host.url}#token=${host.token}`);
  });

  it("keeps the token in .switchyard/token, readable by its owner only, and reuses it", async () => {
    const info = await stat(join(crew.root, ".switchyard", "token"));
    expect(info.mode & 0o777).toBe(0o600);
    expect(await loadOrCreateToken(crew.root)).toBe(host.token);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it("answers 401 to an API call without the token, or with a wrong one", async () => {
    expect((await send(host, "/api/status")).status).toBe(401);
    expect((await send(host, "/api/status", { headers: { Authorization: "Bearer nope" } })).status).toBe(401);
    expect((await send(host, "/api/events")).status).toBe(401);
    expect((await send(host, "/api/approve", { method: "POST", body: '{"id":"x"}' })).status).toBe(401);
  });

  it("answers 403 to a Host or Origin that is not this loopback port, token or not", async () => {
    const evilHost = await send(host, "/api/status", {
      headers: { ...bearer(host), Host: `evil.example:${host.port}` },
    });
    expect(evilHost.status).toBe(403);
    expect((await send(host, "/", { headers: { Host: "attacker.test" } })).status).toBe(403);
    expect(
      (await send(host, "/api/status", { headers: { ...bearer(host), Host: `localhost:${host.port + 1}` } }))
        .status,
    ).toBe(403);
    const evilOrigin = await send(host, "/api/status", {
      headers: { ...bearer(host), Origin: "http://evil.example" },
    });
    expect(evilOrigin.status).toBe(403);
    expect(
      (
        await send(host, "/api/status", {
          headers: {
            ...bearer(host),
            Host: `localhost:${host.port}`,
            Origin: `http://localhost:${host.port}`,
          },
        })
      ).status,
    ).toBe(200);
    expect(
      (await send(host, "/api/status", { headers: { ...bearer(host), Host: `[::1]:${host.port}` } })).status,
    ).toBe(200);
  });

  it("serves the page with a strict Content-Security-Policy", async () => {
    const page = await send(host, "/");
    expect(page.status).toBe(200);
    const csp = String(page.headers["content-security-policy"]);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers["x-content-type-options"]).toBe("nosniff");
    expect((await send(host, "/../../etc/passwd")).status).toBe(404);
    // A malformed escape is the client's mistake (it used to throw, and answer 500).
    expect((await send(host, "/%E0%A4%A")).status).toBe(400);
  });

  it("says start at login belongs to the tray app", async () => {
    const reply = await send(host, "/api/loginItem", { method: "POST", headers: bearer(host), body: "{}" });
    expect(JSON.parse(reply.body)).toMatchObject({
      applicable: false,
      reason: expect.stringMatching(/tray app/),
    });
  });

  it("answers GET /api/status with what `status --json` prints", async () => {
    let printed = "";
    await runCli(["status", "--json", "--root", crew.root], {
      out: (text) => {
        printed += text;
      },
      err: () => undefined,
      env: {},
      cwd: crew.root,
    });
    const fromApi = await send(host, "/api/status", { headers: bearer(host) });
    expect(fromApi.status).toBe(200);
    const comparable = (text: string) => {
      const status = JSON.parse(text);
      status.generatedAt = "(now)";
      for (const lock of status.locks) lock.ageSeconds = 0;
      return status;
    };
    expect(comparable(fromApi.body)).toEqual(comparable(printed));
    expect(comparable(fromApi.body).pending["agent-b"][0].id).toBe("seed");
  });

  it("carries the bridge's requests as POST /api/<name>, refusing bad params and unknown names", async () => {
    const added = await send(host, "/api/addTask", {
      method: "POST",
      headers: { ...bearer(host), "Content-Type": "application/json" },
      body: JSON.stringify({ agent: "agent-a", task: "Summarise the logs" }),
    });
    expect(added.status).toBe(200);
    expect(JSON.parse(added.body)).toMatchObject({ ok: true });
    const bad = await send(host, "/api/approve", {
      method: "POST",
      headers: bearer(host),
      body: JSON.stringify({ id: 7 }),
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toContain("id");
    expect(
      (await send(host, "/api/selfDestruct", { method: "POST", headers: bearer(host), body: "{}" })).status,
    ).toBe(404);
    expect((await send(host, "/api/approve", { headers: bearer(host) })).status).toBe(405);
    const detail = await send(host, "/api/taskDetail", {
      method: "POST",
      headers: bearer(host),
      body: JSON.stringify({ id: "seed" }),
    });
    expect(JSON.parse(detail.body).text).toContain("TASK: Update all ClawMart listings");
  });

  it("streams events as Server-Sent Events, starting with the snapshot (token in the query)", async () => {
    const stream = await send(host, `/api/events?token=${host.token}`, { firstChunkOnly: true });
    expect(stream.status).toBe(200);
    expect(stream.headers["content-type"]).toContain("text/event-stream");
    const first = JSON.parse(/data: (.*)\n\n/.exec(stream.body)?.[1] ?? "{}");
    expect(first.kind).toBe("status");
    expect(first.status.root).toBe(crew.root);
  });
});
