/**
 * The Chapter 6 claims table; every verdict comes from decideVerdict (src/analysis/verdict).
 *
 *   comparative rows  the claimed difference of test accuracy (paired by seed, mean over seeds
 *                     with a 95% bootstrap interval over seeds, in points) must exclude 0, and
 *                     every compared method must have learned (learning.ts: fine-tuned accuracy
 *                     above the same run's before-fine-tuning accuracy, each agent's last reward
 *                     above its first); a claim made of several differences is reproduced when
 *                     all are, not reproduced when one shows the opposite, else inconclusive.
 *                     Stored results without learning checks (the small tier) are inconclusive:
 *                     no same-run baseline, and the agents' final ratios are reported instead.
 *   by construction   the budget row while the agents do not move from the target ratio they
 *                     start at, and the stored-parameter rows (the §6.3.5 removal formula fixes
 *                     the count from R_r and the ratios).
 *   exact             counted MACs/parameters, arithmetic on printed tables, measured timings.
 */
import type { ClaimRow } from "../../../analysis/tables/claims.js";
import { decideVerdict, type Interval, type Verdict as Decision, type VerdictEvidence } from "../../../analysis/verdict/index.js";
import { Rng } from "../../../core/rng.js";
import { spearman } from "../../../core/float64.js";
import { totalMacs, uniformKeep, runtimePredictorParams, totalParams } from "../../../pruning/counting.js";
import { mCifarNetSpec } from "../../../pruning/network.js";
import { agentsOf, agentSummaries, checksFor, finalRatioSpread, hasLearningChecks } from "./learning.js";
import type { Ch6Results } from "./tables.js";
import { find, meanInterval, type Metric, type RunSummary } from "./summary.js";

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const pp = (x: number) => `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)} pt`;

function ci(s: RunSummary, m: Metric, f: (x: number) => string): string {
  const c = s.ci[m];
  return s.seeds > 1 ? `${f(c.point)} [${f(c.lo)}, ${f(c.hi)}]` : f(c.point);
}

/** Per-seed differences a − b of a metric (seeds aligned by order). */
function diffs(a: RunSummary, b: RunSummary, m: Metric): number[] {
  return a.values[m].map((v, i) => v - (b.values[m][i] ?? Number.NaN));
}

function diffText(d: number[], f: (x: number) => string): string {
  const mean = d.reduce((x, y) => x + y, 0) / d.length;
  return `mean ${f(mean)}, per seed ${d.map(f).join(", ")}`;
}

type Decided = Pick<ClaimRow, "verdict" | "why">;

const asRow = (v: Decision, extra?: string): Decided => {
  const why = [v.why, extra].filter((x) => x !== undefined && x !== "").join(" ");
  return why === "" ? { verdict: v.verdict } : { verdict: v.verdict, why };
};

/** One compared quantity: a − b of a metric, paired by seed (b omitted: a's metric itself), in `scale` units. */
interface Part {
  name: string;
  a: RunSummary;
  b?: RunSummary;
  metric: Metric;
  claimed: "greater" | "less";
  noEffect?: number;
  scale?: number;
}

function partInterval(p: Part, rng: Rng): Interval {
  const k = p.scale ?? 100;
  const d = p.b ? diffs(p.a, p.b, p.metric) : p.a.values[p.metric];
  const i = meanInterval(d.map((x) => k * x), rng);
  return i;
}

/** Why a comparison cannot be decided from stored results without learning checks (the agents that did not move are named). */
function unmeasured(res: Ch6Results, runs: readonly RunSummary[]): string {
  const agents = runs.flatMap((s) => agentsOf(res, s.id).map((a) => ({ name: `${s.id} ${a}`, d: finalRatioSpread(res, s, a) })));
  const still = agents.filter((a) => !(a.d > 0.05));
  const moved = agents.filter((a) => a.d > 0.05);
  return [
    `did not learn or not measured: the ${res.tier} tier's stored results predate the learning checks (no same-run before-fine-tuning accuracy, no reward curves)`,
    still.length > 0 ? `agents that did not learn (final per-layer ratios within ${Math.max(...still.map((a) => a.d)).toFixed(3)} of the target ratio they start at): ${still.map((a) => a.name).join(", ")}` : "",
    moved.length > 0 ? `agents whose ratios moved (reward not measured): ${moved.map((a) => `${a.name} up to ${a.d.toFixed(2)}`).join(", ")}` : "",
    "the medium tier records the checks",
  ]
    .filter((x) => x !== "")
    .join("; ");
}

/**
 * Decide a claim made of one or more compared quantities (see the file comment). `runs` are the
 * compared methods, whose learning checks must all pass.
 */
function compare(res: Ch6Results, runs: readonly RunSummary[], parts: readonly Part[]): Decided {
  const learned = checksFor(res, runs);
  if (learned === null) return { verdict: "inconclusive", why: unmeasured(res, runs) };
  const rng = new Rng(61).fork(parts.map((p) => p.name).join("|"));
  const vs = parts.map((p, i) =>
    decideVerdict({ kind: "comparison", claimed: p.claimed, quantity: { name: p.name, interval: partInterval(p, rng.fork(String(i))), noEffect: p.noEffect ?? 0 }, learned }),
  );
  const not = vs.filter((v) => v.verdict === "not reproduced");
  const inc = vs.filter((v) => v.verdict === "inconclusive");
  if (not.length > 0) return { verdict: "not reproduced", why: not.map((v) => v.why).join("; ") };
  if (inc.length > 0) return { verdict: "inconclusive", why: [...new Set(inc.map((v) => v.why))].join("; ") };
  return { verdict: "reproduced", why: vs.map((v) => v.why).join("; ") };
}

const exact = (holds: boolean, statistic: string, extra?: string): Decided => asRow(decideVerdict({ kind: "exact", holds, statistic }), extra);
const decided = (e: VerdictEvidence, extra?: string): Decided => asRow(decideVerdict(e), extra);

/** "wasm backend, 1 thread" from a stored run's backend record (the timings depend on it). */
function backendWords(backend: Record<string, unknown>): string {
  const threads = Number(backend["threads"] ?? 1);
  return `${String(backend["name"] ?? "unknown")} backend, ${threads} thread${threads === 1 ? "" : "s"}`;
}

/**
 * The budget row: while the agents stay at the target ratio they start at, meeting the budget is
 * by construction; once they have moved (> 0.05 in some layer, measured by the learning checks),
 * meeting it is evidence and the check is exact.
 */
function budgetVerdict(res: Ch6Results, runs: readonly RunSummary[], met: boolean): Decided {
  const why = "Reproduced when ours is within 15 % of FBS-style's MAC speed-up.";
  const moved = hasLearningChecks(res) ? Math.max(0, ...runs.flatMap((s) => agentSummaries(res, s.id).map((a) => a.moved))) : Number.NaN;
  if (!(moved > 0.05)) {
    const spread = runs.flatMap((s) => agentsOf(res, s.id).map((a) => finalRatioSpread(res, s, a)));
    return decided({
      kind: "by construction",
      why: `the agents' policies start at the target ratio and their final ratios stay within ${Math.max(...spread).toFixed(3)} of it${Number.isFinite(moved) ? ` (largest move from their initial ratios ${moved.toFixed(3)})` : ""}, so the budget is met whatever the agents learned`,
    });
  }
  return exact(met, `speed-up of ours more than 15 % from FBS-style's (agents moved up to ${moved.toFixed(2)} from their initial ratios)`, why);
}

/** A timing difference (ms, paired by seed): exact measurement, the interval over seeds must lie above 0. */
function timingVerdict(d: number[], extra: string): Decided {
  const i = meanInterval(d, new Rng(62));
  return exact(i.lo > 0, `CPU ms(R_r=1) − CPU ms(R_r=0.5) = ${i.point.toFixed(1)} [${i.lo.toFixed(1)}, ${i.hi.toFixed(1)}] ms does not lie above 0`, extra);
}

export function ch6ClaimRows(res: Ch6Results, sums: readonly RunSummary[]): ClaimRow[] {
  const rows: ClaimRow[] = [];
  const cfg = res.config;
  const ran = (what: string) =>
    `${res.tier} tier, ${res.seeds.length} seed(s); ${res.dataset}, ${cfg.trainCount}/${cfg.testCount} train/test images; M-CifarNet ×${cfg.widthScale} widths; Alg. 4 with N1=${cfg.hyper.n1}, N2=${cfg.hyper.n2}, ${cfg.hyper.iterations} iterations (${cfg.hyper.n2 * cfg.hyper.iterations} CNN fine-tuning batches per method; thesis: 31,200); ${what}`;

  // Exact arithmetic (no training).
  const full = mCifarNetSpec(1);
  const s05 = totalMacs(full) / totalMacs(full, uniformKeep(full, 0.5));
  const s07 = totalMacs(full) / totalMacs(full, uniformKeep(full, 0.7));
  rows.push({
    claim: "Speed-up on MACs of 3.92× at sparsity 0.5 and 1.99× at 0.7 (≈ 4× acceleration at 0.5)",
    source: "Tables 6.1, 6.2; §6.4.2",
    whatWeRan: "exact MAC count of full-size M-CifarNet (widths 64…192, external architecture) with ⌈sC⌉ channels kept per layer",
    ourNumbers: `uniform keep: ${s05.toFixed(3)}× at 0.5, ${s07.toFixed(3)}× at 0.7 (190,515,072 MACs unpruned)`,
    ...exact(Math.abs(s05 - 3.92) < 0.1 && Math.abs(s07 - 1.99) < 0.1, "counted speed-ups more than 0.1 from the printed ones", "The small gap (3.963 vs 3.92) fits the thesis's non-uniform per-layer ratios under the same budget."),
  });
  const fbsOver = (totalParams(full) + runtimePredictorParams(full)) / totalParams(full);
  rows.push({
    claim: "FBS stores 1.11× the backbone's parameters (its saliency predictors)",
    source: "Table 6.1",
    whatWeRan: "exact count: one FC C_in→C_out with bias per conv layer on full-size M-CifarNet",
    ourNumbers: `${fbsOver.toFixed(3)}× (144,640 predictor params on 1,293,888)`,
    ...exact(Math.abs(fbsOver - 1.11) < 0.01, "counted overhead more than 0.01 from 1.11×"),
  });

  const un = find(sums, "unpruned");
  const g = (id: string) => find(sums, id);
  const r1 = g("ours-rr1@0.5");
  const r5 = g("ours-rr0.5@0.5");
  const fbs = g("fbs-style@0.5");
  const rnp = g("rnp-style@0.5");
  if (r1 && r5 && fbs && rnp) {
    const d1 = diffs(r1, fbs, "accuracy");
    const d5 = diffs(r5, fbs, "accuracy");
    const dr = diffs(fbs, rnp, "accuracy");
    rows.push({
      claim: "At sparsity 0.5 ours outperforms FBS by about 0.65–0.86 points and RNP by far (91.4/91.2 vs 89.9 vs 84.9 %)",
      source: "Table 6.1, §6.4.1",
      whatWeRan: ran("ours (R_r = 1, 0.5) vs FBS-style and RNP-style re-implementations (substitutes for the released codes) at keep ratio 0.5"),
      ourNumbers: `acc: ours R_r=1 ${ci(r1, "accuracy", pct)}, R_r=0.5 ${ci(r5, "accuracy", pct)}, FBS-style ${ci(fbs, "accuracy", pct)}, RNP-style ${ci(rnp, "accuracy", pct)}; ours(1)−FBS ${diffText(d1, pp)}; ours(0.5)−FBS ${diffText(d5, pp)}; FBS−RNP ${diffText(dr, pp)}`,
      ...compare(res, [r1, r5, fbs, rnp], [
        { name: "acc(ours R_r=1) − acc(FBS-style) in pt", a: r1, b: fbs, metric: "accuracy", claimed: "greater" },
        { name: "acc(ours R_r=0.5) − acc(FBS-style) in pt", a: r5, b: fbs, metric: "accuracy", claimed: "greater" },
        { name: "acc(FBS-style) − acc(RNP-style) in pt", a: fbs, b: rnp, metric: "accuracy", claimed: "greater" },
      ]),
    });
    const mac = [r1, r5, fbs].map((s) => s.ci.speedup.point);
    rows.push({
      claim: "The RL agents meet the computation budget of the uniform methods (same speed-up on MACs, 3.92× vs FBS 3.93×); RNP cannot set an exact ratio (3.56×)",
      source: "Table 6.1",
      whatWeRan: ran("MACs counted per test input from the final masks"),
      ourNumbers: `speed-up: ours R_r=1 ${mac[0]!.toFixed(2)}×, R_r=0.5 ${mac[1]!.toFixed(2)}×, FBS-style ${mac[2]!.toFixed(2)}×, RNP-style ${rnp.ci.speedup.point.toFixed(2)}×`,
      ...budgetVerdict(res, [r1, r5], Math.abs(mac[0]! / mac[2]! - 1) < 0.15 && Math.abs(mac[1]! / mac[2]! - 1) < 0.15),
    });
  }
  if (r5 && r1) {
    rows.push({
      claim: "With R_r = 0.5 the pruned net stores fewer parameters than the backbone (0.78×), runtime-only stores more (1.31×)",
      source: "Table 6.1",
      whatWeRan: ran("stored = backbone weights left after the §6.3.5 permanent removal + f(·) on the stored channels; agents' parameters not included (reported separately)"),
      ourNumbers: `#params: R_r=0.5 ${ci(r5, "paramRatio", (x) => x.toFixed(3) + "×")}, R_r=1 ${ci(r1, "paramRatio", (x) => x.toFixed(3) + "×")}; runtime agent ${Math.round(res.seeds[0]!.runs.find((r) => r.id === "ours-rr1@0.5")?.runtimeAgentParams ?? 0)} params`,
      ...decided(
        { kind: "by construction", why: `the §6.3.5 removal formula stores every channel at R_r = 1 (plus f(·)) and removes ⌊(1−R_r)(C−⌈a^s C⌉)⌋ per layer at R_r = 0.5, so the ordering follows from R_r whatever was learned (measured: R_r=0.5 ${r5.ci.paramRatio.point.toFixed(3)}×, R_r=1 ${r1.ci.paramRatio.point.toFixed(3)}×)` },
        "The 1.31× of the thesis also holds extra stored parameters the text does not explain (research D.6); our agents (RNN hidden 128) would dominate a ×1/8-width net, so they are listed apart.",
      ),
    });
    rows.push({
      claim: "CPU time per batch falls when static pruning removes channels (110.7 ms at R_r = 0.5 vs 178.3 ms at R_r = 1)",
      source: "Table 6.1 (CPU time column)",
      whatWeRan: ran(`forward pass of the stored (physically smaller) net, batch ${cfg.timingBatch}, fastest of ${cfg.timingReps}; ${backendWords(res.backend)}`),
      ourNumbers: `R_r=0.5 ${ci(r5, "cpuMsStored", (x) => x.toFixed(1) + " ms")}, R_r=1 ${ci(r1, "cpuMsStored", (x) => x.toFixed(1) + " ms")}; skipping the runtime-pruned channels as well: ${r5.ci.cpuMsSkip.point.toFixed(1)} / ${r1.ci.cpuMsSkip.point.toFixed(1)} ms`,
      ...timingVerdict(diffs(r1, r5, "cpuMsStored"), "Runtime-pruned channels differ per input, so dense batched kernels cannot skip them; only permanently removed channels shrink the batched forward."),
    });
  }
  const lat = res.seeds.filter((s) => s.latency.length > 1);
  if (lat.length > 0) {
    const speeds = lat[0]!.latency.map((l) => l.sparsity).map((s) => lat.map((x) => x.latency.find((l) => l.sparsity === s)!.speedupMeasured).reduce((a, b) => a + b, 0) / lat.length);
    const ratios = lat[0]!.latency.map((l) => l.sparsity);
    const monotone = speeds.every((v, i) => i === 0 || v >= speeds[i - 1]! * 0.97);
    rows.push({
      claim: "Pruning channels makes inference faster (the speed-up columns)",
      source: "Tables 6.1, 6.2",
      whatWeRan: `${res.tier} tier: physically pruned forward pass (kept channels gathered into smaller convs), batch ${cfg.timingBatch}, uniform keep ratios ${ratios.join(", ")}`,
      ourNumbers: `measured CPU speed-up ${speeds.map((v, i) => `${ratios[i]}: ${v.toFixed(2)}×`).join(", ")} vs MAC speed-up ${lat[0]!.latency.map((l) => (1 / l.macFraction).toFixed(2) + "×").join(", ")}`,
      ...exact(monotone && speeds[speeds.length - 1]! > 1.2, "measured speed-up not monotone in the keep ratio or under 1.2× at the lowest ratio", "Measured time falls less than MACs at this tiny width (fixed per-op overhead)."),
    });
  }
  const s7 = g("ours-rr0.5@0.7");
  if (s7 && un) {
    rows.push({
      claim: "At sparsity 0.7 with R_r = 0.5 the pruned net beats the baseline with 2× speed-up and fewer parameters (+0.64 pt, 0.97×)",
      source: "Table 6.2, §6.4.1",
      whatWeRan: ran("ours (R_r = 0.5) at keep ratio 0.7 vs the unpruned backbone given the same extra training steps"),
      ourNumbers: `Δacc ${ci(s7, "deltaAcc", pp)}, speed-up ${s7.ci.speedup.point.toFixed(2)}×, #params ${s7.ci.paramRatio.point.toFixed(3)}×`,
      ...compare(res, [s7, un], [{ name: "acc(ours R_r=0.5 at 0.7) − acc(unpruned) in pt", a: s7, b: un, metric: "accuracy", claimed: "greater" }]),
    });
  }
  const sep = g("separate@0.5");
  const fpgm = g("fpgm+fbs@0.5");
  if (r1 && r5 && sep && fpgm) {
    const a = diffs(r5, sep, "accuracy");
    const b = diffs(r5, fpgm, "accuracy");
    rows.push({
      claim: "Joint static+runtime training beats separate training (−0.84 vs −2.04 pt) and FPGM+FBS (−1.61 pt); runtime-only is best",
      source: "Table 6.3, §6.4.3",
      whatWeRan: ran("keep ratio 0.5: joint (R_r = 0.5), separate static-then-runtime (§6.4.3), FPGM-style + FBS-style, runtime only"),
      ourNumbers: `acc: runtime-only ${ci(r1, "accuracy", pct)}, joint ${ci(r5, "accuracy", pct)}, separate ${ci(sep, "accuracy", pct)}, FPGM+FBS ${ci(fpgm, "accuracy", pct)}; joint−separate ${diffText(a, pp)}; joint−FPGM+FBS ${diffText(b, pp)}`,
      ...compare(res, [r1, r5, sep, fpgm], [
        { name: "acc(joint) − acc(separate) in pt", a: r5, b: sep, metric: "accuracy", claimed: "greater" },
        { name: "acc(joint) − acc(FPGM+FBS) in pt", a: r5, b: fpgm, metric: "accuracy", claimed: "greater" },
        { name: "acc(runtime-only) − acc(joint) in pt", a: r1, b: r5, metric: "accuracy", claimed: "greater" },
      ]),
    });
  }
  const lr2 = sums.find((s) => s.tables.includes("6.4") && s.cnnLr === 1e-2);
  if (lr2) {
    rows.push({
      claim: "CNN learning rate 1e-2 collapses the pruned net to chance (10.00 %)",
      source: "Table 6.4",
      whatWeRan: ran("ours (R_r = 0.5) at keep ratio 0.5 with CNN & f(·) lr 1e-2"),
      ourNumbers: `acc ${ci(lr2, "accuracy", pct)} (chance 10 %)`,
      ...exact(lr2.ci.accuracy.hi < 0.15, `accuracy interval ${ci(lr2, "accuracy", pct)} reaches 15 % (chance + 5 pt)`, "Collapse read as the whole 95% interval under 15 %; a failure to learn is the claim here, so no learning check applies."),
    });
  }
  const base = r5;
  const a10 = sums.find((s) => s.id === "lr-a10-c0.001@0.5");
  const a01 = sums.find((s) => s.id === "lr-a0.1-c0.001@0.5");
  const c4 = sums.find((s) => s.id === "lr-a1-c0.0001@0.5");
  if (base && a10 && a01 && c4) {
    rows.push({
      claim: "The chosen rates (agent 1e-6, CNN 1e-3) beat agent ×10, agent ×0.1 and CNN 1e-4 (91.23 vs 89.95, 90.79, 90.67 %)",
      source: "Table 6.4",
      whatWeRan: ran(`agent lr ${cfg.hyper.agentLr} scaled ×10 and ×0.1 (the thesis's 1e-6 cannot move an agent in our few hundred updates), CNN lr 1e-3 vs 1e-4`),
      ourNumbers: `acc: chosen ${ci(base, "accuracy", pct)}, agent×10 ${ci(a10, "accuracy", pct)}, agent×0.1 ${ci(a01, "accuracy", pct)}, CNN 1e-4 ${ci(c4, "accuracy", pct)}`,
      ...compare(res, [base, a10, a01, c4], [
        { name: "acc(chosen) − acc(agent lr ×10) in pt", a: base, b: a10, metric: "accuracy", claimed: "greater" },
        { name: "acc(chosen) − acc(agent lr ×0.1) in pt", a: base, b: a01, metric: "accuracy", claimed: "greater" },
        { name: "acc(chosen) − acc(CNN lr 1e-4) in pt", a: base, b: c4, metric: "accuracy", claimed: "greater" },
      ]),
    });
  }
  const budget = sums.filter((s) => s.id.startsWith("ours-rr0.5@") && s.tables.includes("6.2fig")).sort((a, b) => b.sparsity - a.sparsity);
  if (budget.length >= 3) {
    const at05 = budget.find((s) => s.sparsity === 0.5);
    const low = budget.filter((s) => s.sparsity < 0.5).sort((a, b) => b.sparsity - a.sparsity);
    rows.push({
      claim: "Accuracy is held for sparsity ≥ ~0.5 (≈ 4× fewer MACs) and drops below",
      source: "Fig. 6.2, §6.4.2",
      whatWeRan: ran(`ours (R_r = 0.5) at keep ratios ${budget.map((s) => s.sparsity).join(", ")}`),
      ourNumbers: budget.map((s) => `s=${s.sparsity}: Δacc ${ci(s, "deltaAcc", pp)} at ${s.ci.speedup.point.toFixed(2)}×`).join("; "),
      ...(at05 && low.length > 0
        ? compare(res, [at05, low[0]!, ...(un ? [un] : [])], [
            { name: `Δacc(s=0.5) vs unpruned in pt`, a: at05, metric: "deltaAcc", claimed: "greater", noEffect: -1 },
            { name: `acc(s=${low[0]!.sparsity}) − acc(s=0.5) in pt`, a: low[0]!, b: at05, metric: "accuracy", claimed: "less" },
          ])
        : { verdict: "inconclusive" as const, why: "interval too wide: no run at keep ratio 0.5 and below to compare" }),
    });
  }
  const rr = sums.filter((s) => s.tables.includes("6.3fig")).sort((a, b) => a.rr - b.rr);
  if (rr.length >= 3) {
    const ra = spearman(rr.map((s) => s.rr), rr.map((s) => s.ci.accuracy.point));
    const rp = spearman(rr.map((s) => s.rr), rr.map((s) => s.ci.paramRatio.point));
    const what = ran(`ours at keep ratio 0.5 (thesis: 0.45, changed to share Table 6.1's runs), R_r ∈ {${rr.map((s) => s.rr).join(", ")}}`);
    rows.push({
      claim: "When R_r diminishes the parameter storage is reduced",
      source: "Fig. 6.3, §6.4.2",
      whatWeRan: what,
      ourNumbers: `#params ${rr.map((s) => `${s.rr}: ${ci(s, "paramRatio", (x) => x.toFixed(2) + "×")}`).join(", ")} (Spearman ρ ${rp.toFixed(2)})`,
      ...decided({ kind: "by construction", why: `at a fixed static ratio the §6.3.5 formula removes ⌊(1−R_r)(C−⌈a^s C⌉)⌋ channels per layer, so storage falls with R_r whatever was learned (Spearman ρ of the means ${rp.toFixed(2)})` }),
    });
    const lo = rr[0]!;
    const hi = rr[rr.length - 1]!;
    const d = diffs(hi, lo, "accuracy");
    rows.push({
      claim: "With R_r close to 1 the accuracy becomes higher; as R_r diminishes accuracy decreases",
      source: "Fig. 6.3, §6.4.2",
      whatWeRan: what,
      ourNumbers: `acc ${rr.map((s) => `${s.rr}: ${ci(s, "accuracy", pct)}`).join(", ")} (Spearman ρ ${ra.toFixed(2)}); acc(R_r=${hi.rr}) − acc(R_r=${lo.rr}) ${diffText(d, pp)}`,
      ...compare(res, [hi, lo], [{ name: `acc(R_r=${hi.rr}) − acc(R_r=${lo.rr}) in pt`, a: hi, b: lo, metric: "accuracy", claimed: "greater" }]),
    });
  }
  rows.push({
    claim: "Table 6.2 prints Δacc = 0.629 for ours (R_r = 0.5) at sparsity 0.7",
    source: "Table 6.2",
    whatWeRan: "arithmetic on the printed columns",
    ourNumbers: "92.714 − 92.07 = 0.644",
    ...exact(Math.abs(92.714 - 92.07 - 0.629) < 5e-4, "92.714 − 92.07 = 0.644 ≠ 0.629", "Arithmetic slip in the table (every other Δ in Tables 6.1–6.6 matches its columns)."),
  });
  rows.push({
    claim: "Absolute CIFAR-10 accuracies (baseline 92.07 %), GPU (P100) and CPU times, FBS/RNP numbers from their released code",
    source: "Tables 6.1–6.4",
    whatWeRan: `${res.dataset} instead of CIFAR-10 (a real CIFAR-10 loader exists: data.loadCifar10 after an explicit data.downloadCifar10()); re-implemented baselines`,
    ourNumbers: "see the tables above",
    ...decided({ kind: "not reproducible here", why: "No CIFAR-10 offline and a 2-core CPU budget: the network is 1/8 wide and trains for minutes; the baselines' code (mayo, RNP) is not used." }),
  });
  rows.push({
    claim: "ResNet-18 and MobileNet on ImageNet: ours (R_r = 0.5) has the smallest top-1 drop (−1.03 / −0.3 pt) at ~2× MAC speed-up and 0.81× params",
    source: "Tables 6.5, 6.6",
    whatWeRan: "not run",
    ourNumbers: "—",
    ...decided({ kind: "not reproducible here", why: "ImageNet (1.28 M images) and ResNet-18/MobileNet training are far beyond a 2-core CPU and no ImageNet copy is available offline." }),
  });
  rows.push({
    claim: "R'_acc = R_acc / β_b normalises the accuracy reward",
    source: "§6.3.3.1",
    whatWeRan: "unit check on the formula (test/pruning/rewards-features.test.ts)",
    ourNumbers: "losses 2.0, 1.0 with λ = 0.9: as printed R' = 1, 0.526 (rewards the higher loss); with |β_b|: −1, −0.526",
    ...exact(false, "β_b < 0, so dividing by β_b flips the sign; we use R_acc / |β_b|."),
  });
  return rows;
}
