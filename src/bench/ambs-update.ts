/**
 * Benchmark (issue 14 item 6): one AMBS update (thesis preset: critic on two DrQ views, actor,
 * α, meta-learners f_r / f_d and the transition model, soft targets) against one plain SAC update
 * on the same networks, batches and backend, in the same run, at 32×32 and 64×64 × 9 channels.
 * The networks are the drl-thesis/ch4-ambs small tier's (2 conv × 16 filters, 32-d features,
 * MLPs 128-128, batch 32, meta-learners 32 wide, transition model 128 wide), so the ratio says
 * what the chapter's runs cost relative to SAC's.
 */
import * as os from "node:os";
import { initBackend } from "../backend/select.js";
import type { AgentSpec } from "../agents/config.js";
import { median } from "../analysis/stats/quantile.js";
import { makeBatches, timeUpdates } from "./sac-update.js";

export interface AmbsUpdateBenchOptions {
  sizes?: readonly number[];
  warmup?: number;
  reps?: number;
  log?: (line: string) => void;
}

const NET = { hiddenDim: 128, batchSize: 32, numLayers: 2, numFilters: 16, featureDim: 32 };

export async function benchAmbsUpdate(opts: AmbsUpdateBenchOptions = {}): Promise<Record<string, unknown>> {
  const sizes = opts.sizes ?? [32, 64];
  const warmup = opts.warmup ?? 3;
  const reps = opts.reps ?? 10;
  const log = opts.log ?? ((l: string) => console.log(l));
  const info = await initBackend({ prefer: "wasm", quiet: true });
  const rows: Record<string, unknown>[] = [];
  for (const size of sizes) {
    const spec: AgentSpec = { observation: "pixels", obsShape: [size, size, 9], actionDim: 6 };
    const batches = makeBatches(size, NET.batchSize, warmup + reps);
    const sac = median(timeUpdates(spec, { algorithm: "sac", ...NET }, batches, warmup, reps).ms);
    const ambs = median(timeUpdates(spec, { algorithm: "ambs", augPad: 2, metaHidden: 32, modelWidth: 128, ...NET }, batches, warmup, reps).ms);
    log(`[ambs-update] ${size}×${size}: AMBS ${ambs.toFixed(1)} ms/update, SAC ${sac.toFixed(1)} ms/update, ratio ${(ambs / sac).toFixed(2)} (medians of ${reps})`);
    rows.push({ size, ambsMsMedian: ambs, sacMsMedian: sac, ratio: ambs / sac });
  }
  return {
    config: { ...NET, ambs: "thesis preset, augPad 2, metaHidden 32, modelWidth 128", channels: 9, actionDim: 6, warmup, reps },
    backendInfo: { ...info },
    rows,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", node: process.version, loadavg1: os.loadavg()[0] },
  };
}
