/**
 * Learned temperature α = exp(log α) with target entropy H̄ = −|A| (SAC-v2; thesis Table 4.2
 * init 0.1, lr 1e-4; reference alpha β1 = 0.5). Loss: `temperatureLoss` (losses.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { ParamSet } from "./nn.js";

export class Temperature {
  readonly params = new ParamSet();
  readonly logAlpha: tf.Variable;
  readonly targetEntropy: number;

  constructor(initTemperature: number, actionDim: number) {
    this.logAlpha = this.params.add("log_alpha", tf.scalar(Math.log(initTemperature)));
    this.targetEntropy = -actionDim;
  }

  /** α as a tensor (use inside a tidy). */
  alpha(): tf.Scalar {
    return tf.exp(this.logAlpha) as tf.Scalar;
  }

  get value(): number {
    return Math.exp(this.logAlpha.dataSync()[0]!);
  }

  dispose(): void {
    this.params.dispose();
  }
}
