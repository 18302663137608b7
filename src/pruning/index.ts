/**
 * Chapter 6 (DRL thesis) channel pruning: exact MAC/parameter counting, the trade-off pruner
 * g (§6.3.2), rewards and L_a (§6.3.3), static filter features (§6.3.1.2), the prunable
 * M-CifarNet with runtime/static importance predictors, the physically pruned forward pass and
 * its CPU timing,
 * the PPO pruning agents and Algorithm 4 with the comparison methods.
 */
export * from "./counting.js";
export * from "./pruner.js";
export * from "./rewards.js";
export * from "./features.js";
export * from "./network.js";
export * from "./compact.js";
export * from "./timing.js";
export * from "./agent.js";
export * from "./train.js";
