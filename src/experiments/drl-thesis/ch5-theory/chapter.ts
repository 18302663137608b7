/**
 * `drl-thesis/ch5-theory` as a chapter (src/experiments/contract.ts): per seed, one run that
 * computes the Chapter 5 tables and the two Chapter 4 statements of chapter4.ts (sweep first,
 * the run's key) and stores them as one group, and one run for the Chapter 3–4 checks of
 * chapters3-4.ts (table "ch3-4"), which need the tensor backend for the agents' losses.
 */
import { initBackend } from "../../../backend/index.js";
import type { Row } from "../../../analysis/results/store.js";
import { defineChapter, type ChapterTable } from "../../contract.js";
import { ch5ChecksTable, ch5Claims } from "./claims.js";
import { ch5Config } from "./config.js";
import { ch5Figures } from "./figures.js";
import { ch5FromStored } from "./load.js";
import { CH34_STORED, CH5_CHAPTER, CH5_STORED, CH5_TABLE_NAMES, runCh34Theory, runCh5Sweep, type Ch5Results } from "./run.js";

/** The closed-form examples as shown and exported (figures/…/tables/examples.*). */
function examplesRows(res: Ch5Results): Row[] {
  return res.tables.examples.map((r) => ({ Example: r.example!, Quantity: r.quantity!, Ours: r.value!, Expected: r.expected!, Match: r.holds === 1 ? "yes" : "NO" }));
}

/** The reader-facing lines about the counterexamples of (5.10), printed under the examples. */
export function counterexampleLines(res: Ch5Results): string[] {
  const lines: string[] = [];
  const minimal = res.tables.examples.find((r) => String(r.example).startsWith("minimal MSA"));
  if (minimal) lines.push(`minimal (5.10) counterexample (3 states): ${minimal.detail}`);
  const viol = res.tables.meanClosed.filter((r) => r.boundGHolds === 0).sort((a, b) => (a.nStates as number) - (b.nStates as number));
  if (viol.length > 0) {
    const v = viol[0]!;
    lines.push(
      `smallest random mean-closed MDP violating (5.10): #${v.id}, n=${v.nStates}, |A|=${v.nActions}, γ=${v.gamma}, pair (${v.worstI}, ${v.worstJ}): |ΔV| = ${v.worstValueGap} > d_G = ${v.worstDG}; max Jensen gap ${v.maxJensenGap}`,
      String(v.mdpJson),
    );
  }
  return lines;
}

export const ch5Chapter = defineChapter<Ch5Results>({
  id: CH5_CHAPTER,
  config: ch5Config,
  describe: ({ tier, seed }) => {
    const c = ch5Config(tier);
    return [
      `tier ${tier}, seed ${seed}: ${c.nMdps} random MDPs (γ ∈ {${c.gammas.join(", ")}}) + ${2 * c.meanClosedPerKind} mean-closed MDPs, ${c.gapBases} gap bases, ${c.cWeightedMdps} c-weighted MDPs`,
      `Chapters 3–4 checks: ${c.ch34.gaussianPairs} Gaussian pairs × ${c.ch34.gaussianSamples} samples, ${c.ch34.wOrderMdps} + ${c.ch34.psmMdps + c.ch34.psmStochasticMdps} MDPs, ${c.ch34.symmetrySeeds} paired meta-learner seeds × ${c.ch34.symmetrySteps} steps`,
    ];
  },
  runs: ({ seed }) => [
    { seed, tables: CH5_TABLE_NAMES.map((n) => CH5_STORED[n]), label: `seed-${seed}` },
    { seed, tables: [CH34_STORED], label: `ch3-4/seed-${seed}` },
  ],
  // the theory is float64 plain TypeScript; the Chapter 3–4 run also evaluates the agents' tfjs losses
  backend: async () => ({ ...(await initBackend({ quiet: true })), theory: "float64 (plain TypeScript, no tensors) except the agents' losses of T12, T20, T21, T23" }),
  async computeRun(run, ctx) {
    if (run.tables[0] === CH34_STORED) {
      const res = runCh34Theory({ tier: ctx.tier, seed: run.seed });
      ctx.log(`chapters 3–4 checks: ${res.wallTimeSec.toFixed(1)} s`);
      ctx.store(run, [{ table: CH34_STORED, rows: res.rows, wallTimeSec: res.wallTimeSec, notes: { seconds: res.seconds } }], {
        config: res.config as unknown as Record<string, unknown>,
        wallTimeSec: res.wallTimeSec,
      });
      return;
    }
    const res = runCh5Sweep({
      tier: ctx.tier,
      seed: run.seed,
      onProgress: (p) => {
        if (p.part !== "sweep" || p.done % 100 === 0 || p.done === p.total) ctx.log(`${p.part} ${p.done}/${p.total} (${p.elapsedSec.toFixed(1)} s)`);
      },
    });
    ctx.store(
      run,
      CH5_TABLE_NAMES.map((name) => ({ table: CH5_STORED[name], rows: res.tables[name], wallTimeSec: res.partSeconds[name], notes: { totalWallTimeSec: res.wallTimeSec, table: name } })),
      { config: res.config as unknown as Record<string, unknown>, wallTimeSec: res.wallTimeSec },
    );
  },
  load: (stored, { seed }) => ch5FromStored(stored, seed),
  notes: (res) => {
    const parts = Object.entries(res.partSeconds).filter(([, s]) => s > 0).map(([k, s]) => `${k} ${s.toFixed(1)} s`).join(", ");
    const ch34 = Object.entries(res.ch34.seconds).map(([k, s]) => `${k} ${s.toFixed(1)} s`).join(", ");
    return [
      `${res.tier} tier: ${res.tables.sweep.length} random MDPs + ${res.tables.meanClosed.length} mean-closed MDPs; measured wall time ${res.wallTimeSec.toFixed(1)} s on one core (${parts})`,
      `Chapters 3–4 checks: ${res.ch34.rows.length} rows in ${res.ch34.wallTimeSec.toFixed(1)} s (${ch34})`,
    ];
  },
  tables: (res): Record<string, ChapterTable> => ({
    checks: { rows: ch5ChecksTable(ch5Claims(res)), title: "Checks: statement, MDPs tried, violations" },
    examples: { rows: examplesRows(res), format: { decimals: 6 }, title: "Counterexamples and closed-form examples" },
    "c-weighted": {
      rows: res.tables.cWeighted.filter((r) => r.kind !== "random MDP").map((r) => ({ γ: r.gamma!, c: r.c!, "c ≥ γ": r.cAtLeastGamma === 1 ? "yes" : "no", "min(d_c/(1−c) − |ΔV|)": r.slack!, holds: r.holds === 1 ? "yes" : "NO" })),
      format: { decimals: 4 },
      title: "Chapter 4, c-weighted bound on the 4-state counterexample",
      exported: false,
    },
    "ch3-4": {
      rows: res.ch34.rows.map((r) => ({ Check: r.check!, Case: r.case!, Form: r.form!, Value: r.value!, Reference: r.reference!, Holds: r.holds === 1 ? "yes" : "NO", Detail: r.detail! })),
      format: { decimals: 6 },
      title: "Chapters 3–4 statements (research note T12–T24): every case",
    },
    k23: {
      rows: res.tables.k23.map((r) => ({ Method: r.method!, dim: r.dim!, MSE: r.mse!, "L1/L2 floor": r.floor! })),
      format: { decimals: 5 },
      title: "Chapter 4, K₂,₃ fits",
      exported: false,
    },
  }),
  figures: async (res) => ch5Figures(res),
  claims: ch5Claims,
  claimsCaption: { caption: "Chapter 5 theory: claims and our checks", label: "tab:ch5-theory-claims" },
});
