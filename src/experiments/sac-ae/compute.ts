/**
 * Command line: compute (or resume) a tier's runs into the results store.
 *
 *   node dist/experiments/sac-ae/compute.js <smoke|small|paper> [workers] [experiment,...]
 *
 * Appends a session record (start, end, wall time, runs computed/skipped, workers) to
 * <results>/sac-ae/sessions-<tier>.json so the measured wall time of a tier is on file.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { initBackend } from "../../backend/index.js";
import { resultsRootFor } from "../../core/paths.js";
import { checkTier } from "../registry.js";
import { runSacAe } from "./run.js";
import { SAC_AE_CHAPTER } from "./store.js";

export function appendSession(root: string, tier: string, record: Record<string, unknown>): void {
  const file = path.join(root, SAC_AE_CHAPTER, `sessions-${tier}.json`);
  const list: unknown[] = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as unknown[]) : [];
  list.push(record);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(list, null, 2) + "\n");
}

async function main(): Promise<void> {
  const tier = checkTier(process.argv[2] ?? "small");
  const workers = process.argv[3] !== undefined ? Number(process.argv[3]) : os.cpus().length;
  const experiments = process.argv[4] ? process.argv[4].split(",") : undefined;
  const info = await initBackend({ quiet: true });
  const root = resultsRootFor(tier);
  const started = new Date().toISOString();
  const summary = await runSacAe({ tier, root, backend: { ...info }, workers, experiments, progress: "lines" });
  appendSession(root, tier, { started, finished: new Date().toISOString(), ...summary, workers, cores: os.cpus().length, backend: info.name });
  console.log(`sac-ae ${tier}: computed ${summary.computed}, skipped ${summary.skipped} stored, ${summary.wallTimeSec.toFixed(0)} s wall`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
