import { describe, expect, it } from "vitest";
import { appendLogTail, LOG_TAIL_LINES, nextLogLines } from "../../renderer/store/log-tail.js";
import { createCrewStore } from "../../renderer/store/crew-store.js";
import { emptyProgress } from "../../shared/worker-stream.js";
import { diffStatus } from "../../shared/status-patch.js";
import { fakeBridge, makeStatus, makeTask, makeWorker } from "./crew-fixtures.js";

describe("the crew store", () => {
  it("takes its state only from the event stream: the first status event is the snapshot", () => {
    const bridge = fakeBridge();
    const store = createCrewStore(bridge);
    store.getState().connect();
    expect(store.getState().status).toBeUndefined();
    bridge.emit({ kind: "status", status: makeStatus({ workers: [makeWorker("t1")] }) });
    expect(store.getState().status?.root).toBe("/home/op/crew");
    expect(store.getState().connection).toBe("live");
    expect(Object.keys(store.getState().workers)).toEqual(["t1"]);
    expect(bridge.calls.map((call) => call.name)).toEqual(["notifications"]);
  });

  it("brings its snapshot up to date with status patches, and starts again from a whole one when it missed a patch", () => {
    const bridge = fakeBridge();
    let subscriptions = 0;
    const subscribe = bridge.subscribe;
    bridge.subscribe = (...args) => {
      subscriptions++;
      return subscribe(...args);
    };
    const store = createCrewStore(bridge);
    store.getState().connect();
    const before = makeStatus({ pending: { "agent-a": [makeTask("a")] } });
    const after = makeStatus({
      pending: { "agent-a": [makeTask("a"), makeTask("b")] },
      workers: [makeWorker("b")],
    });
    bridge.emit({ kind: "status", status: before, revision: 1 });
    bridge.emit({ kind: "status-patch", from: 1, revision: 2, patch: diffStatus(before, after) });
    expect(store.getState().status).toEqual(after);
    expect(Object.keys(store.getState().workers)).toEqual(["b"]);
    expect(subscriptions).toBe(1);
    bridge.emit({ kind: "status-patch", from: 7, revision: 8, patch: diffStatus(after, before) });
    expect(store.getState().status).toEqual(after); // not applied to the wrong snapshot
    expect(subscriptions).toBe(2); // subscribed again: the feed sends a whole snapshot first
  });

  it("patches a worker's progress and its log tail from progress events", () => {
    const bridge = fakeBridge();
    const store = createCrewStore(bridge);
    store.getState().connect();
    bridge.emit({ kind: "status", status: makeStatus({ workers: [makeWorker("t1")] }) });
    const progress = {
      ...emptyProgress(),
      turns: 2,
      toolCalls: 1,
      lastTool: "Write",
      lines: 3,
      costUsd: 0.02,
    };
    bridge.emit({ kind: "worker-progress", worker: makeWorker("t1", { progress }) });
    expect(store.getState().workers.t1?.progress?.turns).toBe(2);
    expect(store.getState().logTails.t1).toEqual(["→ Write"]);
    bridge.emit({
      kind: "worker-progress",
      worker: makeWorker("t1", { progress: { ...progress, lines: 4, lastLine: "step2" } }),
    });
    expect(store.getState().logTails.t1).toEqual(["→ Write", "step2"]);
  });

  it("starts a worker's log tail from the snapshot when the window opens mid-run", () => {
    const bridge = fakeBridge();
    const store = createCrewStore(bridge);
    store.getState().connect();
    const progress = {
      ...emptyProgress(),
      toolCalls: 1,
      lastTool: "Edit",
      lastText: "Listing 2 updated",
      lines: 5,
    };
    bridge.emit({ kind: "status", status: makeStatus({ workers: [makeWorker("t1", { progress })] }) });
    expect(store.getState().logTails.t1).toEqual(["→ Edit", "Listing 2 updated"]);
  });

  it("forgets a worker once a snapshot no longer lists it", () => {
    const bridge = fakeBridge();
    const store = createCrewStore(bridge);
    store.getState().connect();
    bridge.emit({ kind: "status", status: makeStatus({ workers: [makeWorker("t1")] }) });
    bridge.emit({ kind: "status", status: makeStatus() });
    expect(store.getState().workers).toEqual({});
    expect(store.getState().revision).toBe(2);
  });

  it("keeps notifications newest first, once each", () => {
    const bridge = fakeBridge();
    const store = createCrewStore(bridge);
    store.getState().connect();
    const note = (id: string, at: string) =>
      ({ id, at, kind: "info", priority: "normal", title: id, body: "" }) as const;
    bridge.emit({ kind: "notification", notification: note("a", "2026-04-09T10:00:00Z") });
    bridge.emit({ kind: "notification", notification: note("b", "2026-04-09T11:00:00Z") });
    bridge.emit({ kind: "notification", notification: note("a", "2026-04-09T10:00:00Z") });
    expect(store.getState().notifications.map((notification) => notification.id)).toEqual(["b", "a"]);
  });

  it("words an action's outcome, and a refusal in the core's own words", async () => {
    const store = createCrewStore(fakeBridge({ retry: () => ({ ok: false, reason: 'no failed task "x"' }) }));
    expect(await store.getState().act("approve", { id: "x" }, "Approved x")).toEqual({
      ok: true,
      message: "Approved x",
    });
    await store.getState().act("retry", { id: "x" }, "Sent back");
    expect(store.getState().lastOutcome).toEqual({ ok: false, message: 'no failed task "x"' });
  });
});

describe("the live log tail", () => {
  it("adds a line for a new tool call, a new message and a new output line", () => {
    const before = { ...emptyProgress(), lastTool: "Read", toolCalls: 1, lastText: "Reading" };
    const after = { ...before, lastTool: "Read", toolCalls: 2, lastText: "Writing", lastLine: "x" };
    expect(nextLogLines(before, after)).toEqual(["→ Read", "Writing", "x"]);
    expect(nextLogLines(after, after)).toEqual([]);
  });

  it("keeps only the last lines", () => {
    const long = Array.from({ length: LOG_TAIL_LINES + 5 }, (_, index) => `line ${index}`);
    expect(appendLogTail([], long)).toHaveLength(LOG_TAIL_LINES);
    expect(appendLogTail([], long).at(-1)).toBe(`line ${LOG_TAIL_LINES + 4}`);
  });
});
