import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BridgeFeed } from "../../../core/bridge/bridge-feed.js";
import type { BridgeService, CrewChange } from "../../../core/bridge/bridge-service.js";
import type { BridgeEvent } from "../../../shared/bridge.js";
import { emptyProgress } from "../../../shared/worker-stream.js";
import type { Status } from "../../../shared/status.js";
import { makeStatus, makeTask, makeWorker } from "../../support/status-fixture.js";

afterEach(() => vi.useRealTimers());

/** A service whose changes the test emits and whose status() calls it counts. */
function standInService(status: () => Status | Promise<Status> = () => makeStatus()) {
  const emitter = new EventEmitter<{ change: [CrewChange] }>();
  let statusCalls = 0;
  const service = Object.assign(emitter, {
    root: "/crew",
    status: async () => {
      statusCalls++;
      return status();
    },
  }) as unknown as BridgeService & EventEmitter<{ change: [CrewChange] }>;
  return { service, statusCalls: () => statusCalls };
}

const progressOf = (turns: number) =>
  makeWorker("t1", { progress: { ...emptyProgress(), turns, lines: turns } });

describe("the bridge feed", () => {
  it("sends a new subscriber the snapshot first", async () => {
    const { service } = standInService();
    const feed = new BridgeFeed(service);
    const events: BridgeEvent[] = [];
    feed.subscribe((event) => events.push(event));
    await vi.waitFor(() => expect(events.map((event) => event.kind)).toEqual(["status"]));
    feed.close();
  });

  it("turns a burst of changes into one status build for every window, sent as a patch", async () => {
    vi.useFakeTimers();
    let generation = 0;
    const { service, statusCalls } = standInService(() =>
      makeStatus({ generatedAt: `2026-04-09T21:30:0${generation}.000Z` }),
    );
    const feed = new BridgeFeed(service, { snapshotDelayMs: 50 });
    const a: BridgeEvent[] = [];
    const b: BridgeEvent[] = [];
    feed.subscribe((event) => a.push(event));
    feed.subscribe((event) => b.push(event));
    await vi.advanceTimersByTimeAsync(0);
    generation = 1;
    for (let index = 0; index < 10; index++) service.emit("change", { kind: "status" });
    service.emit("change", { kind: "heartbeat" });
    await vi.advanceTimersByTimeAsync(60);
    expect(statusCalls()).toBe(2); // one for both new windows, one for the burst
    for (const events of [a, b])
      expect(events).toEqual([
        { kind: "status", status: makeStatus({ generatedAt: "2026-04-09T21:30:00.000Z" }), revision: 1 },
        {
          kind: "status-patch",
          from: 1,
          revision: 2,
          patch: { set: { generatedAt: "2026-04-09T21:30:01.000Z" }, lists: [] },
        },
      ]);
    feed.close();
  });

  it("never starts a build while one runs, and builds once more for what changed meanwhile", async () => {
    let release: () => void = () => undefined;
    let running = 0;
    let most = 0;
    let calls = 0;
    const { service } = standInService(async () => {
      calls++;
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      running--;
      return makeStatus({ problems: [`build ${calls}`] });
    });
    const feed = new BridgeFeed(service, { snapshotDelayMs: 1 });
    const events: BridgeEvent[] = [];
    feed.subscribe((event) => events.push(event));
    for (let index = 0; index < 20; index++) {
      service.emit("change", { kind: "status" });
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    release();
    await vi.waitFor(() => expect(calls).toBe(2));
    release();
    await vi.waitFor(() => expect(events).toHaveLength(2));
    expect(most).toBe(1);
    expect(events[1]).toMatchObject({ kind: "status-patch", patch: { set: { problems: ["build 2"] } } });
    feed.close();
  });

  it("sends a window that joins later the whole snapshot, and the others only the change", async () => {
    let pending = [makeTask("a")];
    const { service } = standInService(() => makeStatus({ pending: { "agent-a": pending } }));
    const feed = new BridgeFeed(service, { snapshotDelayMs: 1 });
    const first: BridgeEvent[] = [];
    feed.subscribe((event) => first.push(event));
    await vi.waitFor(() => expect(first).toHaveLength(1));
    pending = [makeTask("a"), makeTask("b")];
    const second: BridgeEvent[] = [];
    feed.subscribe((event) => second.push(event));
    await vi.waitFor(() => expect(second).toHaveLength(1));
    expect(second[0]).toMatchObject({ kind: "status", revision: 2 });
    expect(first[1]).toEqual({
      kind: "status-patch",
      from: 1,
      revision: 2,
      patch: { set: {}, lists: [{ list: "pending/agent-a", removed: [], upserted: [makeTask("b")] }] },
    });
    feed.close();
  });

  it("follows a running worker's progress with a snapshot every few seconds (its spend reaches the meters and the tray)", async () => {
    vi.useFakeTimers();
    const { service, statusCalls } = standInService();
    const feed = new BridgeFeed(service, { liveSnapshotMs: 3000, snapshotDelayMs: 50 });
    const events: BridgeEvent[] = [];
    feed.subscribe((event) => events.push(event));
    await vi.advanceTimersByTimeAsync(0);
    for (let second = 0; second < 7; second++) {
      service.emit("change", { kind: "worker-progress", worker: progressOf(second + 1) });
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(statusCalls()).toBe(1 + 2); // at subscribe, then one per 3 s of progress
    feed.close();
  });

  it("passes a chatty worker's progress on at most once per interval, always ending with the latest", async () => {
    vi.useFakeTimers();
    const { service } = standInService();
    const feed = new BridgeFeed(service, { progressIntervalMs: 250 });
    const turns: number[] = [];
    feed.subscribe(
      (event) => event.kind === "worker-progress" && turns.push(event.worker.progress?.turns ?? -1),
    );
    for (let turn = 1; turn <= 20; turn++) {
      service.emit("change", { kind: "worker-progress", worker: progressOf(turn) });
      await vi.advanceTimersByTimeAsync(20);
    }
    await vi.advanceTimersByTimeAsync(500);
    expect(turns[0]).toBe(1);
    expect(turns.at(-1)).toBe(20);
    expect(turns.length).toBeLessThanOrEqual(4);
    feed.close();
  });

  it("forwards notifications as they come and stops listening when closed", async () => {
    const { service } = standInService();
    const feed = new BridgeFeed(service);
    const events: BridgeEvent[] = [];
    feed.subscribe((event) => events.push(event));
    const notification = {
      id: "1",
      at: "2026-04-09T21:00:00Z",
      kind: "info",
      priority: "low",
      title: "hi",
      body: "",
    } as const;
    service.emit("change", { kind: "notification", notification });
    expect(events).toContainEqual({ kind: "notification", notification });
    feed.close();
    expect(service.listenerCount("change")).toBe(0);
  });
});
