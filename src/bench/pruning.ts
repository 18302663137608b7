/**
 * Pruned forward pass benchmark (Chapter 6): CPU time per batch of M-CifarNet (scaled width)
 * with a uniform keep ratio s per layer, run as a physically smaller net (kept channels
 * gathered into smaller convs). Returns the time per batch, the measured speed-up and the
 * counted MAC speed-up for each s; the measured speed-up should grow as s falls. Prints nothing.
 */
import { initBackend } from "../backend/index.js";
import { Rng } from "../core/rng.js";
import { totalMacs, uniformKeep } from "../pruning/counting.js";
import { mCifarNetSpec, PrunableNet } from "../pruning/network.js";
import { timeCompact } from "../pruning/timing.js";

export interface PruningBenchOptions {
  widthScale?: number;
  batch?: number;
  reps?: number;
  ratios?: number[];
}

export async function benchPruning(opts: PruningBenchOptions = {}): Promise<Record<string, unknown>> {
  const info = await initBackend({ quiet: true });
  const widthScale = opts.widthScale ?? 0.25;
  const batch = opts.batch ?? 64;
  const reps = opts.reps ?? 10;
  const ratios = opts.ratios ?? [1, 0.9, 0.7, 0.5, 0.3];
  const spec = mCifarNetSpec(widthScale);
  const net = new PrunableNet(spec, new Rng(0));
  net.training = false;
  const rows = ratios.map((s) => {
    const keep = uniformKeep(spec, s);
    const ms = timeCompact(net, keep.map((k) => Array.from({ length: k }, (_, i) => i)), batch, reps);
    return { keepRatio: s, msPerBatch: ms, macSpeedup: totalMacs(spec) / totalMacs(spec, keep) };
  });
  net.dispose();
  const full = rows[0]!.msPerBatch;
  return {
    backend: info.name,
    widthScale,
    batch,
    reps,
    rows: rows.map((r) => ({ ...r, measuredSpeedup: full / r.msPerBatch })),
  };
}
