/**
 * Old-vs-new wasm kernel timing for the benchmarks: one step function per kernel generation
 * ("previous", "current"; register.ts), run interleaved A B A B … in one process at one thread
 * count, so load drifts on a shared machine hit both alike. Reports medians of wall and process
 * CPU time per step and their ratios previous/current (> 1: the current kernels are faster).
 */
import { median } from "../analysis/stats/quantile.js";
import { kernelGeneration, setKernelGeneration, type KernelGeneration } from "../backend/wasm-kernels/register.js";

export interface GenerationTiming {
  msMedian: number;
  cpuMsMedian: number;
  msAll: number[];
}

export interface KernelAbResult {
  rounds: number;
  warmup: number;
  previous: GenerationTiming;
  current: GenerationTiming;
  /** previous / current of the wall-time medians (> 1: current is faster). */
  ratioWall: number;
  /** previous / current of the CPU-time medians (steadier on a shared machine at one thread). */
  ratioCpu: number;
}

/**
 * Time `steps[gen]()` for both generations, `warmup` untimed rounds then `rounds` timed ones,
 * alternating which generation goes first each round. The generation in use is restored.
 */
export function timeGenerationsInterleaved(
  steps: Record<KernelGeneration, () => void>,
  rounds: number,
  warmup = 2,
): KernelAbResult {
  const saved = kernelGeneration();
  const wall: Record<KernelGeneration, number[]> = { previous: [], current: [] };
  const cpu: Record<KernelGeneration, number[]> = { previous: [], current: [] };
  try {
    for (let r = 0; r < warmup + rounds; r++) {
      const order: KernelGeneration[] = r % 2 === 0 ? ["previous", "current"] : ["current", "previous"];
      for (const gen of order) {
        setKernelGeneration(gen);
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        steps[gen]();
        const ms = performance.now() - t0;
        const c = process.cpuUsage(c0);
        if (r >= warmup) {
          wall[gen].push(ms);
          cpu[gen].push((c.user + c.system) / 1000);
        }
      }
    }
  } finally {
    setKernelGeneration(saved);
  }
  const summary = (gen: KernelGeneration): GenerationTiming => ({
    msMedian: round1(median(wall[gen])),
    cpuMsMedian: round1(median(cpu[gen])),
    msAll: wall[gen].map(round1),
  });
  const previous = summary("previous");
  const current = summary("current");
  return {
    rounds,
    warmup,
    previous,
    current,
    ratioWall: round2(median(wall.previous) / median(wall.current)),
    ratioCpu: round2(median(cpu.previous) / median(cpu.current)),
  };
}

/** One log line for a result. */
export function formatAb(label: string, threads: number, r: KernelAbResult): string {
  return (
    `${label}, ${threads} thread${threads === 1 ? "" : "s"}: previous ${r.previous.msMedian.toFixed(1)} ms, ` +
    `current ${r.current.msMedian.toFixed(1)} ms → previous/current ${r.ratioWall.toFixed(2)}× wall, ` +
    `${r.ratioCpu.toFixed(2)}× CPU (CPU ${r.previous.cpuMsMedian.toFixed(1)} vs ${r.current.cpuMsMedian.toFixed(1)} ms; ` +
    `medians of ${r.rounds} interleaved rounds)`
  );
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
