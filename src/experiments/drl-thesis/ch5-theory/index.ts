/**
 * Chapter 5 of Chen (2022) — behavioral-metric theory as numeric checks over ≥ 1,000 random
 * MDPs (issue 4 items 4–5; research note seed000-ch5-7 Part B), plus the two Chapter 4
 * statements on the c-weighted bound and the K₂,₃ embedding floor.
 *
 *   const { data } = await loadOrCompute(ch5Chapter, { tier: "smoke" });  // computes and stores once, then loads
 *   ch5Claims(data); ch5Figures(data);                                   // built from stored rows only
 */
export * from "./config.js";
export * from "./cases.js";
export * from "./sweep.js";
export * from "./mean-closed.js";
export * from "./gap.js";
export * from "./convergence.js";
export * from "./chapter4.js";
export * from "./chapters3-4.js";
export * from "./examples.js";
export * from "./run.js";
export * from "./load.js";
export * from "./claims.js";
export * from "./claims-ch3-4.js";
export * from "./figures.js";
export * from "./chapter.js";
