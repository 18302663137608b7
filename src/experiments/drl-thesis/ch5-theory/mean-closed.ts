/**
 * RAP (5.9) with stochastic transitions (research note N7(b), N8): "mean-closed" MDPs whose
 * states sit on a line and every P(·|s, a) has its mean at a state m(s, a), so E[s'] is a
 * state and F_G is well defined. With "affine" rewards V^π is affine in the position, the
 * mean-state assumption (MSA) of the §5.9.2 proof holds, and (5.10) must hold; with random
 * rewards the MSA fails and (5.10) is tested as the thesis states it (unconditionally).
 */

import type { Rng } from "../../../core/rng.js";
import type { Row } from "../../../analysis/results/store.js";
import { evaluatePolicy } from "../../../mdp/evaluate.js";
import {
  checkContraction,
  checkMeanStateAssumption,
  checkRapInduction,
  checkUniqueness,
  checkValueBound,
} from "../../../metrics/checks.js";
import { meanClosedMdp } from "../../../metrics/examples.js";
import { solveMetric } from "../../../metrics/fixed-point.js";
import { micoMetric } from "../../../metrics/mico.js";
import { meanStateJensenGap, rapOperator } from "../../../metrics/rap.js";
import type { Ch5Config } from "./config.js";
import { flag, maxAbs, sig, tightness } from "./util.js";

/** One row per mean-closed MDP, plus normalised scatter points (random pairs and the worst pair). */
export function runMeanClosed(rng: Rng, cfg: Ch5Config): { rows: Row[]; pairs: Row[] } {
  const rows: Row[] = [];
  const pairs: Row[] = [];
  let id = 0;
  for (const rewards of ["affine", "random"] as const) {
    for (let k = 0; k < cfg.meanClosedPerKind; k++, id++) {
      const r = rng.fork(`mean-closed-${id}`);
      const gamma = cfg.gammas[k % cfg.gammas.length]!;
      const nStates = 3 + r.int(cfg.meanClosedMaxStates - 2);
      const nActions = 1 + r.int(Math.min(4, cfg.maxActions));
      const ex = meanClosedMdp(r, { nStates, nActions, gamma, rewards });
      const { mdp, pi, meanMap } = ex;
      const V = evaluatePolicy(mdp, pi);
      const vScale = Math.max(1, maxAbs(V));
      const tol = 1e-9 * vScale;
      const op = rapOperator(mdp, pi, meanMap);
      const dG = solveMetric(op, 1e-11 * vScale);
      const dM = micoMetric(mdp, pi, 1e-11 * vScale);
      const contr = checkContraction(op, gamma, r.fork("contr"), { samples: 8 });
      const uniq = checkUniqueness(op, gamma, r.fork("uniq"), { tol: 1e-8 * vScale });
      const bound = checkValueBound(V, dG, { tol });
      const boundM = checkValueBound(V, dM, { tol });
      const jensen = meanStateJensenGap(mdp, V, meanMap);
      const msa = checkMeanStateAssumption(jensen, tol);
      const induction = checkRapInduction(op, mdp, pi, { steps: 200, tol });
      const n = nStates;
      const norm = (1 - gamma) / Math.max(maxAbs(mdp.R), 1e-12);
      const metric = `d_G (5.9), mean-closed P, ${rewards === "affine" ? "MSA holds (affine V)" : "random r (MSA fails)"}`;
      const picked: [number, number][] = [];
      for (let q = 0; q < cfg.scatterPairsPerMdp; q++) {
        const i = r.int(n);
        let j = r.int(n - 1);
        if (j >= i) j++;
        picked.push([i, j]);
      }
      let wi = 0;
      let wj = 1;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++)
          if (dG[i * n + j]! - Math.abs(V[i]! - V[j]!) < dG[wi * n + wj]! - Math.abs(V[wi]! - V[wj]!)) (wi = i), (wj = j);
      picked.push([wi, wj]);
      for (const [i, j] of picked) {
        pairs.push({ id: 100000 + id, gamma, metric, distance: sig(norm * dG[i * n + j]!, 5), valueGap: sig(norm * Math.abs(V[i]! - V[j]!), 5) });
      }
      const ce = bound.counterexample as { i: number; j: number; valueGap: number; bound: number } | undefined;
      rows.push({
        id,
        rewards,
        nStates,
        nActions,
        gamma,
        contrSlack: sig(contr.worstSlack, 4),
        contrHolds: flag(contr.holds),
        uniqSlack: sig(uniq.worstSlack, 4),
        uniqHolds: flag(uniq.holds),
        boundGSlack: sig(bound.worstSlack, 4),
        boundGHolds: flag(bound.holds),
        boundMHolds: flag(boundM.holds),
        msaHolds: flag(msa.holds),
        maxJensenGap: sig(maxAbs(jensen), 4),
        inductionHolds: flag(induction.holds),
        tauG: sig(tightness(V, dG)),
        worstI: ce && !bound.holds ? ce.i : -1,
        worstJ: ce && !bound.holds ? ce.j : -1,
        worstValueGap: ce && !bound.holds ? sig(ce.valueGap) : Number.NaN,
        worstDG: ce && !bound.holds ? sig(ce.bound) : Number.NaN,
        // The whole MDP for violating cases, so the smallest counterexample can be printed from storage.
        mdpJson: !bound.holds
          ? JSON.stringify({
              x: Array.from(ex.embedding.coords),
              P: Array.from(mdp.P, (v) => sig(v, 8)),
              R: Array.from(mdp.R, (v) => sig(v, 8)),
              pi: Array.from(pi, (v) => sig(v, 8)),
              V: Array.from(V, (v) => sig(v, 8)),
            })
          : "",
      });
    }
  }
  return { rows, pairs };
}
