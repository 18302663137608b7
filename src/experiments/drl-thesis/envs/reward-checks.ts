/**
 * The DMC reward definitions as numeric checks (Tassa et al. 2018, §"Reward"; research/
 * anchors.md §5.1): the `tolerance` sigmoids and the task rewards at hand-picked states,
 * each against a value worked out by hand from the published formulas (not from our code).
 */
import { sigmoid, SIGMOID_KINDS, tolerance } from "../../../envs/dmc/tolerance.js";
import { ballInCupReward, cartpoleReward, cheetahRunReward, walkerReward } from "../../../envs/dmc/tasks.js";

export interface RewardCheck {
  what: string;
  got: number;
  expected: number;
  error: number;
}

function check(what: string, got: number, expected: number): RewardCheck {
  return { what, got, expected, error: Math.abs(got - expected) };
}

export function rewardChecks(): RewardCheck[] {
  const out: RewardCheck[] = [];
  // Every sigmoid: s(0) = 1 and s(±1) = value at the margin (the defining property).
  for (const kind of SIGMOID_KINDS) {
    for (const v of [0.1, 0.5]) {
      out.push(check(`${kind}: s(0, v=${v}) = 1`, sigmoid(0, v, kind), 1));
      out.push(check(`${kind}: s(1, v=${v}) = v`, sigmoid(1, v, kind), v));
      out.push(check(`${kind}: s(−1, v=${v}) = v`, sigmoid(-1, v, kind), v));
    }
  }
  // Closed forms: gaussian at half a margin with v = 0.1 is exp(−½·¼·(−2 ln 0.1)) = 0.1^{1/4}.
  out.push(check("gaussian: s(½, 0.1) = 0.1^¼", sigmoid(0.5, 0.1, "gaussian"), 0.1 ** 0.25));
  out.push(check("linear: s(½, 0) = ½", sigmoid(0.5, 0, "linear"), 0.5));
  out.push(check("long_tail: s(2, 0.1) = 1/(4·9+1)", sigmoid(2, 0.1, "long_tail"), 1 / 37));
  out.push(check("tolerance inside bounds = 1", tolerance(0.3, { bounds: [0, 0.5], margin: 1 }), 1));
  out.push(check("tolerance margin 0 outside = 0", tolerance(0.6, { bounds: [0, 0.5] }), 0));
  // Task rewards at hand-picked states.
  out.push(check("cartpole: upright, centred, still, no control = 1", cartpoleReward(0, 1, 0, 0), 1));
  out.push(check("cartpole: hanging down = 0", cartpoleReward(0.3, -1, 0, 0), 0));
  out.push(check("cartpole: horizontal pole, u = 1 → ½·⅘", cartpoleReward(0, 0, 0, 1), 0.4));
  out.push(check("cartpole: x = 2, θ̇ = 5 (one margin each) → 0.55²", cartpoleReward(2, 1, 5, 0), 0.55 * 0.55));
  out.push(check("cheetah-run: v = 5 → ½", cheetahRunReward(5), 0.5));
  out.push(check("cheetah-run: v = 25 → 1", cheetahRunReward(25), 1));
  out.push(check("walker-stand: h = 0.6, upright 0 → (3·0.1 + ½)/4", walkerReward(0.6, 0, 0, 0), 0.2));
  out.push(check("walker-walk: v = 0.75 → stand·(5·0.75 + 1)/6", walkerReward(1.5, 1, 0.75, 1), 4.75 / 6));
  out.push(check("walker-run: v = 8 → 1", walkerReward(1.5, 1, 8, 8), 1));
  out.push(check("ball_in_cup: ball inside the cup box → 1", ballInCupReward(0.01, -0.02, [0.05, 0.05], 0.025), 1));
  out.push(check("ball_in_cup: ball at the box edge → 0", ballInCupReward(0.03, 0, [0.05, 0.05], 0.025), 0));
  return out;
}
