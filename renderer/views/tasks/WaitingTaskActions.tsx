/**
 * What the operator can do with a task that waits in an inbox, queued or held: run it now,
 * approve it past a hold, give it another tier, edit it, or cancel it to failed/ with a reason.
 * The same core functions as `switchyard task run-now|approve|tier|edit|cancel`.
 */
import { type FormEvent, useState } from "react";
import type { TaskSummary } from "../../../shared/status.js";
import type { TaskEdit } from "../../../shared/task-edit.js";
import type { Priority, TaskFields } from "../../../shared/task-file.js";
import { RunNowAction, useAction } from "../../components/TaskActions.js";
import { useCrew } from "../../store/store-context.js";
import { ExpectedOutputInput, PrioritySelect, TierOptions } from "./TaskFieldInputs.js";

function TierChoice({ task }: { task: TaskSummary }) {
  const act = useCrew((state) => state.act);
  const { disabled, run } = useAction();
  return (
    <label className="inline-field">
      Tier
      <select
        aria-label={`Tier of ${task.task}`}
        disabled={disabled}
        value={task.tier === undefined ? "" : String(task.tier)}
        onChange={(event) => {
          const tier = event.target.value === "" ? null : Number(event.target.value);
          void run(() =>
            act(
              "editTask",
              { id: task.id, edit: { tier } },
              tier === null ? `${task.id}: the router picks its tier` : `${task.id} runs on tier ${tier}`,
            ),
          );
        }}
      >
        <option value="">router's pick{task.route ? ` (now ${task.route.tier})` : ""}</option>
        <TierOptions />
      </select>
    </label>
  );
}

function EditForm({
  task,
  fields,
  onDone,
}: {
  task: TaskSummary;
  fields: TaskFields | undefined;
  onDone: () => void;
}) {
  const act = useCrew((state) => state.act);
  const { disabled, run } = useAction();
  const [text, setText] = useState(task.task);
  const [priority, setPriority] = useState<Priority>(task.priority);
  const [context, setContext] = useState(fields?.context ?? "");
  const [expectedOutput, setExpectedOutput] = useState(fields?.expectedOutput ?? "");
  const [deadline, setDeadline] = useState(fields?.deadline ?? "");
  const [problem, setProblem] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const edit: TaskEdit = {
      task: text,
      priority,
      context: context.trim() || null,
      expectedOutput: expectedOutput.trim() || null,
      deadline: deadline.trim() || null,
    };
    void run(async () => {
      const outcome = await act("editTask", { id: task.id, edit }, `Saved ${task.id}`);
      if (outcome.ok) onDone();
      else setProblem(outcome.message);
    });
  };
  return (
    <form className="edit-task" aria-label={`Edit ${task.task}`} onSubmit={submit}>
      <label>
        Task
        <textarea rows={2} value={text} onChange={(event) => setText(event.target.value)} required />
      </label>
      <PrioritySelect value={priority} onChange={setPriority} />
      <label>
        Context
        <textarea rows={2} value={context} onChange={(event) => setContext(event.target.value)} />
      </label>
      <ExpectedOutputInput value={expectedOutput} onChange={setExpectedOutput} />
      <label>
        Deadline
        <input
          value={deadline}
          onChange={(event) => setDeadline(event.target.value)}
          placeholder="2026-05-01T18:00 or free text"
        />
      </label>
      {problem ? (
        <p className="fail-text" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={disabled || !text.trim()}>
          Save
        </button>
        <button type="button" onClick={onDone}>
          Keep as it is
        </button>
      </div>
    </form>
  );
}

function CancelForm({ task, onDone }: { task: TaskSummary; onDone: () => void }) {
  const act = useCrew((state) => state.act);
  const { disabled, run } = useAction();
  const [reason, setReason] = useState("");
  return (
    <form
      className="cancel-task"
      aria-label={`Cancel ${task.task}`}
      onSubmit={(event) => {
        event.preventDefault();
        void run(async () => {
          const outcome = await act(
            "cancel",
            { id: task.id, ...(reason.trim() ? { reason: reason.trim() } : {}) },
            `Cancelled ${task.id}`,
          );
          if (outcome.ok) onDone();
        });
      }}
    >
      <label>
        Why (kept in the failed task's footer)
        <input
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          placeholder="no longer needed"
        />
      </label>
      <div className="actions">
        <button type="submit" className="danger" disabled={disabled}>
          Cancel the task
        </button>
        <button type="button" onClick={onDone}>
          Keep it
        </button>
      </div>
    </form>
  );
}

export function WaitingTaskActions({ task, fields }: { task: TaskSummary; fields: TaskFields | undefined }) {
  const act = useCrew((state) => state.act);
  const { disabled, run } = useAction();
  const [open, setOpen] = useState<"edit" | "cancel">();
  return (
    <div className="waiting-actions">
      {/* biome-ignore lint/a11y/useSemanticElements: a toolbar of buttons, not a form group */}
      <div className="actions" role="group" aria-label={`Act on ${task.task}`}>
        <RunNowAction id={task.id} title={task.task} />
        {task.heldBy ? (
          <button
            type="button"
            disabled={disabled}
            aria-label={`Approve ${task.task} past its hold`}
            onClick={() => run(() => act("approve", { id: task.id }, `Approved ${task.id}`))}
          >
            Approve
          </button>
        ) : null}
        <TierChoice task={task} />
        <button
          type="button"
          aria-expanded={open === "edit"}
          disabled={disabled}
          onClick={() => setOpen(open === "edit" ? undefined : "edit")}
        >
          Edit
        </button>
        <button
          type="button"
          className="danger"
          aria-expanded={open === "cancel"}
          disabled={disabled}
          onClick={() => setOpen(open === "cancel" ? undefined : "cancel")}
        >
          Cancel…
        </button>
      </div>
      {open === "edit" ? <EditForm task={task} fields={fields} onDone={() => setOpen(undefined)} /> : null}
      {open === "cancel" ? <CancelForm task={task} onDone={() => setOpen(undefined)} /> : null}
    </div>
  );
}
