/**
 * The tiers every chapter runs at (SPEC "Tiers"), declared once for the whole project:
 *
 *   smoke  seconds to a minute, mechanics only, runs in `npm test`;
 *   small  the scaled-down reproduction on a laptop CPU (≤ 2 h per chapter on 2 cores),
 *          whose stored results are committed under data/results/;
 *   medium only for a chapter whose claims the small tier cannot decide: ≤ 8 h on 2 cores,
 *          run in checkpointed pieces (each finished run is stored the moment it ends, so a
 *          cut session loses at most the runs in flight, which resume from their checkpoints);
 *   paper  the document's own settings, meant for a GPU machine.
 *
 * A chapter declares which tiers it implements (registry `tiers`); asking a chapter for a tier
 * it does not implement is a one-line error.
 */
import { ReproError } from "./errors.js";

export const TIERS = ["smoke", "small", "medium", "paper"] as const;
export type Tier = (typeof TIERS)[number];

export function isTier(x: unknown): x is Tier {
  return typeof x === "string" && (TIERS as readonly string[]).includes(x);
}

/** `x` as a Tier, or a one-line error naming the tiers. */
export function checkTier(x: unknown): Tier {
  if (!isTier(x)) throw new ReproError(`unknown tier ${JSON.stringify(x)}: use one of ${TIERS.join(", ")}`);
  return x;
}
