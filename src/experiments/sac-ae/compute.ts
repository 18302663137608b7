/**
 * Command line: compute (or resume) a tier's missing runs into the results store, through the
 * chapter contract (the same path as the notebook, without a kernel):
 *
 *   node dist/experiments/sac-ae/compute.js <smoke|small|paper> [workers] [--retrain]
 *
 * Stored runs are loaded, not recomputed; cut runs resume from their checkpoints; a stored run
 * that cannot be read stops everything with a one-line error. Each session is appended to
 * <results>/sac-ae/sessions-<tier>.json, so the measured wall time of a tier is on file.
 * Unlike the notebook, this command also trains the paper tier (for a GPU box).
 */
import * as os from "node:os";
import { resultsRootFor } from "../../core/paths.js";
import { checkTier } from "../../core/tiers.js";
import { loadOrCompute } from "../load-or-compute.js";
import { sacAeChapter } from "./chapter.js";

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const retrain = process.argv.includes("--retrain");
  const tier = checkTier(args[0] ?? "small");
  const workers = args[1] !== undefined ? Number(args[1]) : os.cpus().length;
  const def = { ...sacAeChapter, cannotCompute: () => null };
  const res = await loadOrCompute(def, { tier, root: resultsRootFor(tier), workers, retrain, log: (l) => console.log(l) });
  console.log(`sac-ae ${tier}: computed ${res.computed.length}, ${res.reused} stored runs reused`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
