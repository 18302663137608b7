/** The `sac-ae` chapter: tiers, runs, stored curves, figures and claims (notebooks/sac-ae.ipynb). */
export { tierExperiments, studyMethods, SMALL_NET, type ExperimentSpec, type MethodSpec } from "./config.js";
export { runSacAe, planJobs, checkpointRootFor, type RunSacAeOptions, type RunSummary, type Planned } from "./run.js";
export { curvesFromStored, curveTable, curveMeta, appendSession, readSessions, SAC_AE_CHAPTER, CURVE_COLUMNS, type StoredCurve, type SessionRecord } from "./tables.js";
export { summarizeMethods, improvement, summaryTable, finalScore, LAST_EVALS, BOOTSTRAP_REPS, type MethodSummary } from "./analysis.js";
export { sacAeFigures, returnCurvesFigure, type SacAeFigureInput } from "./figures.js";
export { sacAeClaimRows, type ClaimsInput } from "./claims.js";
export { sacAeChapter, augmentationComparisons, type SacAeData } from "./chapter.js";
