/**
 * A patch carries exactly what changed: applying the diff of two snapshots to the first gives
 * the second, lists in the status's own order, and a status that did not change gives no patch.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ArchivedTask, Status, TaskSummary } from "../../shared/status.js";
import { applyStatusPatch, diffStatus, isEmptyPatch, StatusPatchSchema } from "../../shared/status-patch.js";
import { makeStatus, makeTask } from "../support/status-fixture.js";

const ids = fc.uniqueArray(fc.constantFrom(...Array.from({ length: 12 }, (_, index) => `t${index}`)));
const minute = fc
  .integer({ min: 0, max: 59 })
  .map((m) => `2026-04-09T21:${String(m).padStart(2, "0")}:00.000Z`);

const tasks = (agent: string) =>
  fc
    .tuple(
      ids,
      fc.array(minute, { minLength: 12, maxLength: 12 }),
      fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
    )
    .map(([chosen, times, waits]) =>
      chosen.map(
        (id, index): TaskSummary =>
          makeTask(id, {
            agent,
            createdAt: times[index] ?? "",
            ...(waits[index] ? { waitingFor: "waiting for lock repo" } : {}),
          }),
      ),
    );

const archived = fc.tuple(ids, fc.array(minute, { minLength: 12, maxLength: 12 })).map(([chosen, times]) =>
  chosen.map(
    (id, index): ArchivedTask => ({
      id,
      file: `coordination/completed/${id}.md`,
      finishedAt: times[index] ?? "",
    }),
  ),
);

/** A status as a host builds it: lists in order. */
const statusArbitrary: fc.Arbitrary<Status> = fc
  .record({
    inboxes: fc.subarray(["agent-a", "agent-b", "agent-c"]),
    a: tasks("agent-a"),
    b: tasks("agent-b"),
    approval: tasks("agent-a"),
    completed: archived,
    problems: fc.array(fc.constantFrom("x", "y"), { maxLength: 2 }),
  })
  .map((drawn) => {
    const byCreation = (x: TaskSummary, y: TaskSummary) =>
      x.createdAt.localeCompare(y.createdAt) || x.id.localeCompare(y.id);
    const lists: Record<string, TaskSummary[]> = { "agent-a": drawn.a, "agent-b": drawn.b, "agent-c": [] };
    return makeStatus({
      pending: Object.fromEntries(
        drawn.inboxes.map((agent) => [agent, [...(lists[agent] ?? [])].sort(byCreation)]),
      ),
      awaitingApproval: [...drawn.approval].sort(byCreation),
      completed: [...drawn.completed].sort(
        (x, y) => y.finishedAt.localeCompare(x.finishedAt) || x.id.localeCompare(y.id),
      ),
      problems: drawn.problems,
    });
  });

describe("status patches", () => {
  it("bring a snapshot to the next one exactly", () => {
    fc.assert(
      fc.property(statusArbitrary, statusArbitrary, (before, after) => {
        const patch = diffStatus(before, after);
        expect(StatusPatchSchema.parse(JSON.parse(JSON.stringify(patch)))).toEqual(patch);
        expect(applyStatusPatch(before, patch)).toEqual(after);
      }),
    );
  });

  it("are empty when nothing changed, and carry only the rows that did", () => {
    fc.assert(
      fc.property(statusArbitrary, (status) => {
        expect(isEmptyPatch(diffStatus(status, structuredClone(status)))).toBe(true);
      }),
    );
    const before = makeStatus({ pending: { "agent-a": [makeTask("a"), makeTask("b")] } });
    const after = makeStatus({ pending: { "agent-a": [makeTask("b"), makeTask("c")] } });
    expect(diffStatus(before, after)).toEqual({
      set: {},
      lists: [{ list: "pending/agent-a", removed: ["a"], upserted: [makeTask("c")] }],
    });
  });
});
