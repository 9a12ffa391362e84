/** `npm run bench [-- name …]`: every benchmark (or the named ones), printed as it runs. */
import { runContextBench } from "./context.js";
import { runDispatchBench } from "./dispatch.js";
import { runHeartbeatBench } from "./heartbeat.js";
import { runHooksBench } from "./hooks.js";
import { runScaleBench } from "./scale.js";
import { runTasksViewBench } from "./tasks-view.js";

const BENCHES: Record<string, () => Promise<unknown>> = {
  dispatch: runDispatchBench,
  scale: runScaleBench,
  heartbeat: runHeartbeatBench,
  "tasks-view": runTasksViewBench,
  hooks: runHooksBench,
  context: runContextBench,
};
const chosen = process.argv.slice(2);
for (const name of chosen)
  if (!BENCHES[name])
    throw new Error(`no benchmark "${name}"; choose from ${Object.keys(BENCHES).join(", ")}`);

console.log("switchyard benchmarks\n");
for (const [name, run] of Object.entries(BENCHES))
  if (chosen.length === 0 || chosen.includes(name)) await run();
