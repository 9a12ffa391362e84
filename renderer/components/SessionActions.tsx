/**
 * The operator's answers to a session: Allow once / Allow for this task / Deny for a tool call
 * waiting for permission, and "Go to pane" for a session in tmux. The same buttons wherever the
 * request appears (Sessions, Overview, the tray popover).
 */
import type { PermissionDecision } from "../../shared/sessions.js";
import { useCrew } from "../store/store-context.js";
import { useAction } from "./TaskActions.js";

const ANSWERS: { decision: PermissionDecision; label: string; done: string; className?: string }[] = [
  { decision: "allow-once", label: "Allow once", done: "Allowed once", className: "primary" },
  { decision: "allow-task", label: "Allow for this task", done: "Allowed for the rest of the task" },
  { decision: "deny", label: "Deny", done: "Denied", className: "danger" },
];

export function PermissionActions({ id, title, inPane }: { id: string; title: string; inPane?: boolean }) {
  const act = useCrew((state) => state.act);
  const { disabled, run } = useAction();
  const answer = (decision: PermissionDecision, done: string) =>
    run(() => act("answerPermission", { id, decision }, done));
  return (
    // biome-ignore lint/a11y/useSemanticElements: a toolbar of buttons, not a form group
    <div className="actions" role="group" aria-label={`Answer: ${title}`}>
      {ANSWERS.map((one) => {
        const label = inPane && one.decision === "allow-task" ? "Allow for this session" : one.label;
        return (
          <button
            key={one.decision}
            type="button"
            className={one.className}
            disabled={disabled}
            aria-label={`${label}: ${title}`}
            onClick={() => answer(one.decision, one.done)}
          >
            {label}
          </button>
        );
      })}
    </div>
  );
}

export function FocusPaneAction({ id, label }: { id: string; label: string }) {
  const act = useCrew((state) => state.act);
  const { disabled } = useAction();
  return (
    <button
      type="button"
      disabled={disabled}
      aria-label={`Go to the pane of ${label}`}
      onClick={() => act("focusSession", { id }, `Brought ${label} forward`)}
    >
      Go to pane
    </button>
  );
}
