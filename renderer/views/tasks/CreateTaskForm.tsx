/** Drops a new task in an agent's inbox, as `switchyard task add` does. */
import { type FormEvent, useState } from "react";
import type { Priority } from "../../../shared/task-file.js";
import { useCrew } from "../../store/store-context.js";
import { ExpectedOutputInput, PrioritySelect, TierOptions } from "./TaskFieldInputs.js";

export function CreateTaskForm({ agents, onDone }: { agents: string[]; onDone: () => void }) {
  const act = useCrew((state) => state.act);
  const [agent, setAgent] = useState(agents[0] ?? "");
  const [task, setTask] = useState("");
  const [priority, setPriority] = useState<Priority>("normal");
  const [expectedOutput, setExpectedOutput] = useState("");
  const [context, setContext] = useState("");
  const [tier, setTier] = useState("");
  const [approvalRequired, setApprovalRequired] = useState(false);
  const [problem, setProblem] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const outcome = await act(
      "addTask",
      {
        agent,
        task,
        priority,
        approvalRequired,
        ...(expectedOutput.trim() ? { expectedOutput: expectedOutput.trim() } : {}),
        ...(context.trim() ? { context: context.trim() } : {}),
        ...(tier === "" ? {} : { tier: Number(tier) }),
      },
      `Added a task for ${agent}`,
    );
    if (outcome.ok) onDone();
    else setProblem(outcome.message);
  }

  return (
    <form className="create-task panel" aria-label="New task" onSubmit={submit}>
      <div className="form-grid">
        <label>
          Agent
          <select value={agent} onChange={(event) => setAgent(event.target.value)} required>
            {agents.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <PrioritySelect value={priority} onChange={setPriority} />
        <label>
          Tier
          <select value={tier} onChange={(event) => setTier(event.target.value)}>
            <option value="">let the router pick</option>
            <TierOptions />
          </select>
        </label>
        <label className="wide">
          Task
          <textarea
            value={task}
            onChange={(event) => setTask(event.target.value)}
            rows={2}
            required
            placeholder="What to do"
          />
        </label>
        <label className="wide">
          Context
          <textarea
            value={context}
            onChange={(event) => setContext(event.target.value)}
            rows={2}
            placeholder="Why, and what the worker needs to know"
          />
        </label>
        <ExpectedOutputInput value={expectedOutput} onChange={setExpectedOutput} />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={approvalRequired}
            onChange={(event) => setApprovalRequired(event.target.checked)}
          />
          Ask me before it runs
        </label>
      </div>
      {problem ? (
        <p className="fail-text" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={!task.trim() || !agent}>
          Add task
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
