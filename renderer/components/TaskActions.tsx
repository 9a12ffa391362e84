/**
 * The operator's decisions on a task, the same buttons wherever a task appears (Tasks,
 * Overview alerts, notifications, the tray popover): Approve / Queue / Reject for a task at
 * the approval gate, Retry for a failed one.
 */
import { useState } from "react";
import { useCrew } from "../store/store-context.js";

export function ApprovalActions({ id, title }: { id: string; title: string }) {
  const act = useCrew((state) => state.act);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: a toolbar of buttons, not a form group
    <div className="actions" role="group" aria-label={`Decide on ${title}`}>
      <button
        type="button"
        className="primary"
        disabled={busy}
        aria-label={`Approve ${title}`}
        onClick={() => run(() => act("approve", { id }, `Approved ${id}`))}
      >
        Approve
      </button>
      <button
        type="button"
        disabled={busy}
        aria-label={`Queue ${title} for a cheaper window`}
        onClick={() => run(() => act("queue", { id }, `Queued ${id}`))}
      >
        Queue
      </button>
      <button
        type="button"
        className="danger"
        disabled={busy}
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
  return (
    <button
      type="button"
      aria-label={`Retry ${title}`}
      onClick={() => act("retry", { id }, `Sent ${id} back to its inbox`)}
    >
      Retry
    </button>
  );
}

export function ReleaseLockAction({ file, resource }: { file: string; resource: string }) {
  const act = useCrew((state) => state.act);
  return (
    <button
      type="button"
      aria-label={`Release lock ${resource}`}
      onClick={() => act("releaseLock", { file }, `Released ${resource}`)}
    >
      Release
    </button>
  );
}
