/** The task-file fields the new-task form and a waiting task's edit form both offer. */
import { PRIORITIES, type Priority } from "../../../shared/task-file.js";
import { TIER_NAMES, TIERS } from "../../format.js";

export function PrioritySelect({
  value,
  onChange,
}: {
  value: Priority;
  onChange: (value: Priority) => void;
}) {
  return (
    <label>
      Priority
      <select value={value} onChange={(event) => onChange(event.target.value as Priority)}>
        {PRIORITIES.map((name) => (
          <option key={name}>{name}</option>
        ))}
      </select>
    </label>
  );
}

/** One option per tier, named (the first option, "let the router pick", is the caller's). */
export function TierOptions() {
  return TIERS.map((tier) => (
    <option key={tier} value={tier}>
      {tier} · {TIER_NAMES[tier]}
    </option>
  ));
}

export function ExpectedOutputInput({
  value,
  onChange,
}: {
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label>
      Expected output
      <input
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder="outputs/result.md"
      />
    </label>
  );
}
