/**
 * Chapter 5 of Chen (2022) — behavioral-metric theory as numeric checks over ≥ 1,000 random
 * MDPs (issue 4 items 4–5; research note seed000-ch5-7 Part B), plus the two Chapter 4
 * statements on the c-weighted bound and the K₂,₃ embedding floor.
 *
 *   const res = runCh5Theory({ tier: "smoke", seed: 0 });   // computes and stores
 *   const again = loadCh5Theory();                          // reads data/results back
 *   ch5Claims(again); ch5Figures(again);                    // built from rows only
 */
export * from "./config.js";
export * from "./cases.js";
export * from "./sweep.js";
export * from "./mean-closed.js";
export * from "./gap.js";
export * from "./convergence.js";
export * from "./chapter4.js";
export * from "./examples.js";
export * from "./run.js";
export * from "./load.js";
export * from "./claims.js";
export * from "./figures.js";
export * from "./chapter.js";
