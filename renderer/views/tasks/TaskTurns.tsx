/** A worker's stream as turns a person reads: its words, its tool calls and how they went, errors, the result. */
import type { Turn } from "../../../shared/stream-turns.js";

const MARK: Record<Turn["kind"], string> = {
  start: "●",
  text: "",
  tool: "→",
  "tool-result": "",
  error: "✗",
  result: "■",
  output: "",
};

export function TaskTurns({ turns }: { turns: Turn[] }) {
  return (
    <ol className="turns">
      {turns.map((turn, index) => {
        const mark = turn.kind === "tool-result" ? (turn.isError ? "✗" : "✓") : MARK[turn.kind];
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: turns are a log, only ever appended to
          <li key={index} className={`turn turn-${turn.kind}${turn.isError ? " turn-error" : ""}`}>
            {mark ? (
              <span className="turn-mark" aria-hidden="true">
                {mark}
              </span>
            ) : null}
            {turn.tool ? <strong className="turn-tool">{turn.tool}</strong> : null}
            <span className="turn-text">{turn.text}</span>
          </li>
        );
      })}
    </ol>
  );
}
