/**
 * Tier settings of drl-thesis/ch4-ambs (thesis Chapter 4, AMBS; research/seed000-ch1-4.md §5
 * experiments E1–E9 and §7 the scaled-down plan). One agent study (experiments/agent-study):
 * every experiment has the random-policy anchor, SAC from pixels, DrQ, DBC, MICo and AMBS
 * (thesis preset), all on the SAC core with the same scaled networks; the pixel tasks are the project's
 * MuJoCo cartpole-swingup at action repeat 8 (thesis Table 4.3) with the DBC natural-video
 * background (procedural clips: Kinetics cannot be shipped; envs/distractions) or none.
 *
 *  smoke  CI: 16×16 pixels, tiny networks, 1 seed, 60 agent steps of learning per method.
 *  small  ≤ 2 h on 2 cores; early training (published curves separate the methods later): 32×32
 *         RGB × 3 frames, 30k env steps (3,750 agent steps), 3 seeds, "video32" (E2, Fig. 4.5) with
 *         all methods and "clean32" (E1, Fig. 4.4) with DrQ, DBC and AMBS (MICo, not in the
 *         thesis's figures, only on video); networks of the plan
 *         §7.0: 2 conv × 16 filters, 32-d features (AMBS: 16 + 16), MLPs 128-128, batch 32,
 *         meta-learners 32 wide, transition model 128 wide.
 *  medium ≤ 8 h on 2 cores, in pieces: "video32-100k", the same task and networks at 100k env
 *         steps (12,500 agent steps), 3 seeds, random / DrQ / DBC / AMBS — where Fig. 4.5 has AMBS
 *         ahead of DrQ and DBC.
 *  paper  the thesis's settings (84×84, 1024-wide MLPs, batch 128, 1M env steps, 5 seeds, Table
 *         4.2 via the presets): starts here, meant for a GPU box.
 * Deviations from the plan: no "vector-distractor" Tier B (DBC and AMBS learn pixel encoders in
 * this project); SLAC and the reconstruction baseline are not run (the sac-ae chapter covers
 * SAC+AE).
 */
import { ReproError } from "../../../core/errors.js";
import type { Tier } from "../../../core/tiers.js";
import { RANDOM_METHOD, type ExperimentSpec, type MethodSpec } from "../../agent-study/spec.js";

/** Scaled networks shared by every method (plan §7.0), and the metric agents' model widths. */
export const SMALL_NET = { hiddenDim: 128, batchSize: 32, numLayers: 2, numFilters: 16, featureDim: 32 };
const SMALL_MODELS = { metaHidden: 32, modelWidth: 128 };
const TINY_NET = { hiddenDim: 16, batchSize: 8, numLayers: 2, numFilters: 4, featureDim: 6 };
const TINY_MODELS = { metaHidden: 8, modelWidth: 16 };

/** The methods of the comparison (E1/E2), on shared networks; `only` picks a subset by name. */
export function ch4Methods(net: Record<string, unknown>, models: Record<string, unknown>, only?: readonly string[]): MethodSpec[] {
  const all: MethodSpec[] = [
    RANDOM_METHOD,
    { name: "sac-pixel", label: "SAC:pixel", observation: "pixels", agent: { algorithm: "sac", ...net } },
    { name: "drq", label: "DrQ", observation: "pixels", agent: { algorithm: "drq", augPad: 2, ...net } },
    { name: "dbc", label: "DBC", observation: "pixels", agent: { algorithm: "dbc", ...net, modelWidth: models["modelWidth"] } },
    { name: "mico", label: "MICo", observation: "pixels", agent: { algorithm: "mico", ...net } },
    // the "ambs" defaults are the thesis preset; c is logged with each evaluation (Figs. 4.9–4.10)
    { name: "ambs", label: "AMBS", observation: "pixels", agent: { algorithm: "ambs", augPad: 2, ...net, ...models }, diagnostics: ["c"] },
  ];
  return only ? all.filter((m) => only.includes(m.name)) : all;
}

const VIDEO = { background: "dbc" as const };

export function ch4Experiments(tier: Tier): ExperimentSpec[] {
  switch (tier) {
    case "smoke":
      return [{
        name: "video16", title: "cartpole-swingup, natural-video background, 16×16 pixels (smoke)",
        env: { id: "cartpole-swingup", size: 16, episodeAgentSteps: 50, distract: VIDEO },
        envSteps: 8 * 100, initSteps: 40, evalEvery: 8 * 50, evalEpisodes: 1, replayCapacity: 500, checkpointEvery: 8 * 50,
        seeds: [0], methods: ch4Methods(TINY_NET, TINY_MODELS),
      }];
    case "small": {
      const common = { envSteps: 30_000, initSteps: 250, evalEvery: 2500, evalEpisodes: 3, replayCapacity: 30_000, checkpointEvery: 5000, seeds: [0, 1, 2] };
      return [
        {
          name: "video32", title: "cartpole-swingup, natural-video background, 32×32 pixels, 30k env steps, 3 seeds",
          env: { id: "cartpole-swingup", size: 32, distract: VIDEO }, ...common, methods: ch4Methods(SMALL_NET, SMALL_MODELS),
        },
        {
          name: "clean32", title: "cartpole-swingup, plain background, 32×32 pixels, 30k env steps, 3 seeds",
          env: { id: "cartpole-swingup", size: 32 }, ...common, methods: ch4Methods(SMALL_NET, SMALL_MODELS, ["random", "drq", "dbc", "ambs"]),
        },
      ];
    }
    case "medium":
      return [{
        name: "video32-100k", title: "cartpole-swingup, natural-video background, 32×32 pixels, 100k env steps, 3 seeds",
        env: { id: "cartpole-swingup", size: 32, distract: VIDEO },
        envSteps: 100_000, initSteps: 1000, evalEvery: 5000, evalEpisodes: 5, replayCapacity: 100_000, checkpointEvery: 10_000,
        seeds: [0, 1, 2], methods: ch4Methods(SMALL_NET, SMALL_MODELS, ["random", "drq", "dbc", "ambs"]),
      }];
    case "paper":
      return [{
        name: "video84", title: "cartpole-swingup, natural-video background, 84×84 pixels (thesis settings)",
        env: { id: "cartpole-swingup", size: 84, distract: VIDEO },
        envSteps: 1_000_000, initSteps: 1000, evalEvery: 10_000, evalEpisodes: 10, replayCapacity: 1_000_000, checkpointEvery: 50_000,
        seeds: [0, 1, 2, 3, 4],
        methods: [
          RANDOM_METHOD,
          { name: "sac-pixel", label: "SAC:pixel", observation: "pixels", agent: { algorithm: "sac", hiddenDim: 1024, batchSize: 128, numLayers: 4, numFilters: 32, featureDim: 50 } },
          { name: "drq", label: "DrQ", observation: "pixels", agent: { algorithm: "drq" } },
          { name: "dbc", label: "DBC", observation: "pixels", agent: { algorithm: "dbc" } },
          { name: "ambs", label: "AMBS", observation: "pixels", agent: { algorithm: "ambs" }, diagnostics: ["c"] },
        ],
      }];
    default:
      throw new ReproError(`unknown tier '${String(tier)}'; use smoke, small, medium or paper`);
  }
}
