/**
 * The tiers every chapter runs at (SPEC "Tiers"), declared once for the whole project:
 *
 *   smoke  seconds to a minute, mechanics only, runs in `npm test`;
 *   small  the scaled-down reproduction on a laptop CPU (≤ 2 h per chapter on 2 cores),
 *          whose stored results are committed under data/results/;
 *   paper  the document's own settings, meant for a GPU machine.
 *
 * The SPEC's optional `medium` tier is not declared: no chapter needs it yet, and a tier
 * that no chapter implements would only be a way to ask for something that does not exist.
 */
import { ReproError } from "./errors.js";

export const TIERS = ["smoke", "small", "paper"] as const;
export type Tier = (typeof TIERS)[number];

export function isTier(x: unknown): x is Tier {
  return typeof x === "string" && (TIERS as readonly string[]).includes(x);
}

/** `x` as a Tier, or a one-line error naming the tiers. */
export function checkTier(x: unknown): Tier {
  if (!isTier(x)) throw new ReproError(`unknown tier ${JSON.stringify(x)}: use one of ${TIERS.join(", ")}`);
  return x;
}
