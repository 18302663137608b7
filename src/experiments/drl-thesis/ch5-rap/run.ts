/**
 * The runs of `drl-thesis/ch5-rap` (chapter.ts stores each as one group under
 * data/results/drl-thesis/ch5-rap/<experiment>/<method>/seed-<k>.{csv,json}):
 *
 *   runSandboxSeed(cfg, seed)        one sandbox seed: a fresh mean-closed MDP, its exact metrics,
 *                                    one transition set, every method's encoder evaluated untrained
 *                                    and trained (tables sandbox/eval, sandbox/loss, sandbox/mdp)
 *   runSampledLossChecks(cfg, seed)  checks N5, N16, N17 on tabular quantities (sampled-loss-checks/tabular)
 *
 * All randomness flows from the seed through named `Rng.fork`s: "mdp", "data", "eval-renderings",
 * then one fork per method name (initialisation and training draws), so a method draws the same
 * numbers whichever other methods run.
 */
import { disposeSandbox, distanceMatrix, embedObservations, initSandbox, pairDistances, trainSandbox, type SandboxMethod } from "../../../agents/sandbox.js";
import { storedTable, type TypedRow } from "../../../analysis/results/typed.js";
import { ReproError } from "../../../core/errors.js";
import { Rng } from "../../../core/rng.js";
import { evaluatePolicy } from "../../../mdp/evaluate.js";
import { randomMdp, randomPolicy } from "../../../mdp/generate.js";
import { renderEveryState, sampleObservedTransitions, type ObservedTransitions } from "../../../mdp/observations.js";
import type { FiniteMdp, Policy } from "../../../mdp/types.js";
import { meanClosedMdp } from "../../../metrics/examples.js";
import { micoMetric, shiftMicoMetric } from "../../../metrics/mico.js";
import { meanNextStateMap, oneHotEmbedding, rapMetric, rapVarianceForm } from "../../../metrics/rap.js";
import { invarianceGap, linearProbeError, metricCorrelation, renderingSpread, stateMeanEmbeddings, valueGapMatrix } from "../../../metrics/representation-eval.js";
import { fitGaussianHead, practicalRapIteration, sampledMicoIteration } from "../../../metrics/sampled-losses.js";
import type { Ch5RapConfig } from "./config.js";

export const CH5_RAP_CHAPTER = "drl-thesis/ch5-rap";

/** One row per method and phase ("untrained" | "trained"): correlations, invariance, probe, loss. */
export const SANDBOX_EVAL = storedTable("sandbox", "eval", {
  method: "string",
  loss: "string",
  phase: "string",
  pearsonM: "number",
  pearsonShift: "number",
  pearsonG: "number",
  pearsonValue: "number",
  spearmanM: "number",
  spearmanShift: "number",
  spearmanG: "number",
  spearmanValue: "number",
  renderingSpread: "number",
  invarianceGap: "number",
  probeError: "number",
  lossFirst: "number",
  lossLast: "number",
  wallSec: "number",
} as const);
/** The metric loss curve of each method (mean over windows of `logEvery` steps). */
export const SANDBOX_LOSS = storedTable("sandbox", "loss", { method: "string", step: "number", loss: "number" } as const);
/** Facts about the seed's MDP: how the exact references relate to each other. */
export const SANDBOX_MDP = storedTable("sandbox", "mdp", { quantity: "string", value: "number" } as const);
/** One row per tabular check: its statistic, the threshold it is compared with, and whether it holds. */
export const SAMPLED_CHECKS = storedTable("sampled-loss-checks", "tabular", {
  check: "string",
  case: "string",
  statistic: "string",
  value: "number",
  relation: "string",
  threshold: "number",
  holds: "number",
} as const);

export type SandboxEvalRow = TypedRow<typeof SANDBOX_EVAL.columns>;
export type SandboxLossRow = TypedRow<typeof SANDBOX_LOSS.columns>;
export type SandboxMdpRow = TypedRow<typeof SANDBOX_MDP.columns>;
export type SampledCheckRow = TypedRow<typeof SAMPLED_CHECKS.columns>;

export interface SandboxSeedResult {
  eval: SandboxEvalRow[];
  loss: SandboxLossRow[];
  mdp: SandboxMdpRow[];
  wallTimeSec: number;
}

/** The seed's MDP and its exact references (n × n matrices). */
export interface SandboxReferences {
  mdp: FiniteMdp;
  pi: Policy;
  V: Float64Array;
  dM: Float64Array;
  dShift: Float64Array;
  dG: Float64Array;
  valueGap: Float64Array;
}

export function sandboxReferences(cfg: Ch5RapConfig, rng: Rng): SandboxReferences {
  const ex = meanClosedMdp(rng, { nStates: cfg.nStates, nActions: cfg.nActions, gamma: cfg.gamma, rewards: "random" });
  const V = evaluatePolicy(ex.mdp, ex.pi);
  return { mdp: ex.mdp, pi: ex.pi, V, dM: micoMetric(ex.mdp, ex.pi), dShift: shiftMicoMetric(ex.mdp, ex.pi), dG: rapMetric(ex.mdp, ex.pi, ex.meanMap), valueGap: valueGapMatrix(V) };
}

const mean = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0) / a.length;

function evaluate(method: SandboxMethod, cfg: Ch5RapConfig, refs: SandboxReferences, encoder: Parameters<typeof embedObservations>[0], evalObs: Float32Array, obsDim: number) {
  const n = cfg.nStates;
  const K = cfg.evalRenderings;
  const Z = cfg.training.latent;
  const emb = embedObservations(encoder, evalObs, obsDim);
  const D = distanceMatrix(method, stateMeanEmbeddings(emb, n, K, Z), Z);
  const first = new Float64Array(n * Z);
  const second = new Float64Array(n * Z);
  for (let s = 0; s < n; s++) {
    first.set(emb.subarray(s * K * Z, (s * K + 1) * Z), s * Z);
    second.set(emb.subarray((s * K + 1) * Z, (s * K + 2) * Z), s * Z);
  }
  const c = (ref: Float64Array) => metricCorrelation(D, ref);
  const [cm, cs, cg, cv] = [c(refs.dM), c(refs.dShift), c(refs.dG), c(refs.valueGap)];
  return {
    pearsonM: cm.pearson,
    pearsonShift: cs.pearson,
    pearsonG: cg.pearson,
    pearsonValue: cv.pearson,
    spearmanM: cm.spearman,
    spearmanShift: cs.spearman,
    spearmanG: cg.spearman,
    spearmanValue: cv.spearman,
    renderingSpread: renderingSpread(emb, n, K, Z),
    invarianceGap: invarianceGap(pairDistances(method, first, second, Z), pairDistances(method, first, first, Z), pairDistances(method, second, second, Z), D),
    probeError: linearProbeError(emb, n, K, Z, refs.V),
  };
}

/** One sandbox seed (see the file comment). `log` gets one line per method. */
export function runSandboxSeed(cfg: Ch5RapConfig, seed: number, log: (line: string) => void = () => {}): SandboxSeedResult {
  if (!Number.isInteger(seed) || seed < 0) throw new ReproError(`seed must be a non-negative integer, got ${seed}`);
  const t0 = performance.now();
  const root = new Rng(seed);
  const refs = sandboxReferences(cfg, root.fork("mdp"));
  const data: ObservedTransitions = sampleObservedTransitions(root.fork("data"), refs.mdp, refs.pi, cfg.transitions, cfg.render);
  const evalObs = renderEveryState(root.fork("eval-renderings"), cfg.nStates, cfg.evalRenderings, cfg.render);
  const refCorr = (a: Float64Array, b: Float64Array) => metricCorrelation(a, b).pearson;
  const mdp: SandboxMdpRow[] = [
    { quantity: "pearson(d_M, d̃_M)", value: refCorr(refs.dM, refs.dShift) },
    { quantity: "pearson(d_M, d_G)", value: refCorr(refs.dM, refs.dG) },
    { quantity: "pearson(d_M, |ΔV|)", value: refCorr(refs.dM, refs.valueGap) },
    { quantity: "pearson(d̃_M, |ΔV|)", value: refCorr(refs.dShift, refs.valueGap) },
    { quantity: "pearson(d_G, |ΔV|)", value: refCorr(refs.dG, refs.valueGap) },
    { quantity: "mean d_M", value: mean(refs.dM) },
    { quantity: "mean d̃_M − d_M", value: mean(refs.dShift.map((x, k) => x - refs.dM[k]!)) },
    { quantity: "mean d_G", value: mean(refs.dG) },
    { quantity: "std V^π", value: Math.sqrt(mean(refs.V.map((v) => (v - mean(refs.V)) ** 2))) },
  ];
  const evalRows: SandboxEvalRow[] = [];
  const lossRows: SandboxLossRow[] = [];
  for (const method of cfg.methods) {
    const rng = root.fork(`method-${method.name}`);
    const tm = performance.now();
    const { encoder, models } = initSandbox(method, data, cfg.training, rng);
    try {
      const base = { method: method.name, loss: method.loss };
      evalRows.push({ ...base, phase: "untrained", ...evaluate(method, cfg, refs, encoder, evalObs, data.obsDim), lossFirst: NaN, lossLast: NaN, wallSec: 0 });
      const curve = trainSandbox(method, data, cfg.training, encoder, models, rng);
      for (const p of curve) lossRows.push({ method: method.name, step: p.step, loss: p.loss });
      const wallSec = (performance.now() - tm) / 1000;
      const row: SandboxEvalRow = { ...base, phase: "trained", ...evaluate(method, cfg, refs, encoder, evalObs, data.obsDim), lossFirst: curve[0]!.loss, lossLast: curve[curve.length - 1]!.loss, wallSec };
      evalRows.push(row);
      log(`seed ${seed} ${method.name}: loss ${row.lossFirst.toPrecision(3)} → ${row.lossLast.toPrecision(3)}, pearson with d_M ${row.pearsonM.toFixed(3)}, d̃_M ${row.pearsonShift.toFixed(3)}, d_G ${row.pearsonG.toFixed(3)}, |ΔV| ${row.pearsonValue.toFixed(3)} (${wallSec.toFixed(1)} s)`);
    } finally {
      disposeSandbox(encoder, models);
    }
  }
  return { eval: evalRows, loss: lossRows, mdp, wallTimeSec: (performance.now() - t0) / 1000 };
}

const sup = (a: Float64Array, b: Float64Array) => a.reduce((m, x, k) => Math.max(m, Math.abs(x - b[k]!)), 0);

function checkRow(check: string, kase: string, statistic: string, value: number, relation: "<" | ">", threshold: number): SampledCheckRow {
  const holds = relation === "<" ? value < threshold : value > threshold;
  return { check, case: kase, statistic, value, relation, threshold, holds: holds ? 1 : 0 };
}

/**
 * N5, N16 and N17 (research Part B) with the library's tabular iterations (src/metrics/sampled-losses.ts),
 * each statistic against the tolerance the research notes set.
 */
export function runSampledLossChecks(cfg: Ch5RapConfig, seed: number): { rows: SampledCheckRow[]; wallTimeSec: number } {
  const t0 = performance.now();
  const root = new Rng(seed);
  const c = cfg.checks;
  const rows: SampledCheckRow[] = [];
  // N5 — n = 5, A = 3, γ = 0.9, Dirichlet transitions and policy (the notes' prototype shape)
  for (let k = 0; k < c.n5Mdps; k++) {
    const r = root.fork(`n5-${k}`);
    const mdp = randomMdp(r.fork("mdp"), { nStates: 5, nActions: 3, gamma: 0.9 });
    const pi = randomPolicy(r.fork("pi"), mdp);
    const dM = micoMetric(mdp, pi);
    const dS = shiftMicoMetric(mdp, pi);
    const gap = sup(dS, dM);
    const sampled = sampledMicoIteration(mdp, pi, { steps: c.n5Steps, reward: "sampled", rng: r.fork("sampled") });
    const expected = sampledMicoIteration(mdp, pi, { steps: c.n5Steps, reward: "expected", rng: r.fork("expected") });
    const kase = `MDP ${k} (‖d̃_M − d_M‖∞ = ${gap.toFixed(3)})`;
    rows.push(
      checkRow("N5", kase, "loss (5.7): ‖D − d̃_M‖∞", sup(sampled, dS), "<", c.n5Tolerance),
      checkRow("N5", kase, "loss (5.7): ‖D − d_M‖∞ (≈ ‖Γ‖∞, > half of it)", sup(sampled, dM), ">", gap / 2),
      checkRow("N5", kase, "loss (5.6): ‖D − d_M‖∞", sup(expected, dM), "<", c.n5Tolerance),
      checkRow("N5", kase, "loss (5.6): ‖D − d̃_M‖∞ (> half of ‖Γ‖∞)", sup(expected, dS), ">", gap / 2),
    );
  }
  // N16 — deterministic transitions (d_G defined with one-hot states; exact heads)
  for (let k = 0; k < c.n16Mdps; k++) {
    const r = root.fork(`n16-${k}`);
    const mdp = randomMdp(r.fork("mdp"), { nStates: 5, nActions: 3, gamma: 0.9, transitions: "deterministic" });
    const mm = meanNextStateMap(mdp, oneHotEmbedding(5));
    for (const kind of ["deterministic", "stochastic"] as const) {
      const pi = randomPolicy(r.fork(`pi-${kind}`), mdp, { kind });
      const dG = rapMetric(mdp, pi, mm);
      const kase = `MDP ${k}, ${kind} π (mean d_G = ${mean(dG).toFixed(3)})`;
      rows.push(checkRow("N16", kase, "(5.14) form at d_G: ‖F(d_G) − d_G‖∞", sup(rapVarianceForm(mdp, pi, mm, dG), dG), "<", 1e-7));
      const fromDG = practicalRapIteration(mdp, pi, mm, { init: dG, sweeps: c.n16Sweeps });
      if (kind === "deterministic") {
        rows.push(checkRow("N16", kase, "(5.15) from d_G: ‖D − d_G‖∞ (d_G stays a fixed point)", sup(fromDG.D, dG), "<", 1e-6));
        const fromSmall = practicalRapIteration(mdp, pi, mm, { init: new Float64Array(25).fill(0.01), sweeps: c.n16Sweeps });
        // a second root: the iteration settles (last change < 1e-9) away from d_G
        const settled = fromSmall.lastChange < 1e-9;
        const away = checkRow("N16", kase, `(5.15) from 0.01: ‖D − d_G‖∞ (> 0.1 and settled = second root; last change ${fromSmall.lastChange.toExponential(1)}${settled ? "" : ", not settled"})`, sup(fromSmall.D, dG), ">", 0.1);
        rows.push({ ...away, holds: away.holds === 1 && settled ? 1 : 0 });
      } else {
        rows.push(checkRow("N16", kase, `(5.15) from d_G: mean D − mean d_G (< −0.05 = downward bias; last change ${fromDG.lastChange.toExponential(1)})`, mean(fromDG.D) - mean(dG), "<", -0.05));
      }
    }
  }
  // N17 — one Gaussian reward head per state of a random MDP: r(s, a), a ~ π(·|s)
  {
    const r = root.fork("n17");
    const mdp = randomMdp(r.fork("mdp"), { nStates: 3, nActions: 3, gamma: 0.9 });
    const pi = randomPolicy(r.fork("pi"), mdp);
    for (let s = 0; s < 3; s++) {
      const w = Array.from(pi.subarray(s * 3, s * 3 + 3));
      const rs = Array.from(mdp.R.subarray(s * 3, s * 3 + 3));
      const mu = w.reduce((a, p, i) => a + p * rs[i]!, 0);
      const variance = w.reduce((a, p, i) => a + p * (rs[i]! - mu) ** 2, 0);
      const draw = (g: Rng) => () => {
        let u = g.uniform();
        for (let i = 0; i < 3; i++) if ((u -= w[i]!) < 0) return rs[i]!;
        return rs[2]!;
      };
      const kase = `state ${s} (Var_π r = ${variance.toFixed(4)})`;
      const sigmaMax = 10;
      const printed = fitGaussianHead(draw(r.fork(`printed-${s}`)), { loss: "printed", steps: c.n17Steps, lr: c.n17PrintedLr, sigmaMax });
      const nll = fitGaussianHead(draw(r.fork(`nll-${s}`)), { loss: "nll", steps: c.n17Steps, lr: c.n17Lr, sigmaMax });
      rows.push(
        checkRow("N17", kase, `printed L_r: |σ̂² − Var|/Var (σ̂ = ${printed.sigma.toPrecision(4)}, bound ${sigmaMax})`, Math.abs(printed.sigma ** 2 - variance) / variance, "<", 0.02),
        checkRow("N17", kase, `NLL: |σ̂² − Var|/Var (σ̂ = ${nll.sigma.toPrecision(4)})`, Math.abs(nll.sigma ** 2 - variance) / variance, "<", 0.02),
      );
    }
  }
  return { rows, wallTimeSec: (performance.now() - t0) / 1000 };
}
