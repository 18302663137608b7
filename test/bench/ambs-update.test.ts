/**
 * The AMBS-update benchmark's mechanics (npm run bench times it for real): both agents update on
 * the same batches and the record carries a finite ratio per size. No timing is asserted.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend/index.js";
import { benchAmbsUpdate } from "../../src/bench/ambs-update.js";

beforeAll(async () => {
  await initBackend({ quiet: true });
});

describe("ambs-update bench", () => {
  it("times AMBS and SAC updates at each size and reports their ratio", async () => {
    const lines: string[] = [];
    const r = await benchAmbsUpdate({ sizes: [16], warmup: 1, reps: 1, log: (l) => lines.push(l) });
    const rows = r["rows"] as { size: number; ambsMsMedian: number; sacMsMedian: number; ratio: number }[];
    expect(rows.map((x) => x.size)).toEqual([16]);
    expect(rows[0]!.ambsMsMedian).toBeGreaterThan(0);
    expect(rows[0]!.ratio).toBeCloseTo(rows[0]!.ambsMsMedian / rows[0]!.sacMsMedian, 12);
    expect(lines[0]).toMatch(/16×16: AMBS .* ms\/update, SAC .* ms\/update, ratio/);
  }, 120_000);
});
