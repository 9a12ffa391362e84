/**
 * LockStore on a real crew root (ARCHITECTURE.md, "Locks"): locks made by hand block the app and the app's
 * locks are what the seed's `ls <resource>-*.lock` sees; stale locks are broken and recorded.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { crewPaths, initCrewRoot } from "../../../core/crew-root.js";
import { LockStore } from "../../../core/locks/lock-store.js";
import { LockSupervisor } from "../../../core/locks/lock-supervisor.js";

let root: string;
let inProgress: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "switchyard-locks-"));
  await initCrewRoot(root);
  inProgress = crewPaths(root).inProgress;
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const store = (staleAfterMinutes = 30) => new LockStore(root, { staleAfterMinutes });
const nowSeconds = () => Math.floor(Date.now() / 1000);
const lockFiles = async () => (await readdir(inProgress)).filter((name) => name.endsWith(".lock")).sort();
const request = (holder: string, extra: Partial<Parameters<LockStore["acquire"]>[0]> = {}) => ({
  resource: "devto",
  holder,
  purpose: "updating articles",
  waitSeconds: 0,
  ...extra,
});

/** `echo "agent-a: updating articles" > in_progress/devto-$(date +%s).lock`, `ageSeconds` ago. */
async function handWrittenLock(ageSeconds = 0, content = "agent-a: updating articles\n", resource = "devto") {
  const name = `${resource}-${nowSeconds() - ageSeconds}.lock`;
  await writeFile(join(inProgress, name), content);
  return name;
}

/** A process id that certainly belonged to a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  if (!child.pid) throw new Error("could not spawn node");
  return child.pid;
}

describe("acquire", () => {
  it("writes <resource>-<unix seconds>.lock with the seed's first line", async () => {
    const before = nowSeconds();
    const result = await store().acquire(request("agent-a"));
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.path.startsWith(`${inProgress}/`)).toBe(true);
    const name = basename(result.path);
    const seconds = Number(/^devto-(\d+)\.lock$/.exec(name)?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(before);
    expect(seconds).toBeLessThanOrEqual(nowSeconds());
    expect((await readFile(result.path, "utf8")).split("\n")[0]).toBe("agent-a: updating articles");
    expect(result.brokeStale).toEqual([]);
  });

  it("records the pid and host of a lock tied to a process", async () => {
    const result = await store().acquire(request("agent-a", { pid: process.pid }));
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(await readFile(result.path, "utf8")).toBe(
      `agent-a: updating articles\npid: ${process.pid}\nhost: ${hostname()}\n`,
    );
  });

  it("refuses a second holder while the first holds the resource", async () => {
    await store().acquire(request("agent-a"));
    const second = await store().acquire(request("agent-b"));
    expect(second).toMatchObject({ ok: false, busy: true });
    if (second.ok || !second.busy) throw new Error("expected busy");
    expect(second.heldBy.map((lock) => lock.holder)).toEqual(["agent-a"]);
    expect(await lockFiles()).toHaveLength(1);
  });

  it("is blocked by a lock written by hand in the seed's way", async () => {
    const name = await handWrittenLock();
    const result = await store().acquire(request("agent-b"));
    if (result.ok || !result.busy) throw new Error(`expected busy, got ${JSON.stringify(result)}`);
    expect(result.heldBy).toMatchObject([
      { file: name, resource: "devto", holder: "agent-a", purpose: "updating articles", stale: false },
    ]);
    expect(await lockFiles()).toEqual([name]);
  });

  it("is not blocked by a lock on another resource, even one whose name starts the same", async () => {
    await handWrittenLock(0, "agent-a: x\n", "devto-drafts");
    await handWrittenLock(0, "agent-a: x\n", "reddit");
    expect((await store().acquire(request("agent-b"))).ok).toBe(true);
  });

  it("breaks a 40-minute-old lock, reports it and records it in the lock history", async () => {
    const old = await handWrittenLock(40 * 60);
    const result = await store().acquire(request("agent-b"));
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.brokeStale).toMatchObject([{ file: old, holder: "agent-a", stale: true }]);
    expect(result.brokeStale[0]?.staleReason).toMatch(/older than 30 min/);
    expect(await lockFiles()).toEqual([basename(result.path)]);
    const history = (await readFile(join(crewPaths(root).appData, "lock-history.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(history).toMatchObject([{ resource: "devto", holder: "agent-a", how: "stale" }]);
  });

  it("breaks a lock whose process is gone", async () => {
    const pid = deadPid();
    await handWrittenLock(5, `agent-a: deploying\npid: ${pid}\nhost: ${hostname()}\n`);
    const result = await store().acquire(request("agent-b"));
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.brokeStale[0]?.staleReason).toMatch(new RegExp(`process ${pid} is gone`));
  });

  it("keeps a lock whose process is alive, and one whose pid is on another host", async () => {
    await handWrittenLock(5, `agent-a: x\npid: ${process.pid}\nhost: ${hostname()}\n`);
    await handWrittenLock(5, `agent-a: x\npid: ${deadPid()}\nhost: not-${hostname()}\n`, "reddit");
    expect(await store().acquire(request("agent-b"))).toMatchObject({ ok: false, busy: true });
    expect(await store().acquire(request("agent-b", { resource: "reddit" }))).toMatchObject({
      ok: false,
      busy: true,
    });
  });

  it("never breaks for age alone a lock whose process on this host is alive; the sweep reports it once", async () => {
    // `switchyard lock run devto -- ./long-deploy.sh`, still running after 40 minutes.
    const live = await handWrittenLock(
      40 * 60,
      `agent-a: long deploy\npid: ${process.pid}\nhost: ${hostname()}\n`,
    );
    expect(await store().acquire(request("agent-b"))).toMatchObject({ ok: false, busy: true });
    const told: string[] = [];
    const supervisor = new LockSupervisor({
      root,
      staleAfterMinutes: () => 30,
      notifier: {
        notify: async (input) => {
          told.push(input.title);
          return { ...input, id: String(told.length), at: new Date().toISOString() };
        },
      },
    });
    expect(await supervisor.sweep()).toEqual([]);
    expect(await supervisor.sweep()).toEqual([]);
    expect(await lockFiles()).toEqual([live]);
    expect(told).toEqual(["Lock devto held 40 min by agent-a (long deploy), still running"]);
  });

  it("waits for a release when asked to wait", async () => {
    const first = await store().acquire(request("agent-a"));
    if (!first.ok) throw new Error("first acquire failed");
    const started = Date.now();
    setTimeout(() => void store().release(first.path), 300);
    const second = await store().acquire(request("agent-b", { waitSeconds: 5 }));
    expect(second.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it("gives up after the wait when the resource stays busy", async () => {
    await handWrittenLock();
    const started = Date.now();
    expect(await store().acquire(request("agent-b", { waitSeconds: 0.4 }))).toMatchObject({ busy: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("refuses a resource name that cannot be a lock file name", async () => {
    for (const resource of ["../etc", "a b", "", "-x", "devto/../x"]) {
      const result = await store().acquire(request("agent-a", { resource }));
      expect(result).toMatchObject({ ok: false, busy: false });
    }
    expect(await lockFiles()).toEqual([]);
  });

  it("lets exactly one of many concurrent acquirers win", async () => {
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, index) => store().acquire(request(`agent-${index}`))),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await lockFiles()).toHaveLength(1);
  });

  it("clears a guard left behind by a dead process, but honours a fresh one", async () => {
    const guard = join(inProgress, ".devto.guard");
    await writeFile(guard, `${process.pid}\n`);
    expect(await store().acquire(request("agent-a"))).toMatchObject({ ok: false, busy: true });
    await writeFile(guard, `${deadPid()}\n`);
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(guard, longAgo, longAgo);
    expect((await store().acquire(request("agent-a", { waitSeconds: 2 }))).ok).toBe(true);
    await expect(stat(guard)).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("list", () => {
  it("lists every lock with holder, purpose, age and staleness, oldest first", async () => {
    const old = await handWrittenLock(40 * 60, "agent-b: stuck\n");
    const fresh = await handWrittenLock(10);
    await writeFile(join(inProgress, "notes.md"), "TASK: not a lock\n");
    const locks = await store().list();
    expect(locks.map((lock) => lock.file)).toEqual([old, fresh]);
    expect(locks[0]).toMatchObject({ holder: "agent-b", purpose: "stuck", stale: true });
    expect(locks[0]?.ageSeconds).toBeGreaterThanOrEqual(40 * 60);
    expect(locks[1]).toMatchObject({ holder: "agent-a", stale: false });
    expect(locks[1]?.ageSeconds).toBeGreaterThanOrEqual(10);
    expect(locks[1]?.ageSeconds).toBeLessThan(15);
    expect(locks[1]?.staleReason).toBeUndefined();
  });

  it("lists a lock whose process is gone as stale without removing it", async () => {
    const name = await handWrittenLock(0, `agent-a: x\npid: ${deadPid()}\n`);
    expect(await store().list()).toMatchObject([{ file: name, stale: true }]);
    expect(await lockFiles()).toEqual([name]);
  });

  it("uses the configured stale limit", async () => {
    await handWrittenLock(6 * 60);
    expect((await store(5).list())[0]?.stale).toBe(true);
    expect((await store(30).list())[0]?.stale).toBe(false);
  });

  it("is empty for a root without in_progress/", async () => {
    await rm(inProgress, { recursive: true });
    expect(await store().list()).toEqual([]);
  });
});

describe("release", () => {
  it("removes the holder's lock by resource and records it", async () => {
    await store().acquire(request("agent-a"));
    const { released, notYours } = await store().release("devto", "agent-a");
    expect(released.map((lock) => lock.holder)).toEqual(["agent-a"]);
    expect(notYours).toEqual([]);
    expect(await lockFiles()).toEqual([]);
    expect(await readFile(join(crewPaths(root).appData, "lock-history.jsonl"), "utf8")).toContain(
      '"how":"released"',
    );
  });

  it("refuses to release a lock held by someone else and leaves it in place", async () => {
    const name = await handWrittenLock();
    const { released, notYours } = await store().release("devto", "agent-b");
    expect(released).toEqual([]);
    expect(notYours.map((lock) => lock.file)).toEqual([name]);
    expect(await lockFiles()).toEqual([name]);
  });

  it("releases any holder's lock when no holder is named, and by path", async () => {
    await handWrittenLock(0, "agent-a: x\n", "devto");
    const reddit = await handWrittenLock(0, "agent-b: y\n", "reddit");
    expect((await store().release("devto")).released).toHaveLength(1);
    expect((await store().release(join(inProgress, reddit))).released).toHaveLength(1);
    expect(await lockFiles()).toEqual([]);
  });

  it("does not release a lock on a resource that only starts with the name", async () => {
    const other = await handWrittenLock(0, "agent-a: x\n", "devto-drafts");
    expect((await store().release("devto")).released).toEqual([]);
    expect(await lockFiles()).toEqual([other]);
  });
});
