/**
 * Chapter 6 of the DRL thesis — deep-RL runtime + static channel pruning (§6.3–6.4), scaled to
 * a CPU: M-CifarNet at reduced width on the procedural shapes10 set (CIFAR-10 substitute).
 *
 *   const { data } = await loadOrCompute(ch6Chapter, { tier: "small" });   // one run per seed
 *   ch6Figures(data.results, data.summaries); ch6ClaimRows(data.results, data.summaries);
 */
export * from "./config.js";
export * from "./methods.js";
export * from "./run.js";
export * from "./tables.js";
export * from "./chapter.js";
export * from "./summary.js";
export * from "./figures.js";
export * from "./claims.js";
export * from "./learning.js";
export * from "./checkpoints.js";
