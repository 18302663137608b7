/**
 * Pixel decoder of SAC+AE (reference `PixelDecoder`): dense featureDim → filters·o·o, ReLU,
 * reshape to [o, o, filters], (numLayers − 1) transposed 3×3 convs with stride 1 and ReLU, and a
 * last transposed 3×3 conv with stride 2 (+1 output padding) to [size, size, channels], no
 * activation. Mirrors `PixelEncoder` shapes exactly (84 ← 41 ← 39 ← 37 ← 35). Weights follow the
 * encoder's `weightInit` (reference: `self.decoder.apply(weight_init)`, sac_ae.py:261).
 */
import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../core/rng.js";
import { convOutputSize, type EncoderConfig } from "./encoder.js";
import { applyDense, dense, ParamSet, type Dense } from "./nn.js";

export class PixelDecoder {
  readonly params = new ParamSet();
  private readonly cfg: EncoderConfig;
  private readonly fc: Dense;
  private readonly deconvs: { w: tf.Variable; b: tf.Variable }[] = [];
  private readonly sides: number[];

  constructor(cfg: EncoderConfig, rng: Rng) {
    this.cfg = cfg;
    const o = convOutputSize(cfg.size, cfg.numLayers);
    const init = cfg.weightInit ?? "glorot";
    this.fc = dense(this.params, rng, "fc", cfg.featureDim, o * o * cfg.filters, init);
    this.sides = [];
    for (let l = 0; l < cfg.numLayers - 1; l++) this.sides.push(o + 2 * (l + 1));
    for (let l = 0; l < cfg.numLayers; l++) {
      const last = l === cfg.numLayers - 1;
      const outC = last ? cfg.channels : cfg.filters;
      // conv2dTranspose filter layout: [h, w, outChannels, inChannels]
      this.deconvs.push({ w: this.params.conv(`deconv${l}/w`, rng, [3, 3, outC, cfg.filters], init, true), b: this.params.zeros(`deconv${l}/b`, [outC]) });
    }
  }

  forward(z: tf.Tensor2D): tf.Tensor4D {
    const { filters, numLayers, size, channels } = this.cfg;
    const o = convOutputSize(size, numLayers);
    const B = z.shape[0];
    let h = tf.reshape(tf.relu(applyDense(this.fc, z)), [B, o, o, filters]) as tf.Tensor4D;
    for (let l = 0; l < numLayers - 1; l++) {
      const s = this.sides[l]!;
      h = tf.relu(tf.add(tf.conv2dTranspose(h, this.deconvs[l]!.w as tf.Tensor4D, [B, s, s, filters], 1, "valid"), this.deconvs[l]!.b)) as tf.Tensor4D;
    }
    const last = this.deconvs[numLayers - 1]!;
    return tf.add(tf.conv2dTranspose(h, last.w as tf.Tensor4D, [B, size, size, channels], 2, "valid"), last.b) as tf.Tensor4D;
  }

  dispose(): void {
    this.params.dispose();
  }
}
