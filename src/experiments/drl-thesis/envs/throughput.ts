/**
 * Throughput (issue 5 item 7 targets) via `benchEnvs()` of src/envs/throughput.ts, flattened into
 * rows, with the machine load recorded beside the numbers: on a shared 2-core machine the
 * wall-clock rates fall with the load average, so the load is part of the result.
 */
import * as os from "node:os";
import { benchEnvs } from "../../../envs/throughput.js";
import type { EnvsConfig } from "./config.js";

export interface ThroughputRow {
  /** What was timed, e.g. "cheetah-run pixels 64×64, repeat 4". */
  measure: string;
  task: string;
  unit: "agent steps/s" | "frames/s";
  value: number;
  /** Target from the issue, or NaN-free 0 when there is none. */
  target: number;
  met: "yes" | "no" | "";
}

export interface ThroughputResult {
  rows: ThroughputRow[];
  /** The raw benchEnvs() object (plain JSON). */
  raw: Record<string, unknown>;
  loadAverage1m: number;
  cpus: number;
  cpuModel: string;
  wallTimeSec: number;
}

export const TARGETS = { agentStepsCheetah64: 1000, rendererFrames64: 5000 } as const;

function row(measure: string, task: string, unit: ThroughputRow["unit"], value: number, target = 0): ThroughputRow {
  return { measure, task, unit, value, target, met: target > 0 ? (value >= target ? "yes" : "no") : "" };
}

export async function measureThroughput(cfg: EnvsConfig): Promise<ThroughputResult> {
  const t0 = performance.now();
  const load0 = os.loadavg()[0]!;
  const raw = await benchEnvs({ seconds: cfg.benchSeconds, memoryEpisodes: cfg.benchMemoryEpisodes, randomEpisodes: cfg.benchRandomEpisodes });
  const load1 = os.loadavg()[0]!;
  const n = (k: string) => Number(raw[k]);
  const rows: ThroughputRow[] = [
    row("pixels 64×64, repeat 4, 3-frame stack", "cheetah-run", "agent steps/s", n("cheetahRun_pixels64_repeat4_agentStepsPerSec"), TARGETS.agentStepsCheetah64),
    row("pixels 84×84, repeat 4, 3-frame stack", "cheetah-run", "agent steps/s", n("cheetahRun_pixels84_repeat4_agentStepsPerSec")),
    row("renderer alone, 64×64", "cheetah-run", "frames/s", n("renderer_cheetah64_framesPerSec"), TARGETS.rendererFrames64),
    row("renderer alone, 84×84", "cheetah-run", "frames/s", n("renderer_cheetah84_framesPerSec")),
  ];
  for (const [task, v] of Object.entries(raw.pixels64_agentStepsPerSec as Record<string, number>)) {
    rows.push(row("pixels 64×64, default repeat", task, "agent steps/s", v));
  }
  for (const [task, v] of Object.entries(raw.state_agentStepsPerSec as Record<string, number>)) {
    rows.push(row("state, default repeat", task, "agent steps/s", v));
  }
  rows.push(row("pixels 5 × 84×84, repeat 8", "highway", "agent steps/s", n("highway_pixels84x420_repeat8_agentStepsPerSec")));
  return {
    rows,
    raw,
    loadAverage1m: Math.round(((load0 + load1) / 2) * 100) / 100,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    wallTimeSec: (performance.now() - t0) / 1000,
  };
}
