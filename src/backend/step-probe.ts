/**
 * The start-up speed probe behind `REPRORL_WEBGPU=auto`: one gradient step of a network shaped
 * like the pixel encoder (encoder.ts: 3×3 'valid' convs with 32 filters, stride 2 then 1, ReLU,
 * flatten, dense to 50; reference `PixelEncoder`) at 64×64 with 9 channels (3 stacked RGB
 * frames), timed on a given backend. The input is built from a fixed formula, not a random
 * stream, so probing draws nothing from any seeded generator.
 *
 * Reads are asynchronous (`await data()`), so the probe runs on any backend, WebGPU in Node
 * included. One warm-up step (shader/pipeline compilation, XNNPACK set-up) is not timed; the
 * result is the faster of two timed steps.
 */
import * as tf from "@tensorflow/tfjs";

export interface StepProbeShape {
  batch: number;
  size: number;
  channels: number;
  layers: number;
  filters: number;
}

/** The default probe: batch 32 of 64×64×9 through 3 conv layers of 32 filters. */
export const PROBE_SHAPE: StepProbeShape = { batch: 32, size: 64, channels: 9, layers: 3, filters: 32 };

/** A deterministic tensor with values in [-scale, scale]. */
function fixedTensor(shape: number[], salt: number, scale: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = scale * Math.sin(0.7 * i + salt);
  return tf.tensor(v, shape);
}

/** Milliseconds of one encoder gradient step on `backend` (which must be registered). */
export async function timeEncoderStep(backend: string, shape: StepProbeShape = PROBE_SHAPE): Promise<number> {
  const before = tf.getBackend();
  await tf.setBackend(backend);
  const vars: tf.Variable[] = [];
  let inC = shape.channels;
  for (let l = 0; l < shape.layers; l++) {
    vars.push(tf.variable(fixedTensor([3, 3, inC, shape.filters], l, Math.sqrt(2 / (9 * inC)))));
    inC = shape.filters;
  }
  let side = Math.floor((shape.size - 3) / 2) + 1 - 2 * (shape.layers - 1);
  side = Math.max(side, 1);
  const fc = tf.variable(fixedTensor([side * side * shape.filters, 50], 99, 0.01));
  vars.push(fc);
  const x = fixedTensor([shape.batch, shape.size, shape.size, shape.channels], 7, 1);
  const step = async (): Promise<number> => {
    const t0 = performance.now();
    const { value, grads } = tf.variableGrads(() => {
      let h = x as tf.Tensor4D;
      for (let l = 0; l < shape.layers; l++) h = tf.relu(tf.conv2d(h, vars[l] as tf.Tensor4D, l === 0 ? 2 : 1, "valid"));
      return tf.mean(tf.square(tf.matMul(tf.reshape(h, [shape.batch, -1]), fc))) as tf.Scalar;
    }, vars);
    await value.data();
    for (const g of Object.values(grads)) await g.data();
    const ms = performance.now() - t0;
    value.dispose();
    tf.dispose(Object.values(grads));
    return ms;
  };
  try {
    await step();
    return Math.min(await step(), await step());
  } finally {
    x.dispose();
    for (const v of vars) v.dispose();
    if (before !== backend) await tf.setBackend(before);
  }
}
