/**
 * The Chapter 3–4 statements of Chen (2022) not covered by chapter4.ts (research note
 * seed000-ch1-4 §6: T12, T13, T14, T17, T20–T24), one function per statement, each returning
 * rows of the stored table "ch3-4" (check | case | form | value | reference | holds | detail).
 * The checks themselves live in the library (src/metrics, src/agents) so the tests run the
 * same code; here they are run at the tier's sizes. Where the thesis prints an erratum (T12:
 * the temperature loss (4.15); T24: the dynamics loss (4.16)) the printed form is run beside
 * the corrected one, and its rows record that it fails.
 *
 * T12, T20, T21 and the agent half of T23 run tfjs (the agents' own losses); the rest is
 * float64. Every random draw comes from the run's seed through named forks.
 */
import * as tf from "@tensorflow/tfjs";
import { temperatureLossAsPrinted, temperatureLossStandard, temperatureStep } from "../../../agents/errata.js";
import { curlLoss } from "../../../agents/losses.js";
import { metaSymmetryRun } from "../../../agents/meta-symmetry.js";
import { ambsStopGradients } from "../../../agents/stop-gradients.js";
import { averagedTargetVariance, fixedShiftValue, valuesOverAllShifts, variance } from "../../../agents/target-averaging.js";
import type { Row } from "../../../analysis/results/store.js";
import type { Rng } from "../../../core/rng.js";
import { randomMdp, randomPolicy } from "../../../mdp/generate.js";
import { bisimulationMetric } from "../../../metrics/bisimulation.js";
import { checkContraction } from "../../../metrics/checks.js";
import { checkGaussianW2Axioms, checkGaussianW2ClosedForm, checkPsmDeterministic, checkWassersteinOrder } from "../../../metrics/checks-ch3-4.js";
import { dynamicsFitRecovers, fitDynamicsModel, sigmaAtUpperClamp } from "../../../metrics/dynamics-fit.js";
import { infoNceAsPrinted, softmaxCrossEntropy, bilinear } from "../../../metrics/infonce.js";
import { psmOperator } from "../../../metrics/psm.js";
import { w2DiagonalGaussians } from "../../../ot/gaussian.js";
import type { Ch34Config } from "./config.js";
import { flag, sig } from "./util.js";

/** The statements, by the research note's numbering (claims.ts reads rows by these ids). */
export const CH34_CHECKS = {
  T12: "temperature loss (4.15): α rises when the entropy is below H̄ = −|A|",
  T13: "W2 closed form for diagonal Gaussians (§3.1.4, §4.7.1)",
  T14: "W1(d) ≤ W2(d): DBC's W2 relaxation over-estimates the dynamics term",
  T17: "PSM: (3.7) with exact W1 equals (3.8) on deterministic MDPs; γ-contraction",
  T20: "stop-gradient semantics of AMBS (§4.5.2–4.5.3)",
  T21: "(4.8)'s order makes f more symmetric than (4.10)'s",
  T22: "DrQ target averaging (3.3): Var(ȳ_N) = Var(y₁)/N",
  T23: "InfoNCE (3.4): −(3.4) is the softmax cross-entropy with the positive at index 0",
  T24: "dynamics loss (4.16): σ estimates the noise level",
} as const;
export type Ch34CheckId = keyof typeof CH34_CHECKS;

function row(check: Ch34CheckId, caseName: string, form: string, value: number, reference: number, holds: boolean, detail = ""): Row {
  return { check, case: caseName, form, value: sig(value, 8), reference: sig(reference, 8), holds: flag(holds), detail };
}

/** T12: one SGD step on log α with the agents' loss and with (4.15) as printed, entropy below / between / above. */
export function runTemperatureSign(): Row[] {
  const rows: Row[] = [];
  for (const entropy of [-4, 0, 3]) {
    for (const [form, loss] of [["standard (agents, losses.ts)", temperatureLossStandard], ["printed (4.15)", temperatureLossAsPrinted]] as const) {
      const s = temperatureStep(loss, { entropy, actionDim: 2 });
      const want = entropy < s.targetEntropy ? "rise" : "fall";
      rows.push(row("T12", `H = ${entropy}, H̄ = ${s.targetEntropy} (α must ${want})`, form, s.alphaAfter, s.alphaBefore, s.rightDirection, `α ${s.alphaBefore} → ${sig(s.alphaAfter, 8)}`));
    }
  }
  return rows;
}

/** T13: closed form vs the quantile coupling; axioms on random triples. */
export function runGaussianW2(rng: Rng, cfg: Ch34Config): Row[] {
  const res = checkGaussianW2ClosedForm(w2DiagonalGaussians, rng.fork("pairs"), { pairs: cfg.gaussianPairs, samples: cfg.gaussianSamples });
  const rows = res.pairs.map((p, k) =>
    row("T13", `pair ${k} (dim ${p.dim})`, "closed form vs quantile coupling", p.closedFormSquared, p.empiricalSquared, p.relativeError <= 0.02 && p.w1LeW2Slack >= -1e-12, `relative error ${sig(p.relativeError, 3)}; empirical W2 − W1 ≥ ${sig(p.w1LeW2Slack, 3)}; ${cfg.gaussianSamples} samples`),
  );
  const ax = checkGaussianW2Axioms(w2DiagonalGaussians, rng.fork("axioms"), { triples: cfg.gaussianTriples });
  rows.push(row("T13", `${cfg.gaussianTriples} random triples`, "axioms", ax.worstSlack, 0, ax.holds, "symmetry, W2(a, a) = 0, > 0 for distinct laws, triangle inequality (tol 1e-12)"));
  return rows;
}

/** T14: W1(d*) ≤ W2(d*) on the P^π rows of random MDPs, d* the π-bisimulation fixed point. */
export function runWassersteinOrder(rng: Rng, cfg: Ch34Config): Row[] {
  const rows: Row[] = [];
  for (let id = 0; id < cfg.wOrderMdps; id++) {
    const r = rng.fork(`mdp-${id}`);
    const n = 3 + r.int(6);
    const mdp = randomMdp(r, { nStates: n, nActions: 2 + r.int(2), gamma: 0.9, dirichletAlpha: 0.5 });
    const pi = randomPolicy(r, mdp);
    const d = bisimulationMetric(mdp, pi, { tol: 1e-12 }).d;
    const c = checkWassersteinOrder(mdp, pi, d);
    rows.push(row("T14", `MDP ${id} (n = ${n}, |A| = ${mdp.nActions}, γ = 0.9)`, "W1 ≤ W2", c.worstSlack, 0, c.holds, `min over pairs of W2 − W1 (tol −1e-9); max W2 − W1 = ${sig(c.maxGap, 4)}`));
  }
  return rows;
}

/** T17: (3.7) = (3.8) on deterministic MDPs and policies; (3.7) contracts with modulus γ (also for stochastic π). */
export function runPsm(rng: Rng, cfg: Ch34Config): Row[] {
  const rows: Row[] = [];
  for (let id = 0; id < cfg.psmMdps + cfg.psmStochasticMdps; id++) {
    const r = rng.fork(`mdp-${id}`);
    const deterministic = id < cfg.psmMdps;
    const n = 3 + r.int(6);
    const gamma = id % 2 === 0 ? 0.5 : 0.9;
    const mdp = randomMdp(r, { nStates: n, nActions: 2 + r.int(2), gamma, transitions: deterministic ? "deterministic" : "dirichlet", dirichletAlpha: 0.5 });
    const pi = randomPolicy(r, mdp, { kind: deterministic ? "deterministic" : "stochastic" });
    const label = `MDP ${id} (n = ${n}, |A| = ${mdp.nActions}, γ = ${gamma}, ${deterministic ? "deterministic P, π" : "Dirichlet P, stochastic π"})`;
    if (deterministic) {
      const eq = checkPsmDeterministic(mdp, pi);
      rows.push(row("T17", label, "(3.7) = (3.8)", -eq.worstSlack, 0, eq.holds, "sup |d_(3.7) − d_(3.8)| (tol 1e-9)"));
    }
    const c = checkContraction(psmOperator(mdp, pi), gamma, r.fork("contraction"), { samples: 8 });
    rows.push(row("T17", label, "γ-contraction of (3.7)", c.worstSlack, 0, c.holds, "min γ − ratio over random pairs and along the iteration (tol 1e-12)"));
  }
  return rows;
}

/**
 * T20: the AMBS agent's gradient norms under the probe, thesis preset (the authors' code trains
 * P̂ and the metric loss in one joint step, so "∂ℓ/∂θ_P̂" is not a separate step there).
 */
export function runStopGradients(): Row[] {
  return ambsStopGradients({ preset: "ambs-thesis", seed: 0 }).map((s) => row("T20", `${s.step} → ${s.group}`, "ambs-thesis", s.norm, 0, s.holds, `${s.expected}: ${s.statement}`));
}

/** T21: the paired toy over seeds, (4.8) order "ji" and (4.10) order "ij". */
export function runSymmetry(cfg: Ch34Config): Row[] {
  const rows: Row[] = [];
  for (let seed = 0; seed < cfg.symmetrySeeds; seed++) {
    for (const [order, form] of [["ji", "(4.8) order (j, i)"], ["ij", "(4.10) order (i, j)"]] as const) {
      const r = metaSymmetryRun(order, seed, { steps: cfg.symmetrySteps, lr: 1e-2 });
      rows.push(row("T21", `seed ${seed}`, form, r.asymmetry, r.fitError, true, `E|f(z_i,z_j) − f(z_j,z_i)|; value = asymmetry, reference = mean |f − t| on trained pairs; mean target ${sig(r.meanTarget, 4)}`));
    }
  }
  return rows;
}

/** T22: Var(ȳ_N) against Var(y₁)/N for a fixed random network on one image, N i.i.d. DrQ shifts. */
export function runTargetAveraging(rng: Rng, cfg: Ch34Config): Row[] {
  const setup = { side: 12, pad: 2, hidden: 16 };
  const { image, value } = fixedShiftValue(rng.fork("net"), setup);
  const values = valuesOverAllShifts(image, setup.side, setup.pad, value);
  const v1 = variance(values);
  const rows: Row[] = [];
  let prev = Infinity;
  for (const N of cfg.drqN) {
    const v = averagedTargetVariance(image, setup, values, N, cfg.drqDraws, rng.fork(`N-${N}`));
    const holds = Math.abs(v - v1 / N) <= 0.1 * (v1 / N) && v <= prev;
    rows.push(row("T22", `N = ${N}`, "mean of N shifts (3.3)", v, v1 / N, holds, `Var(ȳ_N) over ${cfg.drqDraws} draws vs exact Var(y₁)/N (within 10%, non-increasing in N); ${(2 * setup.pad + 1) ** 2} shifts`));
    prev = v;
  }
  return rows;
}

/** T23: −(3.4) vs the cross-entropy (float64), equal logits, and the agents' curlLoss on a batch. */
export function runInfoNce(rng: Rng, cfg: Ch34Config): Row[] {
  const d = 8;
  const K = 7;
  const vec = () => Array.from({ length: d }, () => rng.normal());
  const I = Float64Array.from({ length: d * d }, (_, t) => (t % (d + 1) === 0 ? 1 : 0));
  let worstGap = 0;
  let minLoss = Infinity;
  for (let c = 0; c < cfg.infoNceCases; c++) {
    const W = c % 2 === 0 ? I : Float64Array.from({ length: d * d }, () => rng.normal(0, 0.3));
    const q = vec();
    const pos = vec();
    const negs = Array.from({ length: K }, vec);
    const loss = -infoNceAsPrinted(q, W, pos, negs);
    const ce = softmaxCrossEntropy([bilinear(q, W, pos), ...negs.map((k) => bilinear(q, W, k))], 0);
    worstGap = Math.max(worstGap, Math.abs(loss - ce));
    minLoss = Math.min(minLoss, loss);
  }
  const rows = [
    row("T23", `${cfg.infoNceCases} random (q, k₊, k_0..k_${K - 1}), W = I or random`, "−(3.4) vs cross-entropy (index 0)", worstGap, 0, worstGap <= 1e-6, "max |−(3.4) − CE| (tol 1e-6)"),
    row("T23", `${cfg.infoNceCases} random cases`, "loss ≥ 0", minLoss, 0, minLoss >= 0, "min of −(3.4)"),
  ];
  const equal = -infoNceAsPrinted(new Array(d).fill(0), I, vec(), Array.from({ length: K }, vec));
  rows.push(row("T23", "q = 0 (all logits equal)", "−(3.4) = log(K + 1)", equal, Math.log(K + 1), Math.abs(equal - Math.log(K + 1)) <= 1e-12, `K = ${K}`));
  // the agents' CURL loss on a batch (positives on the diagonal, the other keys as the K = B − 1 negatives)
  const B = K + 1;
  const qs = Array.from({ length: B }, vec);
  const ks = Array.from({ length: B }, vec);
  const want = qs.reduce((s, q, b) => s - infoNceAsPrinted(q, I, ks[b]!, ks.filter((_, i) => i !== b)), 0) / B;
  const got = tf.tidy(() => curlLoss(tf.tensor2d(qs), tf.tensor2d(ks), tf.eye(d) as tf.Tensor2D).dataSync()[0]!);
  rows.push(row("T23", `batch of ${B}, W = I`, "agents' curlLoss vs mean −(3.4)", got, want, Math.abs(got - want) <= 1e-5 * Math.max(1, want), "float32 loss vs float64 (tol 1e-5 relative)"));
  return rows;
}

/** T24: the printed (4.16) and the NLL fitted on x′ = Ax + ε, s = 0.3. */
export function runDynamicsLoss(rng: Rng, cfg: Ch34Config): Row[] {
  return (["printed-4.16", "nll"] as const).map((form) => {
    const fit = fitDynamicsModel(form, rng.fork("data"), { samples: cfg.dynamicsSamples, steps: cfg.dynamicsSteps });
    const meanSigma = fit.sigma.reduce((a, b) => a + b, 0) / fit.sigma.length;
    const detail = `σ = [${fit.sigma.map((s) => sig(s, 4)).join(", ")}], clamp (1e-4, ${fit.sigmaMax}); max |B − A|, |b| = ${sig(fit.meanMapError, 3)}; σ at the clamp: ${sigmaAtUpperClamp(fit) ? "yes" : "no"}; ${cfg.dynamicsSamples} samples, ${cfg.dynamicsSteps} Adam steps`;
    return row("T24", "x′ = Ax + ε, s = 0.3, d = 3", form === "nll" ? "Gaussian NLL (corrected, the code's)" : "printed (4.16)", meanSigma, fit.noiseStd, dynamicsFitRecovers(fit), detail);
  });
}

/** Every part in order, with its wall time. */
export function runCh34(rng: Rng, cfg: Ch34Config): { rows: Row[]; seconds: Record<Ch34CheckId, number> } {
  const parts: [Ch34CheckId, () => Row[]][] = [
    ["T12", () => runTemperatureSign()],
    ["T13", () => runGaussianW2(rng.fork("T13"), cfg)],
    ["T14", () => runWassersteinOrder(rng.fork("T14"), cfg)],
    ["T17", () => runPsm(rng.fork("T17"), cfg)],
    ["T20", () => runStopGradients()],
    ["T21", () => runSymmetry(cfg)],
    ["T22", () => runTargetAveraging(rng.fork("T22"), cfg)],
    ["T23", () => runInfoNce(rng.fork("T23"), cfg)],
    ["T24", () => runDynamicsLoss(rng.fork("T24"), cfg)],
  ];
  const rows: Row[] = [];
  const seconds = {} as Record<Ch34CheckId, number>;
  for (const [id, fn] of parts) {
    const t = performance.now();
    rows.push(...fn());
    seconds[id] = (performance.now() - t) / 1000;
  }
  return { rows, seconds };
}
