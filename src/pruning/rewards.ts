/**
 * Reward pieces of §6.3.3 and the action regulariser L_a.
 *
 *   R_bud   = 1 − exp(α₁ (B_com − B̄_com)) if B_com > B̄_com, else 0      (runtime agent)
 *   R_param = 1 − exp(α₂ (B_param − B̄_param)) if B_param > B̄_param, else 0 (static agent)
 *   L_a     = ½ ‖a − max(min(a, 1), α)‖²
 *   R'_acc  = R_acc / |β_b|,  β_b = λ β_{b−1} + (1 − λ) R_acc,  R_acc = −L_CNN
 * The thesis divides by β_b itself; β_b < 0, so that would reward a higher loss (research D.2
 * [Issue] sign). We divide by |β_b| and say so. β_0 is the first R_acc.
 */

/** Exponential over-budget penalty (≤ 0); budgets are fractions of the unpruned net. */
export function budgetReward(used: number, budget: number, alpha: number): number {
  return used > budget ? 1 - Math.exp(alpha * (used - budget)) : 0;
}

/** Action range regulariser L_a for the relaxed action a (clipped to [α, 1] at use). */
export function actionRegulariser(a: number, alphaMin: number): number {
  const d = a - clipAction(a, alphaMin);
  return 0.5 * d * d;
}

/** The truncate function: max(min(a, 1), α). */
export function clipAction(a: number, alphaMin: number): number {
  return Math.max(Math.min(a, 1), alphaMin);
}

/** Moving-average normaliser of the accuracy reward. */
export class AccuracyNormaliser {
  private beta: number | null = null;
  constructor(readonly lambda: number, readonly useAbs = true) {}

  /** Update β with this batch's R_acc = −loss and return R_acc / |β| (or / β as printed). */
  update(loss: number): number {
    const r = -loss;
    this.beta = this.beta === null ? r : this.lambda * this.beta + (1 - this.lambda) * r;
    return r / (this.useAbs ? Math.abs(this.beta) : this.beta);
  }

  /** Normalise without updating β (β must exist). */
  normalise(loss: number): number {
    const b = this.beta ?? -loss;
    return -loss / (this.useAbs ? Math.abs(b) : b);
  }

  get value(): number | null {
    return this.beta;
  }
}
