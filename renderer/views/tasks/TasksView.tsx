/**
 * Every task by stage, in one virtualized list (smooth at 10,000 tasks): awaiting approval,
 * running, the inboxes, failed and completed. Arrow keys (or j/k) move between tasks; Enter
 * opens one in the detail pane.
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { useNow } from "../../components/use-now.js";
import { useCrew } from "../../store/store-context.js";
import { CreateTaskForm } from "./CreateTaskForm.js";
import { TaskDetailPanel } from "./TaskDetailPanel.js";
import { TaskRowView } from "./TaskRowView.js";
import {
  countsOf,
  groupTasks,
  rowTaskId,
  TASK_GROUPS,
  type TaskGroup,
  type TaskRow,
  taskRows,
} from "./task-rows.js";
import "./tasks.css";

const GROUP_LABELS: Record<TaskGroup, string> = {
  all: "All",
  approval: "Approval",
  running: "Running",
  queued: "Inboxes",
  completed: "Completed",
  failed: "Failed",
};

/**
 * Each kind of row has a fixed height (its lines never wrap), so the list needs no measuring:
 * the first screen of 10,000 tasks costs the same as the first screen of ten.
 */
const ROW_HEIGHT: Record<TaskRow["kind"], number> = {
  section: 36,
  approval: 60,
  running: 124,
  queued: 56,
  archived: 56,
};

export function TasksView() {
  const status = useCrew((state) => state.status);
  const workers = useCrew((state) => state.workers);
  const logTails = useCrew((state) => state.logTails);
  const selected = useCrew((state) => state.selectedTaskId);
  const select = useCrew((state) => state.selectTask);
  const [group, setGroup] = useState<TaskGroup>("all");
  const [text, setText] = useState("");
  const [creating, setCreating] = useState(false);
  const deferredText = useDeferredValue(text);
  const now = useNow(1000);

  const grouped = useMemo(
    () => (status ? groupTasks(status, workers, deferredText) : undefined),
    [status, workers, deferredText],
  );
  const counts = useMemo(() => (grouped ? countsOf(grouped) : undefined), [grouped]);
  const rows = useMemo(() => (grouped ? taskRows(grouped, group) : []), [grouped, group]);
  const agents = useMemo(() => Object.keys(status?.pending ?? {}), [status]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => ROW_HEIGHT[rows[index]?.kind ?? "queued"],
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: 8,
  });

  // The row to focus once it is rendered (it may be off-screen until the scroll lands).
  const pendingFocus = useRef<number | undefined>(undefined);
  const [, setFocusRequest] = useState(0);
  useEffect(() => {
    if (pendingFocus.current === undefined) return;
    const button = scrollRef.current?.querySelector<HTMLElement>(
      `[data-index="${pendingFocus.current}"] .row-open`,
    );
    if (!button) return;
    button.focus();
    pendingFocus.current = undefined;
  });

  function onListKey(event: KeyboardEvent<HTMLDivElement>) {
    const step =
      event.key === "ArrowDown" || event.key === "j"
        ? 1
        : event.key === "ArrowUp" || event.key === "k"
          ? -1
          : 0;
    if (step === 0 || rows.length === 0) return;
    event.preventDefault();
    const from = Number(
      (document.activeElement?.closest("[data-index]") as HTMLElement | null)?.dataset.index ?? -1,
    );
    let next = from + step;
    while (rows[next]?.kind === "section") next += step;
    if (next < 0 || next >= rows.length) return;
    virtualizer.scrollToIndex(next, { align: "auto" });
    pendingFocus.current = next;
    setFocusRequest((count) => count + 1);
  }

  if (!status || !counts) return <p className="empty">Waiting for the crew's first snapshot…</p>;
  return (
    <div className={`tasks${selected ? " with-detail" : ""}`}>
      <div className="tasks-main">
        <div className="toolbar">
          {/* biome-ignore lint/a11y/useSemanticElements: a segmented filter of toggle buttons */}
          <div className="segmented" role="group" aria-label="Show tasks">
            {TASK_GROUPS.map((name) => (
              <button key={name} type="button" aria-pressed={group === name} onClick={() => setGroup(name)}>
                {GROUP_LABELS[name]} <span className="count numeric">{counts[name]}</span>
              </button>
            ))}
          </div>
          <input
            type="search"
            className="search"
            aria-label="Filter tasks"
            placeholder="Filter by text, id or agent"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
          <button
            type="button"
            className="primary"
            aria-expanded={creating}
            onClick={() => setCreating(!creating)}
          >
            New task
          </button>
        </div>
        {creating ? <CreateTaskForm agents={agents} onDone={() => setCreating(false)} /> : null}
        {/* biome-ignore lint/a11y/noStaticElementInteractions: arrow keys move focus between the rows' buttons */}
        <div className="task-scroll" ref={scrollRef} onKeyDown={onListKey}>
          <ul aria-label="Tasks" className="task-list" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              return (
                <li
                  key={item.key}
                  data-index={item.index}
                  className="task-slot"
                  style={{ height: item.size, transform: `translateY(${item.start}px)` }}
                >
                  {row.kind === "section" ? (
                    <h3 className="section-title">
                      {row.title} <span className="count numeric">{row.count}</span>
                    </h3>
                  ) : (
                    <TaskRowView
                      row={row}
                      selected={rowTaskId(row) === selected}
                      now={now}
                      logTail={row.kind === "running" ? logTails[row.id] : undefined}
                      onOpen={select}
                    />
                  )}
                </li>
              );
            })}
          </ul>
          {rows.length === 0 ? (
            <p className="empty list-empty">
              {text ? (
                "No tasks match the filter."
              ) : (
                <>
                  No tasks yet. Add one with <strong>New task</strong>, drop a file into{" "}
                  <code>coordination/for_{(agents[0] ?? "agent-a").replace(/-/g, "_")}/</code> (a first line{" "}
                  <code>TASK: what to do</code> is enough), or run{" "}
                  <code>switchyard task add --to {agents[0] ?? "agent-a"} "what to do"</code>.
                </>
              )}
            </p>
          ) : null}
        </div>
      </div>
      {selected ? <TaskDetailPanel key={selected} id={selected} /> : null}
    </div>
  );
}
