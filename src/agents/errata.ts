/**
 * The temperature loss of thesis Eq. (4.15) as printed, and the one-step check that shows it
 * moves α the wrong way (thesis §4.7 erratum 3; research note T12). The agents use
 * losses.ts `temperatureLoss`, the standard SAC-v2 form E[α(−log π − H̄)], log π detached.
 *
 *   printed (4.15)  J(α) = E[α log π − α H̄]      gradient in log α: α (E log π − H̄)
 *   standard        J(α) = E[α(−log π − H̄)]     gradient in log α: α (H − H̄), H = −E log π
 *
 * α must rise when the policy's entropy H is below the target H̄ and fall when it is above.
 */
import * as tf from "@tensorflow/tfjs";
import { stopGradient, temperatureLoss } from "./losses.js";

export type TemperatureLoss = (logAlpha: tf.Tensor, logProb: tf.Tensor, targetEntropy: number) => tf.Scalar;

/** Eq. (4.15) exactly as printed: mean(α log π − α H̄). For the erratum check only. */
export const temperatureLossAsPrinted: TemperatureLoss = (logAlpha, logProb, targetEntropy) =>
  tf.tidy(() => {
    const alpha = tf.exp(logAlpha);
    return tf.mean(tf.sub(tf.mul(alpha, stopGradient(logProb)), tf.mul(alpha, targetEntropy))) as tf.Scalar;
  });

export interface TemperatureStep {
  entropy: number;
  targetEntropy: number;
  alphaBefore: number;
  alphaAfter: number;
  /** α moved the way it must: up when H < H̄, down when H > H̄. */
  rightDirection: boolean;
}

/**
 * One SGD step on log α (autodiff through `loss`) for a batch of log π(a|s) with mean −entropy,
 * H̄ = −|A| (Table 4.2's target, |A| = `actionDim`).
 */
export function temperatureStep(loss: TemperatureLoss, opts: { entropy: number; actionDim: number; alpha?: number; lr?: number }): TemperatureStep {
  const alphaBefore = opts.alpha ?? 0.1;
  const lr = opts.lr ?? 1e-2;
  const targetEntropy = -opts.actionDim;
  const g = tf.tidy(() => {
    // a batch whose sample entropy −mean(log π) is exactly `entropy`
    const logProb = tf.tensor2d([-opts.entropy - 0.5, -opts.entropy + 0.5, -opts.entropy - 1, -opts.entropy + 1], [4, 1]);
    return tf.grad((la: tf.Tensor) => loss(la, logProb, targetEntropy))(tf.scalar(Math.log(alphaBefore))).dataSync()[0]!;
  });
  const alphaAfter = Math.exp(Math.log(alphaBefore) - lr * g);
  const up = opts.entropy < targetEntropy;
  return { entropy: opts.entropy, targetEntropy, alphaBefore, alphaAfter, rightDirection: up ? alphaAfter > alphaBefore : alphaAfter < alphaBefore };
}

/** The standard loss the agents train with (losses.ts), under the same name scheme. */
export const temperatureLossStandard: TemperatureLoss = temperatureLoss;
