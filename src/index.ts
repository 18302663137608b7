/**
 * reprorl — the library behind the notebooks. Each area is a namespace:
 *
 * ```ts
 * import { mdp, metrics, figures, Rng } from "reprorl";
 * const m = mdp.randomMdp(new Rng(0), { nStates: 5, nActions: 2, gamma: 0.9 });
 * ```
 *
 * Heavy dependencies load on first use (tfjs backends in `backend.initBackend`, danfojs in
 * `tables`, Chromium in figure export, MuJoCo in `envs`), so importing the root stays cheap.
 *
 * @packageDocumentation
 */
export { Rng } from "./core/rng.js";
export { ReproError, isReproError } from "./core/errors.js";
export { validateConfig, parseKeyValues, type Schema, type FieldSpec, type ConfigOf } from "./core/config.js";
/** Float64 helpers for exact math (no tensors): compensated sums, moments, comparisons. */
export * as float64 from "./core/float64.js";
/** Seeded tensor randomness: seeds for tfjs random ops drawn from an `Rng`. */
export * as tfRandom from "./core/tf-random.js";
export { packageRoot, resultsRoot, figuresRoot, outputRoot, resultsRootFor, figuresRootFor } from "./core/paths.js";

/** Tensor backend selection (native → WebGPU → wasm → cpu) and the project's wasm training kernels. */
export * as backend from "./backend/index.js";
/** Finite MDPs in float64: validation, construction, generators, exact evaluation, sampling. */
export * as mdp from "./mdp/index.js";
/** Exact optimal transport on finite spaces and the Gaussian W2 closed form. */
export * as ot from "./ot/index.js";
/** Behavioral metrics on finite MDPs (π-bisimulation, MICo, shift-MICo, RAP, …): operators, fixed points, examples and checks. */
export * as metrics from "./metrics/index.js";
/** Environments: DeepMind-Control-style tasks on MuJoCo WASM, pixel distractions, a driving task. Entry point: `makeEnv`. */
export * as envs from "./envs/index.js";

/** rliable-style statistics: aggregates (IQM, …), stratified bootstrap CIs, profiles, P(X > Y), curves. */
export * as stats from "./analysis/stats/index.js";
/** The per-seed results store (CSV + metadata JSON, atomic writes, validating readers). */
export * as results from "./analysis/results/index.js";
/** Tables: danfojs DataFrames exported as CSV, Markdown and LaTeX; claims tables. */
export * as tables from "./analysis/tables/index.js";
/** The verdict rule of every claims table: reproduced / not reproduced only when every compared method learned and the interval excludes no effect. */
export * as verdicts from "./analysis/verdict/index.js";
/** Paper figures over plotly.js: builders, notebook display and export to HTML/SVG/PNG/PDF. */
export * as figures from "./analysis/figures/index.js";

/** SAC from pixels and states, DrQ, CURL, SAC+AE; the frame replay buffer; the seeded, resumable training runner (`trainRun`). */
export * as agents from "./agents/index.js";
/** Chapter 6 channel pruning: MAC counting, the trade-off pruner, prunable networks, PPO pruning agents. */
export * as pruning from "./pruning/index.js";
/** Image datasets: the procedural shapes10 substitute (default, offline) and a CIFAR-10 loader. */
export * as data from "./data/index.js";

// Chapters: one contract (experiments/contract.ts); `chapters.load(id, …)` is what notebooks call.
export { TIERS, checkTier, type Tier } from "./core/tiers.js";
/** The chapter registry: chapters, notebooks, tiers, time limits and their definitions. */
export * as registry from "./experiments/registry.js";
/** What notebooks call: `chapters.load(id, …)` → stored or computed runs, tables, figures, claims. */
export * as chapters from "./experiments/chapters.js";
/** Chapter `drl-thesis/ch2-background`: Chapter 2 equations as numeric checks on random finite MDPs. */
export * as ch2Background from "./experiments/drl-thesis/ch2-background/index.js";
/** Chapter `drl-thesis/ch5-theory`: behavioral-metric theory as numeric checks over random MDPs. */
export * as ch5Theory from "./experiments/drl-thesis/ch5-theory/index.js";
/** Chapter `drl-thesis/ch5-rap`: the representation-learning sandbox and the sampled-loss checks. */
export * as ch5Rap from "./experiments/drl-thesis/ch5-rap/index.js";
/** Chapter `drl-thesis/envs`: the pixel-control testbed (tasks, distractions, returns, throughput). */
export * as envsChapter from "./experiments/drl-thesis/envs/index.js";
/** Chapter `drl-thesis/ch4-ambs`: AMBS vs SAC, DrQ and DBC with natural-video backgrounds. */
export * as ch4Ambs from "./experiments/drl-thesis/ch4-ambs/index.js";
/** Agent studies (experiments × methods × seeds of trained agents) that sac-ae and the thesis's agent chapters share. */
export * as agentStudy from "./experiments/agent-study/index.js";
/** Chapter `drl-thesis/ch6-pruning`: runtime + static channel pruning with RL agents. */
export * as ch6Pruning from "./experiments/drl-thesis/ch6-pruning/index.js";
/** Chapter `sac-ae`: tiers, compute-or-load, final scores, figures and claims. */
export * as sacAe from "./experiments/sac-ae/index.js";
