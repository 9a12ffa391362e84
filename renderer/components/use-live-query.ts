/**
 * A bridge request whose answer follows the crew: asked when the view opens and again after
 * each status event (the core pushed a change), never on a timer.
 */
import { useEffect, useState } from "react";
import type { RequestName, RequestParams, RequestReply } from "../../shared/bridge.js";
import { useCrew } from "../store/store-context.js";

export type LiveQuery<T> =
  | { state: "loading" }
  | { state: "ready"; data: T }
  | { state: "error"; reason: string };

export function useLiveQuery<N extends RequestName>(
  name: N,
  params: RequestParams<N>,
  options: { followChanges?: boolean } = {},
): LiveQuery<RequestReply<N>> {
  const bridge = useCrew((state) => state.bridge);
  const revision = useCrew((state) => (options.followChanges === false ? 0 : state.revision));
  const key = JSON.stringify(params);
  const [result, setResult] = useState<LiveQuery<RequestReply<N>>>({ state: "loading" });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for params; revision is the trigger
  useEffect(() => {
    let current = true;
    bridge.request(name, JSON.parse(key) as RequestParams<N>).then(
      (data) => current && setResult({ state: "ready", data }),
      (error: unknown) => current && setResult({ state: "error", reason: (error as Error).message }),
    );
    return () => {
      current = false;
    };
  }, [bridge, name, key, revision]);
  return result;
}
