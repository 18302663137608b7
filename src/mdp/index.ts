/** Finite MDPs in float64: layout, validation, construction, generators, exact evaluation, sampling. */
export type { FiniteMdp, Policy, StateMatrix } from "./types.js";
export * from "./validate.js";
export * from "./create.js";
export * from "./generate.js";
export * from "./linalg.js";
export * from "./evaluate.js";
export * from "./sample.js";
