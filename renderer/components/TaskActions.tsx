/**
 * The operator's decisions on a task, the same buttons wherever a task appears (Tasks,
 * Overview alerts, notifications, the tray popover): Approve / Queue / Reject for a task at
 * the approval gate, Retry for a failed one. Every action waits while the host does not
 * answer (the frame says why), so a click never goes nowhere.
 */
import { useState } from "react";
import { canAct } from "../store/crew-store.js";
import { useCrew } from "../store/store-context.js";

/** Runs an action while keeping its buttons disabled; disabled too while the host is away. */
export function useAction(): {
  busy: boolean;
  disabled: boolean;
  run: (action: () => Promise<unknown>) => Promise<void>;
} {
  const live = useCrew(canAct);
  const [busy, setBusy] = useState(false);
  return {
    busy,
    disabled: busy || !live,
    async run(action) {
      setBusy(true);
      try {
        await action();
      } finally {
        setBusy(false);
      }
    },
  };
}

export function ApprovalActions({ id, title }: { id: string; title: string }) {
  const act = useCrew((state) => state.act);
  const { disabled, run } = useAction();
  return (
    // biome-ignore lint/a11y/useSemanticElements: a toolbar of buttons, not a form group
    <div className="actions" role="group" aria-label={`Decide on ${title}`}>
      <button
        type="button"
        className="primary"
        disabled={disabled}
        aria-label={`Approve ${title}`}
        onClick={() => run(() => act("approve", { id }, `Approved ${id}`))}
      >
        Approve
      </button>
      <button
        type="button"
        disabled={disabled}
        aria-label={`Queue ${title} for a cheaper window`}
        onClick={() => run(() => act("queue", { id }, `Queued ${id}`))}
      >
        Queue
      </button>
      <button
        type="button"
        className="danger"
        disabled={disabled}
        aria-label={`Reject ${title}`}
        onClick={() => run(() => act("reject", { id }, `Rejected ${id}`))}
      >
        Reject
      </button>
    </div>
  );
}

export function RetryAction({ id, title }: { id: string; title: string }) {
  const act = useCrew((state) => state.act);
  const { disabled, run } = useAction();
  return (
    <button
      type="button"
      disabled={disabled}
      aria-label={`Retry ${title}`}
      onClick={() => run(() => act("retry", { id }, `Sent ${id} back to its inbox`))}
    >
      Retry
    </button>
  );
}

export function RunNowAction({ id, title }: { id: string; title: string }) {
  const act = useCrew((state) => state.act);
  const { disabled, run } = useAction();
  return (
    <button
      type="button"
      disabled={disabled}
      aria-label={`Run ${title} now`}
      title="Start it now: ahead of the queue, past its holds and the concurrency limits"
      onClick={() => run(() => act("runNow", { id }, `Started ${id}`))}
    >
      Run now
    </button>
  );
}

export function ReleaseLockAction({ file, resource }: { file: string; resource: string }) {
  const act = useCrew((state) => state.act);
  const { disabled, run } = useAction();
  return (
    <button
      type="button"
      disabled={disabled}
      aria-label={`Release lock ${resource}`}
      onClick={() => run(() => act("releaseLock", { file }, `Released ${resource}`))}
    >
      Release
    </button>
  );
}
