/**
 * Start at login: the tray app's own per-user setting (not a crew key), read and changed
 * through the bridge. The headless host answers that it does not apply there, and why.
 */
import { useEffect, useState } from "react";
import { useLiveQuery } from "../../components/use-live-query.js";
import { useCrew } from "../../store/store-context.js";

export function LoginItemSetting() {
  const query = useLiveQuery("loginItem", {}, { followChanges: false });
  const act = useCrew((state) => state.act);
  const [openAtLogin, setOpenAtLogin] = useState<boolean>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (query.state === "ready" && query.data.applicable) setOpenAtLogin(query.data.openAtLogin);
  }, [query]);

  if (query.state === "loading") return null;
  if (query.state === "error") return <p className="fail-text">Start at login: {query.reason}</p>;
  const { data } = query;

  async function change(next: boolean) {
    setBusy(true);
    const outcome = await act(
      "setLoginItem",
      { openAtLogin: next },
      next ? "Switchyard starts when you log in" : "Switchyard no longer starts at login",
    );
    setBusy(false);
    if (outcome.ok) {
      setOpenAtLogin(next);
      setProblem(undefined);
    } else setProblem(outcome.message);
  }

  return (
    <section className="login-item" aria-labelledby="login-item-title">
      <h2 id="login-item-title">This computer</h2>
      <label>
        <input
          type="checkbox"
          checked={data.applicable ? (openAtLogin ?? false) : false}
          disabled={!data.applicable || busy}
          aria-describedby="login-item-note"
          onChange={(event) => change(event.target.checked)}
        />{" "}
        Start Switchyard when I log in
      </label>
      <p id="login-item-note" className={problem ? "fail-text" : "muted"}>
        {problem ??
          (data.applicable
            ? "Kept for you on this computer, not in switchyard.json."
            : `Not applicable: ${data.reason}`)}
      </p>
    </section>
  );
}
