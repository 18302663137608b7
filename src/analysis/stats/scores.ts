/**
 * Score matrices as rliable arranges them: `runs × tasks`, entry (r, t) = the score of
 * run (seed) r on task t. Stored row-major in a Float64Array so the bootstrap can refill
 * one buffer per replicate without allocating.
 */

import { ReproError } from "../../core/errors.js";

export interface ScoreMatrix {
  readonly runs: number;
  readonly tasks: number;
  /** Row-major: `values[r * tasks + t]`. */
  readonly values: Float64Array;
}

/** Either a ready matrix or nested arrays `scores[run][task]`. */
export type ScoreInput = ScoreMatrix | readonly (readonly number[])[];

function isScoreMatrix(x: ScoreInput): x is ScoreMatrix {
  return !Array.isArray(x) && (x as ScoreMatrix).values instanceof Float64Array;
}

/** An empty matrix of the given shape. */
export function zeroScores(runs: number, tasks: number): ScoreMatrix {
  return { runs, tasks, values: new Float64Array(runs * tasks) };
}

/**
 * Validate and convert `scores[run][task]` (or check an existing matrix): at least one run
 * and one task, rectangular, every entry finite. `what` names the input in errors.
 */
export function toScoreMatrix(input: ScoreInput, what = "scores"): ScoreMatrix {
  if (isScoreMatrix(input)) {
    const { runs, tasks, values } = input;
    if (!Number.isInteger(runs) || !Number.isInteger(tasks) || runs < 1 || tasks < 1) {
      throw new ReproError(`${what} must have at least one run and one task, got ${runs}×${tasks}`);
    }
    if (values.length !== runs * tasks) {
      throw new ReproError(`${what} has ${values.length} values but shape ${runs}×${tasks}; rebuild it with toScoreMatrix`);
    }
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i]!)) {
        throw new ReproError(
          `${what}[run ${Math.floor(i / tasks)}][task ${i % tasks}] is ${values[i]}; scores must be finite numbers`,
        );
      }
    }
    return input;
  }
  if (!Array.isArray(input) || input.length === 0) {
    throw new ReproError(`${what} must be a non-empty array of runs, each an array of per-task scores`);
  }
  const runs = input.length;
  const first = input[0];
  if (!Array.isArray(first) || first.length === 0) {
    throw new ReproError(`${what}[0] must be a non-empty array of per-task scores`);
  }
  const tasks = first.length;
  const values = new Float64Array(runs * tasks);
  for (let r = 0; r < runs; r++) {
    const row = input[r];
    if (!Array.isArray(row) || row.length !== tasks) {
      throw new ReproError(
        `${what}[${r}] has ${Array.isArray(row) ? row.length : "no"} task scores but run 0 has ${tasks}; every run needs one score per task`,
      );
    }
    for (let t = 0; t < tasks; t++) {
      const v = row[t];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new ReproError(`${what}[${r}][${t}] is ${String(v)}; scores must be finite numbers`);
      }
      values[r * tasks + t] = v;
    }
  }
  return { runs, tasks, values };
}

/** Per-task means over runs (length `tasks`). */
export function taskMeans(m: ScoreMatrix): Float64Array {
  const out = new Float64Array(m.tasks);
  for (let r = 0; r < m.runs; r++) {
    for (let t = 0; t < m.tasks; t++) out[t]! += m.values[r * m.tasks + t]!;
  }
  for (let t = 0; t < m.tasks; t++) out[t]! /= m.runs;
  return out;
}

/** The scores of one task as a new array (length `runs`). */
export function taskColumn(m: ScoreMatrix, task: number): Float64Array {
  const out = new Float64Array(m.runs);
  for (let r = 0; r < m.runs; r++) out[r] = m.values[r * m.tasks + task]!;
  return out;
}

/** Divide every score by `by` (DMC returns are normalised by 1000 for aggregates). */
export function normalizeScores(input: ScoreInput, by: number): ScoreMatrix {
  if (!(by > 0) || !Number.isFinite(by)) {
    throw new ReproError(`normalisation constant must be a positive finite number, got ${by}`);
  }
  const m = toScoreMatrix(input);
  return { runs: m.runs, tasks: m.tasks, values: m.values.map((v) => v / by) };
}
