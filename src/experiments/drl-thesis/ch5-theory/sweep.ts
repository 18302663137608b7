/**
 * The per-MDP checks of the main sweep (issue 4 item 4; research note seed000-ch5-7 N1–N9,
 * N13): contraction and uniqueness of F_B (5.1), F_M (5.3), F̃_M (Def. 5.5.1) and — where it
 * is defined on a finite MDP, i.e. deterministic transitions under the one-hot embedding —
 * F_G (5.9); the value bounds (5.2), (5.4), (5.10) and the chain (5.8); d_B ≤ d_M; the
 * shift-MICo gap and Lemma 5.5.4; identity (5.11) and form (5.12); the lifted MDPs of
 * §5.9.1; the induction of §5.9.2. The check functions are src/metrics/checks.ts; this file
 * only decides which run where (the exact-W1 probes are budgeted), sets tolerances relative
 * to the MDP's scale, and flattens the outcome into one stored row per MDP.
 */

import { evaluatePolicy } from "../../../mdp/evaluate.js";
import type { StateMatrix } from "../../../mdp/types.js";
import type { Rng } from "../../../core/rng.js";
import type { Row } from "../../../analysis/results/store.js";
import { bisimulationMetric, bisimulationOperator } from "../../../metrics/bisimulation.js";
import {
  checkContraction,
  checkLemma554,
  checkLiftedMdp,
  checkMicoChain,
  checkOrdered,
  checkPseudometric,
  checkRapInduction,
  checkRapVarianceForm,
  checkRewardIdentity,
  checkShiftGap,
  checkUniqueness,
  checkValueBound,
  type CheckResult,
} from "../../../metrics/checks.js";
import { solveMetric } from "../../../metrics/fixed-point.js";
import { micoOperator, shiftMicoOperator } from "../../../metrics/mico.js";
import { meanNextStateMap, oneHotEmbedding, rapOperator, rapVarianceForm } from "../../../metrics/rap.js";
import {
  expectedAbsRewardDifference,
  expectedSquaredRewardDifference,
  policyRewardVariance,
} from "../../../metrics/rewards.js";
import { meanPolicyEntropy, meanRewardSpread, type SweepCase } from "./cases.js";
import type { Ch5Config } from "./config.js";
import { flag, maxAbs, maxAbsDiff, minus, offDiagonalMean, sig, tightness } from "./util.js";

/** Every check of the sweep, in claims-table order: column prefix → what it tests. */
export const SWEEP_CHECKS = {
  contrB: "F_B (5.1) L∞ contraction, ratio ≤ γ + 1e-12",
  contrM: "F_M (5.3) L∞ contraction, ratio ≤ γ + 1e-12",
  contrS: "F̃_M (Def. 5.5.1) L∞ contraction, ratio ≤ γ + 1e-12",
  contrG: "F_G (5.9) L∞ contraction, ratio ≤ γ + 1e-12 (deterministic transitions)",
  uniqB: "F_B unique fixed point (3 starts agree)",
  uniqM: "F_M unique fixed point (3 starts agree)",
  uniqS: "F̃_M unique fixed point (3 starts agree)",
  uniqG: "F_G unique fixed point (3 starts agree)",
  boundB: "(5.2) |ΔV| ≤ d_B",
  boundM: "(5.4) |ΔV| ≤ d_M",
  chain: "(5.8) |ΔV| ≤ d_M ≤ d̃_M",
  boundG: "(5.10) |ΔV| ≤ d_G (deterministic transitions)",
  bLeM: "d_B ≤ d_M (independent coupling is feasible for W1)",
  pseudoB: "d_B is a pseudometric (Thm 5.4.1)",
  gap: "Γ = d̃_M − d_M ≥ 0, = 0 iff Lemma 5.5.4 conditions",
  lemma554: "Lemma 5.5.4: R̃(s,s) ≥ 0, = 0 iff r(s,·) constant on supp π",
  identity511: "(5.11) E(r_i−r_j)² − (Er_i−Er_j)² = Var r_i + Var r_j",
  form512: "(5.12) variance form reproduces d_G",
  gEqM: "d_G = d_M for deterministic transitions",
  lifted: "Lemmas 5.9.2–5.9.4: lifted-MDP values = d_M, d̃_M; V_Δ = Γ ≥ 0",
  induction: "§5.9.2 induction: |ΔV| ≤ F_G^k(d_0) for all k",
} as const;
export type SweepCheckId = keyof typeof SWEEP_CHECKS;
export const SWEEP_CHECK_IDS = Object.keys(SWEEP_CHECKS) as SweepCheckId[];

export interface SweepOutcome {
  row: Row;
  /** Scatter points (normalised by (1 − γ)/max|R|): one per (pair, metric). */
  pairs: Row[];
}

function notRun(): CheckResult {
  return { name: "not run", holds: true, worstSlack: Number.NaN };
}

/** Run every applicable check on one sweep case. `keepPairs` = scatter points to keep. */
export function runSweepCase(c: SweepCase, rng: Rng, cfg: Ch5Config, keepPairs: number): SweepOutcome {
  const t0 = performance.now();
  const { mdp, pi, info } = c;
  const n = mdp.nStates;
  const g = mdp.gamma;
  const V = evaluatePolicy(mdp, pi);
  // Tolerances relative to the size of the values (rewards up to 10, 1/(1−γ) up to 100).
  const vScale = Math.max(1, maxAbs(V));
  const rScale = Math.max(1, maxAbs(mdp.R));
  const valueTol = 1e-9 * vScale;
  const solveTol = 1e-11 * vScale;

  const opM = micoOperator(mdp, pi);
  const opS = shiftMicoOperator(mdp, pi);
  const opB = bisimulationOperator(mdp, pi);
  const dM = solveMetric(opM, solveTol);
  const dS = solveMetric(opS, solveTol);
  const bis = bisimulationMetric(mdp, pi, { tol: solveTol });
  const dB = bis.d;

  const res: Partial<Record<SweepCheckId, CheckResult>> = {};
  res.contrM = checkContraction(opM, g, rng.fork("contrM"), { samples: 8 });
  res.contrS = checkContraction(opS, g, rng.fork("contrS"), { samples: 8 });
  res.contrB =
    n <= cfg.bisimContractionMaxStates
      ? checkContraction(opB, g, rng.fork("contrB"), { samples: cfg.bisimContractionSamples })
      : notRun();
  const uniqTol = 1e-8 * vScale;
  res.uniqM = checkUniqueness(opM, g, rng.fork("uniqM"), { tol: uniqTol });
  res.uniqS = checkUniqueness(opS, g, rng.fork("uniqS"), { tol: uniqTol });
  res.uniqB =
    n <= cfg.bisimUniquenessMaxStates && g <= cfg.bisimUniquenessMaxGamma
      ? checkUniqueness(bisimulationOperator(mdp, pi), g, rng.fork("uniqB"), { tol: uniqTol })
      : notRun();

  res.boundB = checkValueBound(V, dB, { tol: valueTol });
  res.boundM = checkValueBound(V, dM, { tol: valueTol });
  res.chain = checkMicoChain(V, dM, dS, valueTol);
  res.bLeM = checkOrdered(dB, dM, "d_B ≤ d_M", valueTol);
  res.pseudoB = checkPseudometric(dB, n, valueTol);
  res.gap = checkShiftGap(mdp, pi, dM, dS, valueTol);
  res.lemma554 = checkLemma554(mdp, pi, expectedAbsRewardDifference(mdp, pi), 1e-12 * rScale);
  res.identity511 = checkRewardIdentity(
    mdp,
    pi,
    expectedSquaredRewardDifference(mdp, pi),
    policyRewardVariance(mdp, pi),
    1e-12 * rScale * rScale,
  );

  // RAP (5.9) is defined on a finite MDP under the one-hot embedding only for deterministic transitions.
  let dG: StateMatrix | undefined;
  if (info.transitions === "deterministic") {
    const meanMap = meanNextStateMap(mdp, oneHotEmbedding(n));
    const opG = rapOperator(mdp, pi, meanMap);
    dG = solveMetric(opG, solveTol);
    res.contrG = checkContraction(opG, g, rng.fork("contrG"), { samples: 8 });
    res.uniqG = checkUniqueness(opG, g, rng.fork("uniqG"), { tol: uniqTol });
    res.boundG = checkValueBound(V, dG, { tol: valueTol });
    // sqrt(E(r_i−r_j)² − Var_i − Var_j) recovers |Δr| by cancellation: an O(ε·r²) rounding
    // error in the radicand becomes O(sqrt(ε)·r) after the root (≈ 4e-8 at r ~ 10 when Δr = 0).
    res.form512 = checkRapVarianceForm(dG, rapVarianceForm(mdp, pi, meanMap, dG), 1e-9 * vScale + 3e-7 * rScale);
    const diff = maxAbsDiff(dG, dM);
    res.gEqM = { name: "d_G = d_M", holds: diff <= valueTol, worstSlack: valueTol - diff };
    res.induction = checkRapInduction(opG, mdp, pi, { steps: 200, tol: valueTol });
  } else {
    res.contrG = res.uniqG = res.boundG = res.form512 = res.gEqM = res.induction = notRun();
  }
  res.lifted =
    n <= cfg.liftedMaxStates && mdp.nActions <= cfg.liftedMaxActions ? checkLiftedMdp(mdp, pi, dM, dS, 1e-8 * vScale) : notRun();

  const gapM = minus(dS, dM);
  const gapStats = offDiagonalMean(gapM, n);
  let rel = 0;
  let relCount = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if (i !== j && dM[i * n + j]! > 1e-12) {
        rel += gapM[i * n + j]! / dM[i * n + j]!;
        relCount++;
      }

  const row: Row = {
    id: info.id,
    nStates: n,
    nActions: mdp.nActions,
    gamma: g,
    transitions: info.transitions,
    policy: info.policy,
    rewardKind: info.rewardKind,
    rewardScale: info.rewardScale,
    rewardNoise: flag(info.rewardNoise),
    entropy: sig(meanPolicyEntropy(mdp, pi)),
    rewardStdUnderPi: sig(meanRewardSpread(mdp, pi)),
    maxAbsV: sig(maxAbs(V)),
    tauB: sig(tightness(V, dB)),
    tauM: sig(tightness(V, dM)),
    tauS: sig(tightness(V, dS)),
    tauG: dG ? sig(tightness(V, dG)) : Number.NaN,
    diagM: sig(offDiagonalMean(dM, n).diag),
    diagS: sig(offDiagonalMean(dS, n).diag),
    gapOff: sig(gapStats.off),
    gapDiag: sig(gapStats.diag),
    relGap: relCount > 0 ? sig(rel / relCount) : Number.NaN,
    bisimRounds: bis.rounds,
  };
  const failures: Record<string, unknown> = {};
  for (const id of SWEEP_CHECK_IDS) {
    const r = res[id] ?? notRun();
    const ran = !Number.isNaN(r.worstSlack);
    row[`${id}Slack`] = ran ? sig(r.worstSlack, 4) : Number.NaN;
    row[`${id}Holds`] = ran ? flag(r.holds) : Number.NaN;
    if (ran && !r.holds) failures[id] = r.counterexample ?? r.name;
  }
  row.failures = Object.keys(failures).length > 0 ? JSON.stringify(failures) : "";
  row.ms = Math.round(performance.now() - t0);

  const pairs: Row[] = [];
  if (keepPairs > 0 && n >= 2) {
    const norm = (1 - g) / Math.max(maxAbs(mdp.R), 1e-12);
    const metrics: [string, StateMatrix | undefined][] = [
      ["d_B (5.1)", dB],
      ["d_M (5.3)", dM],
      ["d̃_M (Def. 5.5.1)", dS],
      ["d_G (5.9), deterministic P", dG],
    ];
    for (let k = 0; k < keepPairs; k++) {
      const i = rng.int(n);
      let j = rng.int(n - 1);
      if (j >= i) j++;
      const dv = Math.abs(V[i]! - V[j]!);
      for (const [metric, d] of metrics) {
        if (!d) continue;
        pairs.push({ id: info.id, gamma: g, metric, distance: sig(norm * d[i * n + j]!, 5), valueGap: sig(norm * dv, 5) });
      }
    }
  }
  return { row, pairs };
}
