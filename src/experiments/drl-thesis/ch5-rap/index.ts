/**
 * Chapter 5 of Chen (2022), the RAP distance — its no-RL parts (issue 15 items 1, 2, 6): the
 * representation-learning sandbox (research F.2) and the sampled-loss checks N5, N16, N17.
 *
 *   const { data } = await loadOrCompute(ch5RapChapter, { tier: "smoke" });
 *   ch5RapClaims(data); ch5RapFigures(data);   // built from stored rows only
 */
export * from "./config.js";
export * from "./run.js";
export * from "./load.js";
export * from "./claims.js";
export * from "./figures.js";
export * from "./rl.js";
export * from "./chapter.js";
