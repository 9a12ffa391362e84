/** `npm run bench`: every benchmark, printed as it runs. */
import { runDispatchBench } from "./dispatch.js";
import { runHeartbeatBench } from "./heartbeat.js";
import { runHooksBench } from "./hooks.js";
import { runTasksViewBench } from "./tasks-view.js";

console.log("switchyard benchmarks\n");
await runDispatchBench();
await runHeartbeatBench();
await runTasksViewBench();
await runHooksBench();
