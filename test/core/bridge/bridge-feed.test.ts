import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BridgeFeed } from "../../../core/bridge/bridge-feed.js";
import type { BridgeService, CrewChange } from "../../../core/bridge/bridge-service.js";
import type { BridgeEvent } from "../../../shared/bridge.js";
import { emptyProgress } from "../../../shared/worker-stream.js";
import { makeStatus, makeWorker } from "../../support/status-fixture.js";

afterEach(() => vi.useRealTimers());

/** A service whose changes the test emits and whose status() calls it counts. */
function standInService() {
  const emitter = new EventEmitter<{ change: [CrewChange] }>();
  let statusCalls = 0;
  const service = Object.assign(emitter, {
    root: "/crew",
    status: async () => {
      statusCalls++;
      return makeStatus();
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

  it("turns a burst of changes into one snapshot for every window", async () => {
    vi.useFakeTimers();
    const { service, statusCalls } = standInService();
    const feed = new BridgeFeed(service, { snapshotDelayMs: 50 });
    const a: BridgeEvent[] = [];
    const b: BridgeEvent[] = [];
    feed.subscribe((event) => a.push(event));
    feed.subscribe((event) => b.push(event));
    await vi.advanceTimersByTimeAsync(0);
    for (let index = 0; index < 10; index++) service.emit("change", { kind: "status" });
    service.emit("change", { kind: "heartbeat" });
    await vi.advanceTimersByTimeAsync(60);
    expect(statusCalls()).toBe(3); // one per subscriber at subscribe, one for the burst
    expect(a.filter((event) => event.kind === "status")).toHaveLength(2);
    expect(b.filter((event) => event.kind === "status")).toHaveLength(2);
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
