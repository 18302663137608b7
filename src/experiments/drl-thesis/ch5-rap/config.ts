/**
 * Tier settings of `drl-thesis/ch5-rap` (issue 15 items 1, 2 and 6; research/seed000-ch5-7.md
 * F.2 for the sandbox, Part B N5/N16/N17 for the sampled-loss checks).
 *
 * Sandbox (F.2): per seed a fresh "mean-closed" MDP (src/metrics/examples.ts `meanClosedMdp`:
 * states on a line, stochastic transitions whose mean is a state, so d_G (5.9) is defined and
 * differs from d_M; random rewards, a Dirichlet(1) policy, so d̃_M ≠ d_M), 24 states, 3 actions,
 * γ = 0.9; 12×12 renderings with i.i.d. blobs + pixel noise; an MLP 144 → 128 → 16 trained by each
 * loss on the same transitions. Methods (F.2 (a)–(e)): MICo (5.7) with β = 0.1 (MICo's
 * metric_utils.py), DBC (paper form), RAP (5.15) with d̂_G at k ∈ {1e-5 (thesis), 0.1, 1}, RAP with
 * L2, RAP with the shift target (k = 1e-5). τ_φ = 0.05 (Table 5.1); lr 1e-3 (Table 5.1's
 * Robosuite/CARLA encoder lr).
 * Deviations from F.2, for the 2-core budget: 10k transitions (F.2: 1e5) and 1,000 steps at the
 * small tier; the paper tier has F.2's 1e5 transitions.
 */
import type { SandboxMethod, SandboxTraining } from "../../../agents/sandbox.js";
import { ReproError } from "../../../core/errors.js";
import type { Tier } from "../../../core/tiers.js";
import type { DistractedRenderOptions } from "../../../mdp/observations.js";

export interface Ch5RapChecks {
  /** N5: random MDPs (n = 5, A = 3, γ = 0.9), updates per run, tolerance on ‖D − target‖∞. */
  n5Mdps: number;
  n5Steps: number;
  n5Tolerance: number;
  /** N16: deterministic-transition MDPs per policy kind, fitted-iteration sweeps. */
  n16Mdps: number;
  n16Sweeps: number;
  /** N17: SGD steps of the Gaussian head, learning rate of the NLL and of the printed loss (whose σ̂ gradient is small; the test's 0.01). */
  n17Steps: number;
  n17Lr: number;
  n17PrintedLr: number;
}

export interface Ch5RapConfig {
  tier: Tier;
  /** Sandbox seeds: base seed, base + 1, … (each a fresh MDP, data set and initialisation). */
  seeds: number;
  nStates: number;
  nActions: number;
  gamma: number;
  transitions: number;
  /** Renderings per state for the evaluation (distractor-averaged embedding, invariance, probe). */
  evalRenderings: number;
  render: DistractedRenderOptions;
  training: SandboxTraining;
  methods: SandboxMethod[];
  checks: Ch5RapChecks;
  /** Bootstrap resamples of the intervals over seeds. */
  bootstrapReps: number;
}

/** The methods of F.2 (a)–(e); the names are the row labels of every table. */
export const CH5_RAP_METHODS: SandboxMethod[] = [
  { name: "MICo (5.7)", loss: "mico", beta: 0.1 },
  { name: "DBC", loss: "dbc" },
  { name: "RAP d̂_G k=1e-5", loss: "rap", k: 1e-5 },
  { name: "RAP d̂_G k=0.1", loss: "rap", k: 0.1 },
  { name: "RAP d̂_G k=1", loss: "rap", k: 1 },
  { name: "RAP L2", loss: "rap-l2" },
  { name: "RAP shift target", loss: "rap-shift", k: 1e-5 },
];

const SMALL: Omit<Ch5RapConfig, "tier"> = {
  seeds: 5,
  nStates: 24,
  nActions: 3,
  gamma: 0.9,
  transitions: 10_000,
  evalRenderings: 8,
  render: { size: 12, cell: 2, blobs: 2, blobSize: 3, blobMax: 0.6, noiseStd: 0.05 },
  training: { hidden: 128, latent: 16, batch: 64, steps: 1000, lr: 1e-3, modelWidth: 64, tau: 0.05, gamma: 0.9, logEvery: 50, outputScale: 0.1 },
  methods: CH5_RAP_METHODS,
  checks: { n5Mdps: 5, n5Steps: 100_000, n5Tolerance: 0.1, n16Mdps: 6, n16Sweeps: 2000, n17Steps: 600_000, n17Lr: 5e-5, n17PrintedLr: 0.01 },
  bootstrapReps: 2000,
};

export function ch5RapConfig(tier: Tier): Ch5RapConfig {
  switch (tier) {
    case "smoke":
      return {
        ...SMALL,
        tier,
        seeds: 2,
        nStates: 16,
        transitions: 600,
        evalRenderings: 4,
        training: { ...SMALL.training, hidden: 32, latent: 8, batch: 16, steps: 30, logEvery: 10 },
        checks: { n5Mdps: 1, n5Steps: 5000, n5Tolerance: 0.1, n16Mdps: 1, n16Sweeps: 200, n17Steps: 20_000, n17Lr: 5e-5, n17PrintedLr: 0.01 },
        bootstrapReps: 200,
      };
    case "small":
      return { ...SMALL, tier };
    case "paper":
      // F.2's scale: 1e5 transitions, more steps and seeds (the thesis has no sandbox; this is the note's plan).
      return { ...SMALL, tier, seeds: 10, transitions: 100_000, training: { ...SMALL.training, batch: 128, steps: 5000 } };
    default:
      throw new ReproError(`tier must be "smoke", "small" or "paper", got "${String(tier)}"`);
  }
}
