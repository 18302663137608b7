/** The `sac-ae` chapter: tiers, runs, stored curves, figures and claims (notebooks/sac-ae.ipynb); the study machinery is agent-study's. */
export { tierExperiments, studyMethods, SMALL_NET, type ExperimentSpec, type MethodSpec } from "./config.js";
export { sacAeFigures, returnCurvesFigure, type SacAeFigureInput } from "./figures.js";
export { sacAeClaimRows, type ClaimsInput } from "./claims.js";
export { sacAeChapter, augmentationComparisons, SAC_AE_CHAPTER, type SacAeData } from "./chapter.js";
export { summarizeMethods, improvement, summaryTable, learningTable, finalScore, LAST_EVALS, BOOTSTRAP_REPS, curvesFromStored, type MethodSummary, type StoredCurve } from "../agent-study/index.js";
