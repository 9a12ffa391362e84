/**
 * SHARED_MIND.md as the crew reads it: the file rendered (raw HTML in it is shown as text,
 * never run), beside who last changed it, each agent's own state and the learnings list.
 */
import type { ComponentProps } from "react";
import Markdown from "react-markdown";
import { useLiveQuery } from "../../components/use-live-query.js";
import { useNow } from "../../components/use-now.js";
import { relativeTime } from "../../format.js";
import "./shared-state.css";

/**
 * A web link in the file opens outside the dashboard: a new browser tab, or in the tray app the
 * user's browser (its window refuses to navigate away and hands http(s) links to the OS).
 */
function FileLink({ node: _node, href, children, ...rest }: ComponentProps<"a"> & { node?: unknown }) {
  const external = href !== undefined && /^https?:\/\//i.test(href);
  return (
    <a href={href} {...rest} {...(external ? { target: "_blank", rel: "noopener noreferrer" } : {})}>
      {children}
    </a>
  );
}

export function SharedStateView() {
  const query = useLiveQuery("sharedMind", {});
  const now = useNow(10_000);
  if (query.state === "loading") return <p className="empty">Reading SHARED_MIND.md…</p>;
  if (query.state === "error") return <p className="fail-text">{query.reason}</p>;
  const { text, view } = query.data;
  const agents = Object.entries(view.agentStates);
  return (
    <div className="shared-state">
      <article className="panel markdown" aria-label="SHARED_MIND.md">
        <Markdown skipHtml components={{ a: FileLink }}>
          {text}
        </Markdown>
      </article>
      <div className="side">
        <section className="panel" aria-labelledby="who-changed">
          <h2 id="who-changed">Who changed what</h2>
          {view.lastUpdated ? (
            <p>
              Last updated <strong>{relativeTime(view.lastUpdated.at, now)}</strong> by{" "}
              <strong>{view.lastUpdated.agent || "someone"}</strong>
            </p>
          ) : (
            <p className="empty">Never updated.</p>
          )}
          <dl className="agent-states">
            {agents.map(([agent, state]) => (
              <div key={agent}>
                <dt>{agent}</dt>
                <dd>{state || <span className="muted">no state written</span>}</dd>
              </div>
            ))}
          </dl>
        </section>
        <section className="panel" aria-labelledby="learnings">
          <h2 id="learnings">
            Learnings <span className="count numeric">{view.learnings.length}</span>
          </h2>
          {view.learnings.length === 0 ? <p className="empty">No learnings yet.</p> : null}
          <ol className="learnings" reversed>
            {[...view.learnings].reverse().map((learning) => (
              <li key={learning.line}>
                {learning.date ? <time className="muted numeric">{learning.date}</time> : null}
                {learning.agent ? <span className="badge">{learning.agent}</span> : null}
                <span>{learning.text}</span>
              </li>
            ))}
          </ol>
        </section>
      </div>
    </div>
  );
}
