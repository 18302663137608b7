/**
 * Tier B of the DRL thesis's chapters (research/seed000-ch1-4.md plan §7.0–§7.1; seed000-ch5-7.md
 * F.3 "vector-distracted"): cartpole-swingup observed as its 5-d state plus 32 AR(1) distractor
 * dims, the networks every method shares there, and the baseline methods. One place for the
 * settings Chapter 4 (AMBS) and Chapter 5 (RAP) both run, so the two chapters' vector experiments
 * stay the same experiment; why these values, and their measured cost, is in ch4-ambs/config.ts.
 */
import { RANDOM_METHOD, type ExperimentSpec, type MethodSpec } from "../agent-study/spec.js";

/** Actor/critic 256, features 64, batch 64 (plan §7.0). */
export const VECTOR_NET = { hiddenDim: 256, batchSize: 64, featureDim: 64 };
/** The MLP state encoder the metric agents shape: one hidden layer of 256 (agents/state-encoder.ts). */
export const VECTOR_ENCODER = { stateEncoder: [256] };
/** Meta-learner width (AMBS) and transition-model width (DBC, AMBS, RAP). */
export const VECTOR_MODELS = { metaHidden: 32, modelWidth: 128 };
/** Smoke-tier stand-ins: mechanics only. */
export const TINY_VECTOR_NET = { hiddenDim: 16, batchSize: 8, featureDim: 6 };
export const TINY_VECTOR_ENCODER = { stateEncoder: [8] };
export const TINY_MODELS = { metaHidden: 8, modelWidth: 16 };

/** The task: cartpole-swingup's state with 32 AR(1) distractor dims. */
export const VECTOR_ENV = { id: "cartpole-swingup", distractorDims: 32 };

/** "vector-cartpole"'s schedule: 10k env steps (1,250 agent steps at action repeat 8, the first 250 random), 5 seeds. */
export const VECTOR_SCHEDULE: Omit<ExperimentSpec, "name" | "title" | "methods" | "env"> = {
  envSteps: 10_000, initSteps: 250, evalEvery: 1250, evalEpisodes: 3, replayCapacity: 10_000, checkpointEvery: 4000, seeds: [0, 1, 2, 3, 4],
};
export const VECTOR_TITLE = "cartpole-swingup, state + 32 AR(1) distractor dims (Tier B), 10k env steps, 5 seeds";

/**
 * The medium tier's vector experiment, "vector16-80k": k = 16 distractor dims and 80k env steps
 * (10k agent steps, the first 1,000 random), 5 evaluation episodes, 5 seeds — sized from probes
 * of SAC on the raw observation (seed 0, 40k env steps, last evaluation of 5 episodes: k = 0
 * 806, k = 8 668, k = 16 253, k = 32 177; DBC at k = 32 24 and below 165 throughout): at k = 32
 * nothing learns within 5k updates, at k = 8 the distractors barely slow SAC, at k = 16 they slow
 * it threefold while it still rises above the random policy, so a representation that ignores
 * them has room to show.
 */
export const VECTOR_MEDIUM_ENV = { id: "cartpole-swingup", distractorDims: 16 };
export const VECTOR_MEDIUM_SCHEDULE: Omit<ExperimentSpec, "name" | "title" | "methods" | "env"> = {
  envSteps: 80_000, initSteps: 1000, evalEvery: 5000, evalEpisodes: 5, replayCapacity: 80_000, checkpointEvery: 10_000, seeds: [0, 1, 2, 3, 4],
};
export const VECTOR_MEDIUM_NAME = "vector16-80k";
export const VECTOR_MEDIUM_TITLE = "cartpole-swingup, state + 16 AR(1) distractor dims (Tier B), 80k env steps (10k agent steps), 5 seeds";

/** "vector-smoke"'s schedule: 100 agent steps, one seed. */
export const VECTOR_SMOKE_SCHEDULE: Omit<ExperimentSpec, "name" | "title" | "methods" | "env"> = {
  envSteps: 8 * 100, initSteps: 40, evalEvery: 8 * 50, evalEpisodes: 1, replayCapacity: 500, checkpointEvery: 8 * 50, seeds: [0],
};
export const VECTOR_SMOKE_ENV = { ...VECTOR_ENV, episodeAgentSteps: 50 };

/**
 * The baselines of the vector comparison: the random policy, SAC on the raw observation (the
 * identity encoder), SAC with the MLP encoder (trained by the critic alone), DBC and MICo — the
 * latter two with the MLP encoder, so the representation loss is the only difference.
 */
export function vectorBaselines(net: Record<string, unknown>, encoder: Record<string, unknown>, models: Record<string, unknown>): MethodSpec[] {
  return [
    RANDOM_METHOD,
    { name: "sac-state", label: "SAC:state", observation: "state", agent: { algorithm: "sac", ...net } },
    { name: "sac-mlp", label: "SAC:state+MLP", observation: "state", agent: { algorithm: "sac", ...net, ...encoder } },
    { name: "dbc", label: "DBC", observation: "state", agent: { algorithm: "dbc", ...net, ...encoder, modelWidth: models["modelWidth"] } },
    { name: "mico", label: "MICo", observation: "state", agent: { algorithm: "mico", ...net, ...encoder } },
  ];
}
