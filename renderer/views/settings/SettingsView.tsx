/**
 * The config editor: switchyard.json as text, checked against the same schema the core uses
 * on every keystroke, so the operator sees which key is wrong before saving. The core checks
 * again when it saves, and an invalid file never replaces the running config.
 */
import { useEffect, useMemo, useState } from "react";
import { parseConfig } from "../../../shared/config.js";
import { useLiveQuery } from "../../components/use-live-query.js";
import { useCrew } from "../../store/store-context.js";
import { LoginItemSetting } from "./LoginItemSetting.js";
import "./settings.css";

export function SettingsView() {
  const query = useLiveQuery("readConfig", {}, { followChanges: false });
  const act = useCrew((state) => state.act);
  const [text, setText] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [saveProblem, setSaveProblem] = useState<string>();
  useEffect(() => {
    if (query.state === "ready" && text === undefined) {
      setText(query.data.text);
      setSaved(query.data.text);
    }
  }, [query, text]);
  const problems = useMemo(() => {
    if (text === undefined) return [];
    const parsed = parseConfig(text);
    return parsed.ok ? [] : parsed.problems;
  }, [text]);

  if (query.state === "loading" || text === undefined)
    return <p className="empty">Reading switchyard.json…</p>;
  if (query.state === "error") return <p className="fail-text">{query.reason}</p>;
  const dirty = text !== saved;

  async function save() {
    if (text === undefined) return;
    const outcome = await act("writeConfig", { text }, "Saved switchyard.json");
    if (outcome.ok) {
      setSaved(text);
      setSaveProblem(undefined);
    } else setSaveProblem(outcome.message);
  }

  return (
    <section className="panel settings" aria-labelledby="settings-title">
      <LoginItemSetting />
      <div className="toolbar">
        <h2 id="settings-title">switchyard.json</h2>
        <span className={problems.length ? "fail-text" : "ok-text"} role="status">
          {problems.length ? `${problems.length} problem${problems.length > 1 ? "s" : ""}` : "valid"}
          {dirty ? " · unsaved" : ""}
        </span>
        <button type="button" disabled={!dirty} onClick={() => setText(saved)}>
          Revert
        </button>
        <button type="button" className="primary" disabled={!dirty || problems.length > 0} onClick={save}>
          Save
        </button>
      </div>
      {query.data.problems.length > 0 && !dirty ? (
        <p className="warn-text">
          The file on disk is invalid; the crew keeps running on the last good config.
        </p>
      ) : null}
      <textarea
        className="config-editor mono"
        aria-label="switchyard.json"
        aria-invalid={problems.length > 0}
        aria-describedby="config-problems"
        spellCheck={false}
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <ul id="config-problems" className="problems" aria-live="polite">
        {[...problems, ...(saveProblem ? [saveProblem] : [])].map((problem) => (
          <li key={problem} className="fail-text">
            {problem}
          </li>
        ))}
      </ul>
    </section>
  );
}
