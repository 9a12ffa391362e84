/** `npm run bench`: every benchmark, printed as it runs. */
import { runDispatchBench } from "./dispatch.js";

console.log("switchyard benchmarks\n");
await runDispatchBench();
