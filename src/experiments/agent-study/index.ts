/** Agent studies (experiments × methods × seeds of trained agents): the pieces sac-ae and the DRL thesis's agent chapters share. */
export { RANDOM_METHOD, type ExperimentSpec, type MethodSpec } from "./spec.js";
export { runStudy, planJobs, checkpointRootFor, type RunStudyOptions, type RunSummary, type Planned } from "./run.js";
export { curvesFromStored, curveTable, curveMeta, appendSession, readSessions, CURVE_COLUMNS, type StoredCurve, type SessionRecord } from "./store.js";
export { summarizeMethods, improvement, summaryTable, learningTable, learningCheck, finalScore, LAST_EVALS, BOOTSTRAP_REPS, type MethodSummary } from "./summary.js";
export { aggregatedSeries, columnCurvesFigure, returnCurvesFigure } from "./figures.js";
export { beatsRow, formatNumber, MIN_SEEDS, type ClaimsInput } from "./claims.js";
export { describeStudy, studyRuns, studyComputeRuns } from "./chapter.js";
