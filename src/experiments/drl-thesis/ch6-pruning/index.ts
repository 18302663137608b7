/**
 * Chapter 6 of the DRL thesis — deep-RL runtime + static channel pruning (§6.3–6.4), scaled to
 * a CPU: M-CifarNet at reduced width on the procedural shapes10 set (CIFAR-10 substitute).
 *
 *   const cfg = ch6Config("small");
 *   const seedResult = runSeed(cfg, 0, { onLog: console.log });
 *   storeSeed(seedResult, cfg, { backend });
 *   const res = loadCh6Results({ tier: "small" });
 *   const sums = summarise(res); ch6Figures(res, sums); ch6ClaimRows(res, sums);
 */
export * from "./config.js";
export * from "./methods.js";
export * from "./run.js";
export * from "./store.js";
export * from "./summary.js";
export * from "./figures.js";
export * from "./claims.js";
