/** drl-thesis/ch4-ambs: AMBS vs SAC, DrQ and DBC on pixel control with natural-video backgrounds (notebooks/drl-thesis/ch4-ambs.ipynb). */
export { ch4Experiments, ch4Methods } from "./config.js";
export { ch4ClaimRows, type Ch4ClaimsInput } from "./claims.js";
export { ch4Chapter, CH4_CHAPTER, type Ch4Data, type Ch4Experiment } from "./chapter.js";
