/**
 * Indicative random-policy return ranges (uniform actions, 1000 control steps, default
 * action repeat). None of the project's documents prints random-policy returns, and no
 * primary table was at hand, so every range here is marked with its basis and none is
 * treated as a published number:
 *  - "analytic": bounded by the reward definition and what a random policy can do;
 *  - "unchecked": an order-of-magnitude expectation from step-0 points of published pixel-DMC
 *    learning curves, not verified against a source.
 */
export interface RandomReference {
  lo: number;
  hi: number;
  basis: "analytic" | "unchecked";
  note: string;
}

export const RANDOM_REFERENCES: Readonly<Record<string, RandomReference>> = {
  "cartpole-swingup": { lo: 0, hi: 250, basis: "unchecked", note: "pole mostly hangs (upright term ≈ 0); random pushes swing it part-way" },
  "cheetah-run": { lo: 0, hi: 60, basis: "unchecked", note: "reward min(v/10, 1): random gaits barely move forward" },
  "walker-stand": { lo: 60, hi: 350, basis: "unchecked", note: "lying down still earns the upright/height shaping (~0.1–0.3 per step)" },
  "walker-walk": { lo: 10, hi: 120, basis: "unchecked", note: "stand·(5·move + 1)/6 with move ≈ 0: about a sixth of walker-stand" },
  "walker-run": { lo: 5, hi: 80, basis: "unchecked", note: "as walker-walk, target speed 8 m/s" },
  "reacher-easy": { lo: 0, hi: 250, basis: "unchecked", note: "sparse: 1 while the fingertip touches a 5 cm target" },
  "reacher-hard": { lo: 0, hi: 100, basis: "unchecked", note: "sparse: 1.5 cm target" },
  "finger-spin": { lo: 0, hi: 100, basis: "unchecked", note: "needs hinge velocity ≤ −15 rad/s; random flicks rarely reach it" },
  "ball_in_cup-catch": { lo: 0, hi: 300, basis: "unchecked", note: "sparse: 1 while the ball is inside the cup" },
  "highway": { lo: -125, hi: 63, basis: "unchecked", note: "(progress (m) − |steer| per frame) / action repeat 8; random steering pays ≈ 0.5 per frame and crashes" },
};

/** DMC returns lie in [0, 1000] by construction (reward in [0, 1] per control step). */
export const DMC_RETURN_RANGE = { lo: 0, hi: 1000 } as const;
