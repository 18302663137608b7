/** Behavioral metrics on finite MDPs: operators, fixed points, examples and checks (Chapters 4–5). */
export * from "./fixed-point.js";
export * from "./rewards.js";
export * from "./mico.js";
export * from "./bisimulation.js";
export * from "./rap.js";
export * from "./dbc.js";
export * from "./embedding-distance.js";
export * from "./lifted.js";
export * from "./examples.js";
export * from "./embedding-fit.js";
export * from "./checks.js";
export * from "./checks-ch3-4.js";
export * from "./psm.js";
export * from "./infonce.js";
export * from "./dynamics-fit.js";
export { sampledMicoIteration, fitGaussianHead, practicalRapIteration, type SampledMicoOptions, type GaussianHeadOptions, type PracticalRapOptions } from "./sampled-losses.js";
export * from "./chain.js";
