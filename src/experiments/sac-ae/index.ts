/** The `sac-ae` chapter: tiers, compute-or-load, figures and claims (notebooks/sac-ae.ipynb). */
export { tierExperiments, studyMethods, SMALL_NET, type ExperimentSpec, type MethodSpec, type Tier } from "./config.js";
export { runSacAe, planJobs, checkpointRootFor, type RunSacAeOptions, type RunSummary } from "./run.js";
export { loadCurves, storedKeys, storeRun, SAC_AE_CHAPTER, type StoredCurve } from "./store.js";
export { appendSession } from "./compute.js";
export { summarizeMethods, improvement, summaryTable, finalScore, LAST_EVALS, BOOTSTRAP_REPS, type MethodSummary } from "./analysis.js";
export { sacAeFigures, returnCurvesFigure, type SacAeFigureInput } from "./figures.js";
export { sacAeClaimRows, type ClaimsInput } from "./claims.js";
