/**
 * reprorl — the library behind the notebooks. Each area is a namespace:
 *
 *   import { mdp, metrics, figures, Rng } from "reprorl";
 *   const m = mdp.randomMdp(new Rng(0), { nStates: 5, nActions: 2, gamma: 0.9 });
 *
 * Heavy dependencies load on first use (tfjs backends in `backend.initBackend`, danfojs in
 * `tables`, Chromium in figure export, MuJoCo in `envs`), so importing the root stays cheap.
 */
export { Rng } from "./core/rng.js";
export { ReproError, isReproError } from "./core/errors.js";
export { validateConfig, parseKeyValues, type Schema, type FieldSpec, type ConfigOf } from "./core/config.js";
export * as float64 from "./core/float64.js";
export * as tfRandom from "./core/tf-random.js";
export { packageRoot, resultsRoot, figuresRoot, outputRoot, resultsRootFor, figuresRootFor } from "./core/paths.js";

export * as backend from "./backend/index.js";
export * as mdp from "./mdp/index.js";
export * as ot from "./ot/index.js";
export * as metrics from "./metrics/index.js";
export * as envs from "./envs/index.js";

export * as stats from "./analysis/stats/index.js";
export * as results from "./analysis/results/index.js";
export * as tables from "./analysis/tables/index.js";
export * as figures from "./analysis/figures/index.js";

export * as agents from "./agents/index.js";
export * as pruning from "./pruning/index.js";
export * as data from "./data/index.js";

// Chapters: one contract (experiments/contract.ts); `chapters.load(id, …)` is what notebooks call.
export { TIERS, checkTier, type Tier } from "./core/tiers.js";
export * as registry from "./experiments/registry.js";
export * as chapters from "./experiments/chapters.js";
export * as ch2Background from "./experiments/drl-thesis/ch2-background/index.js";
export * as ch5Theory from "./experiments/drl-thesis/ch5-theory/index.js";
export * as envsChapter from "./experiments/drl-thesis/envs/index.js";
export * as ch6Pruning from "./experiments/drl-thesis/ch6-pruning/index.js";
export * as sacAe from "./experiments/sac-ae/index.js";
