/**
 * Environment benchmark: the measurement is library code (src/envs/throughput.ts), shared with
 * the envs chapter; this module is the benchmark's entry (`node dist/bench/envs.js`).
 */
import { benchEnvs } from "../envs/throughput.js";

export { benchEnvs, type BenchEnvsOptions } from "../envs/throughput.js";

if (require.main === module) {
  benchEnvs().then((r) => console.log(JSON.stringify(r, null, 2)), (e) => { console.error(String(e)); process.exit(1); });
}
