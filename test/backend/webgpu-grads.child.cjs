/**
 * Child process of webgpu.test.ts (run on the built package, dist/): for every model family of
 * the project, build a tiny instance on the cpu backend, compute a loss and the gradient of every
 * parameter there, then switch to the webgpu backend (the same variables move over, so the
 * weights are identical) and compute them again, with tfjs's hand-off of small ops to the cpu
 * turned off so every kernel runs on the device. Reads are `await data()` only (the webgpu
 * backend cannot read synchronously in Node). Prints one JSON line and then ends on its own: the
 * test asserts exit code 0 within a time limit, i.e. Dawn and the device do not hold the process.
 *
 * Output: {"unavailable": reason} when no WebGPU adapter can start, else
 * {"backend": info, "families": [{name, params, maxRel, loss: [cpu, webgpu]}], "syncRead": message}.
 * maxRel of a family: over its loss and every gradient tensor, max |webgpu − cpu| / max |cpu|
 * (the error relative to the tensor's largest entry; element-wise ratios blow up at zeros).
 */
"use strict";
const path = require("node:path");
const tf = require("@tensorflow/tfjs");
const DIST = process.env.REPRORL_DIST || path.resolve(__dirname, "../../dist");
const { initBackend } = require(path.join(DIST, "backend/select.js"));
const { Rng } = require(path.join(DIST, "core/rng.js"));
const { randomNormal, randomUniform } = require(path.join(DIST, "core/tf-random.js"));
const { PixelEncoder } = require(path.join(DIST, "agents/encoder.js"));
const { StateEncoder } = require(path.join(DIST, "agents/state-encoder.js"));
const { PixelDecoder } = require(path.join(DIST, "agents/decoder.js"));
const { Actor } = require(path.join(DIST, "agents/actor.js"));
const { Critic } = require(path.join(DIST, "agents/critic.js"));
const losses = require(path.join(DIST, "agents/losses.js"));
const { PrunableNet, mCifarNetSpec, crossEntropy } = require(path.join(DIST, "pruning/network.js"));

const B = 4;
const SIZE = 16;
const encCfg = { size: SIZE, channels: 6, numLayers: 2, filters: 8, featureDim: 10, featureTanh: true };

/** Each family: build(rng) → { vars, loss: () => tf.Scalar }; inputs are made once, on cpu. */
const FAMILIES = [
  {
    name: "pixel encoder (convs + fc + LayerNorm + tanh)",
    build(rng) {
      const enc = new PixelEncoder(encCfg, rng);
      const obs = randomUniform(rng, [B, SIZE, SIZE, encCfg.channels]);
      const target = randomNormal(rng, [B, encCfg.featureDim], 0, 0.5);
      return { vars: enc.params.vars, loss: () => tf.mean(tf.square(tf.sub(enc.forward(obs).features, target))) };
    },
  },
  {
    name: "SAC actor and critic MLPs (the agents' actor and critic losses)",
    build(rng) {
      const cfg = { featureDim: 10, actionDim: 3, hiddenDim: 32, hiddenLayers: 2, logStdMin: -10, logStdMax: 2 };
      const actor = new Actor(cfg, rng);
      const critic = new Critic(cfg, rng);
      const feats = randomNormal(rng, [B, cfg.featureDim]);
      const action = randomUniform(rng, [B, cfg.actionDim], -1, 1);
      const target = randomNormal(rng, [B, 1]);
      const noise = randomNormal(rng, [B, cfg.actionDim]);
      return {
        vars: [...actor.params.vars, ...critic.params.vars],
        loss: () => {
          const [q1, q2] = critic.q(feats, action);
          const { mu, logStd } = actor.distribution(feats);
          const a = tf.tanh(tf.add(mu, tf.mul(tf.exp(logStd), noise)));
          const logProb = losses.squashedGaussianLogProb(noise, logStd, a);
          const [p1, p2] = critic.q(feats, a);
          return tf.add(losses.criticLoss(q1, q2, target), losses.actorLoss(0.1, logProb, p1, p2));
        },
      };
    },
  },
  {
    name: "state encoder (MLP trunk + fc + LayerNorm + tanh)",
    build(rng) {
      const enc = new StateEncoder({ inputDim: 7, hidden: [32, 32], featureDim: 10, featureTanh: true }, rng);
      const obs = randomNormal(rng, [B, 7]);
      const target = randomNormal(rng, [B, 10], 0, 0.5);
      return { vars: enc.params.vars, loss: () => tf.mean(tf.square(tf.sub(enc.forward(obs).features, target))) };
    },
  },
  {
    name: "SAC-AE pixel encoder + decoder (the agents' RAE loss)",
    build(rng) {
      const enc = new PixelEncoder(encCfg, rng);
      const dec = new PixelDecoder(encCfg, rng);
      const obs = randomUniform(rng, [B, SIZE, SIZE, encCfg.channels]);
      return {
        vars: [...enc.params.vars, ...dec.params.vars],
        loss: () => {
          const z = enc.forward(obs).features;
          return losses.raeLoss(dec.forward(z), tf.sub(obs, 0.5), z, 1e-6);
        },
      };
    },
  },
  {
    name: "ch6 prunable CNN (convs + batch norm + importance predictors, evaluation statistics)",
    build(rng) {
      const net = new PrunableNet(mCifarNetSpec(1 / 16, { height: SIZE, width: SIZE }), rng);
      // running statistics: batch statistics would read moments with dataSync (not on webgpu in Node)
      net.training = false;
      const x = randomNormal(rng, [B, SIZE, SIZE, 3]);
      const labels = tf.tensor1d([1, 5, 9, 0], "int32");
      const decide = () => ({ mask: null, useUr: true, useUs: true });
      return {
        vars: [...net.backboneVars(), ...net.runtimePredictorVars(), ...net.staticPredictorVars()],
        loss: () => crossEntropy(net.forward(x, decide), labels),
      };
    },
  },
];

async function lossAndGrads(f) {
  const { value, grads } = tf.variableGrads(f.loss, f.vars);
  const out = [await value.data()];
  for (const v of f.vars) out.push(grads[v.name] ? await grads[v.name].data() : null);
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}

function maxRel(a, b) {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if ((a[i] === null) !== (b[i] === null)) return Infinity;
    if (a[i] === null) continue;
    let scale = 0;
    let diff = 0;
    for (let j = 0; j < a[i].length; j++) {
      scale = Math.max(scale, Math.abs(a[i][j]));
      diff = Math.max(diff, Math.abs(a[i][j] - b[i][j]));
    }
    if (!Number.isFinite(diff)) return Infinity;
    worst = Math.max(worst, scale === 0 ? diff : diff / scale);
  }
  return worst;
}

async function main() {
  let gpuInfo;
  try {
    gpuInfo = await initBackend({ prefer: "webgpu", quiet: true });
  } catch (err) {
    console.log(JSON.stringify({ unavailable: err.message }));
    return;
  }
  // tfjs hands ops on small CPU-resident inputs to its cpu kernels; off, so every kernel runs on the device
  tf.env().set("WEBGPU_CPU_FORWARD", false);
  await initBackend({ prefer: "cpu", quiet: true });
  const families = [];
  for (const fam of FAMILIES) {
    await tf.setBackend("cpu");
    const built = fam.build(new Rng(7));
    const cpu = await lossAndGrads(built);
    await tf.setBackend("webgpu");
    const gpu = await lossAndGrads(built);
    const params = built.vars.filter((v, i) => cpu[i + 1] !== null).length;
    families.push({ name: fam.name, params, vars: built.vars.length, maxRel: maxRel(cpu, gpu), loss: [cpu[0][0], gpu[0][0]] });
  }
  // a GPU-resident tensor read synchronously: the one-line error, not tfjs's ReferenceError
  let syncRead = "";
  const t = tf.matMul(tf.ones([64, 64]), tf.ones([64, 64]));
  try {
    t.dataSync();
    syncRead = "no error";
  } catch (err) {
    syncRead = `${err.name}: ${err.message}`;
  }
  t.dispose();
  console.log(JSON.stringify({ backend: gpuInfo, families, syncRead }));
}

main().catch((err) => {
  console.log(JSON.stringify({ crashed: String(err && err.stack ? err.stack : err) }));
  process.exitCode = 1;
});
