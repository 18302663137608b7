/**
 * Command line: compute (or resume) a tier's runs into the results store.
 *
 *   node dist/experiments/sac-ae/compute.js <smoke|small|paper> [workers] [experiment,...] [--retrain]
 *
 * Stored runs are skipped and cut runs resume from their checkpoints (the default, i.e.
 * "--resume"); `--retrain` recomputes everything from scratch.
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
  const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const retrain = process.argv.includes("--retrain");
  const tier = checkTier(args[0] ?? "small");
  const workers = args[1] !== undefined ? Number(args[1]) : os.cpus().length;
  const experiments = args[2] ? args[2].split(",") : undefined;
  const info = await initBackend({ quiet: true });
  const root = resultsRootFor(tier);
  const started = new Date().toISOString();
  const summary = await runSacAe({ tier, root, backend: { ...info }, workers, experiments, retrain, progress: "lines" });
  appendSession(root, tier, { started, finished: new Date().toISOString(), ...summary, workers, retrain, cores: os.cpus().length, backend: info.name });
  console.log(`sac-ae ${tier}: computed ${summary.computed}, skipped ${summary.skipped} stored, ${summary.wallTimeSec.toFixed(0)} s wall`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
