/**
 * `drl-thesis/envs`: the pixel-control testbed notebook — every task with and without each
 * distraction, random and scripted returns, throughput, reward-definition checks, claims.
 */
export * from "./config.js";
export * from "./scripted.js";
export * from "./returns.js";
export * from "./frames.js";
export * from "./throughput.js";
export * from "./reward-checks.js";
export * from "./references.js";
export * from "./run.js";
export * from "./tables.js";
export * from "./chapter.js";
export * from "./figures.js";
export * from "./claims.js";
export { loadMujoco, mujocoVersion } from "../../../envs/mujoco/adapter.js";
