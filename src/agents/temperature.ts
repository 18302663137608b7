/**
 * Learned temperature α = exp(log α) with target entropy H̄ = −|A| (SAC-v2; thesis Table 4.2
 * init 0.1, lr 1e-4; reference alpha β1 = 0.5). Loss: `temperatureLoss` (losses.ts).
 */
import * as tf from "@tensorflow/tfjs";
import type { Schema } from "../core/config.js";
import { Adam } from "./adam.js";
import { NetworkModule } from "./module.js";
import { ParamSet } from "./nn.js";

/** The temperature's keys (SAC-AE reference: init 0.1, lr 1e-4, β1 0.5; research/anchors.md §1.6). Each algorithm's schema sets its own reference's defaults (presets.ts; DrQ: lr 1e-3, β1 0.9; DBC: init 0.01, lr 1e-3, β1 0.9). */
export const TEMPERATURE_SCHEMA = {
  alphaLr: { type: "number", default: 1e-4, min: 0, exclusiveMin: true },
  alphaBeta: { type: "number", default: 0.5, min: 0, max: 1, doc: "Adam β1 of log α" },
  initTemperature: { type: "number", default: 0.1, min: 0, exclusiveMin: true },
} as const satisfies Schema;

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

/** The temperature as an agent module: log α and its Adam (lr `alphaLr`, β1 `alphaBeta`). */
export class TemperatureModule extends NetworkModule<Temperature> {
  readonly name = "temperature";

  constructor(config: { initTemperature: number; lr: number; beta1: number }, actionDim: number) {
    const net = new Temperature(config.initTemperature, actionDim);
    super(net, new Adam(net.params.vars, { lr: config.lr, beta1: config.beta1 }));
  }

  /** α as a number. */
  get value(): number {
    return this.net.value;
  }
}
