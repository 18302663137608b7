/** Validation of the names that become folders under data/results and figures/. */

import { ReproError } from "../../core/errors.js";

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

/** A chapter id: one or more "/"-separated segments, e.g. "drl-thesis/ch5-rap" or "sac-ae". */
export function checkChapterId(chapter: unknown): string {
  if (typeof chapter !== "string" || chapter.split("/").some((s) => !SEGMENT.test(s) || s.includes(".."))) {
    throw new ReproError(
      `chapter id ${JSON.stringify(chapter)} is not valid; use "/"-separated parts of letters, digits, ".", "_", "+", "-", e.g. "drl-thesis/ch5-rap"`,
    );
  }
  return chapter;
}

/** One folder name (experiment, method, table name). */
export function checkSegment(value: unknown, what: string): string {
  if (typeof value !== "string" || !SEGMENT.test(value) || value.includes("..")) {
    throw new ReproError(
      `${what} ${JSON.stringify(value)} is not valid; use letters, digits, ".", "_", "+", "-" (no "/" or spaces), starting with a letter or digit`,
    );
  }
  return value;
}

/** A run seed: integer in [0, 2^32). */
export function checkSeed(seed: unknown): number {
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new ReproError(`seed must be an integer in [0, 2^32), got ${JSON.stringify(seed)}`);
  }
  return seed;
}
