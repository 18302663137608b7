/**
 * E7's claims rows (ch4-ambs/embedding-norms.ts) on constructed stored curves, one case per
 * branch of the verdict: norms that fall → reproduced, that rise → not reproduced, a φ_d that
 * collapses → the no-collapse row not reproduced, too few seeds or an AMBS that did not learn →
 * inconclusive; an experiment without the norm columns gets no rows.
 */
import { describe, expect, it } from "vitest";
import type { StoredCurve } from "../../src/experiments/agent-study/store.js";
import { summarizeMethods } from "../../src/experiments/agent-study/summary.js";
import { COLLAPSE, embeddingNormRows, normChanges } from "../../src/experiments/drl-thesis/ch4-ambs/embedding-norms.js";

const EXP = "vector16-80k";

/** A curve of 11 evaluations: return `ret` after the first, φ_r and φ_d linear from `from` to `to` (NaN at step 0, before any update). */
function curve(method: string, seed: number, ret: number, norms?: { from: number; to: number; dynTo?: number }): StoredCurve {
  const rows = Array.from({ length: 11 }, (_, i) => {
    const t = (i - 1) / 9;
    const row: Record<string, number> = { envSteps: i * 8000, return_train: i === 0 ? 5 : ret + seed, criticLoss: 1, auxLoss: 1 };
    if (norms) {
      row["phiRewardAbs"] = i === 0 ? NaN : norms.from + (norms.to - norms.from) * t;
      row["phiDynAbs"] = i === 0 ? NaN : norms.from + ((norms.dynTo ?? norms.to) - norms.from) * t;
    }
    return row;
  });
  return { experiment: EXP, method, seed, rows, wallTimeSec: 1, tier: "medium", notes: { label: method === "ambs" ? "AMBS" : "random policy" } };
}

function rows(curves: StoredCurve[]) {
  const summaries = summarizeMethods(curves, EXP, ["random", "ambs"]);
  const out = embeddingNormRows(curves, EXP, summaries, "test", 0);
  const find = (s: string) => out.find((r) => r.claim.includes(s))!;
  return { out, rew: find("decrease during training: φ_r"), dyn: find("decrease during training: φ_d"), collapse: find("does not collapse") };
}

const seeds = [0, 1, 2, 3, 4];
const random = seeds.map((s) => curve("random", s, 100));

describe("E7: AMBS's embedding norms as claims rows", () => {
  it("early is the first logged evaluation, late the mean of the last 20 %", () => {
    const c = normChanges([curve("ambs", 0, 500, { from: 1, to: 0.1 })], EXP, "phiDynAbs")[0]!;
    expect(c.early).toBeCloseTo(1, 12);
    // 10 logged evaluations → the last 2: t = 8/9 and 1
    expect(c.late).toBeCloseTo(1 + (0.1 - 1) * (8 / 9 + 1) / 2, 12);
  });

  it("norms that fall and a φ_d that stays near 0.45: all three reproduced", () => {
    const r = rows([...random, ...seeds.map((s) => curve("ambs", s, 500, { from: 0.9 + 0.01 * s, to: 0.45 }))]);
    expect(r.out.length).toBe(3);
    expect([r.rew.verdict, r.dyn.verdict, r.collapse.verdict]).toEqual(["reproduced", "reproduced", "reproduced"]);
  });

  it("norms that rise: not reproduced", () => {
    const r = rows([...random, ...seeds.map((s) => curve("ambs", s, 500, { from: 0.3, to: 0.8 + 0.01 * s }))]);
    expect(r.rew.verdict).toBe("not reproduced");
    expect(r.dyn.verdict).toBe("not reproduced");
  });

  it("φ_d that collapses to 0: the no-collapse row is not reproduced (and the decrease is)", () => {
    const r = rows([...random, ...seeds.map((s) => curve("ambs", s, 500, { from: 0.8, to: 0.5, dynTo: 0.001 * s }))]);
    expect(r.collapse.verdict).toBe("not reproduced");
    expect(r.dyn.verdict).toBe("reproduced");
    expect(r.collapse.claim).toContain(String(COLLAPSE));
  });

  it("two seeds, or an AMBS at the random policy's level: inconclusive with the reason", () => {
    const few = rows([...random, ...[0, 1].map((s) => curve("ambs", s, 500, { from: 0.9, to: 0.45 }))]);
    expect(few.dyn.verdict).toBe("inconclusive");
    expect(few.dyn.why).toMatch(/too few runs stored.*2 of AMBS/);
    const flat = rows([...random, ...seeds.map((s) => curve("ambs", s, 100, { from: 0.9, to: 0.45 }))]);
    expect(flat.dyn.verdict).toBe("inconclusive");
    expect(flat.dyn.why).toMatch(/did not learn/);
  });

  it("no norm columns (the small tier's AMBS): no rows", () => {
    expect(rows([...random, ...seeds.map((s) => curve("ambs", s, 500))]).out).toEqual([]);
  });
});
