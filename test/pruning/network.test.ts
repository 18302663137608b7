import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend/index.js";
import { Rng } from "../../src/core/rng.js";
import { compactForward, compactNet, disposeCompact } from "../../src/pruning/compact.js";
import { mCifarNetSpec, PrunableNet } from "../../src/pruning/network.js";
import { PruningAgent } from "../../src/pruning/agent.js";

beforeAll(async () => {
  await initBackend({ quiet: true, prefer: "wasm" });
});

function randomiseBn(net: PrunableNet, rng: Rng): void {
  net.runningMean = net.runningMean.map((m) => Float32Array.from(m, () => rng.normal(0, 0.3)));
  net.runningVar = net.runningVar.map((v) => Float32Array.from(v, () => rng.uniformIn(0.5, 2)));
  net.bnBeta.forEach((b) => b.assign(tf.randomUniform(b.shape, 0.1, 0.5, "float32", rng.tfSeed())));
}

describe("pruned forward pass", () => {
  it("gathering the kept channels gives the same logits as zeroing the pruned ones (6.1 with u = 1)", () => {
    const rng = new Rng(3);
    const spec = mCifarNetSpec(1 / 16, { height: 8, width: 8 });
    const net = new PrunableNet(spec, rng.fork("net"));
    randomiseBn(net, rng.fork("bn"));
    net.training = false;
    const kept = spec.convs.map((c) => rng.shuffle(Array.from({ length: c.cout }, (_, i) => i)).slice(0, Math.max(1, Math.floor(c.cout / 2))).sort((a, b) => a - b));
    const x = tf.randomNormal([3, 8, 8, 3], 0, 1, "float32", 5) as tf.Tensor4D;
    const masked = net.forward(x, (ctx) => {
      const c = spec.convs[ctx.t]!.cout;
      const m = new Float32Array(3 * c).fill(1);
      for (let b = 0; b < 3; b++) for (const i of kept[ctx.t]!) m[b * c + i] = 0;
      return { mask: tf.tensor2d(m, [3, c]), useUr: false, useUs: false };
    });
    const cn = compactNet(net, kept);
    const compact = compactForward(cn, x);
    const a = masked.arraySync() as number[][];
    const b = compact.arraySync() as number[][];
    a.flat().forEach((v, i) => expect(b.flat()[i]).toBeCloseTo(v, 4));
    // Something was really pruned: the unpruned net differs.
    const full = (net.forward(x).arraySync() as number[][]).flat();
    expect(full.some((v, i) => Math.abs(v - a.flat()[i]!) > 1e-3)).toBe(true);
    expect(cn.convW[1]!.shape).toEqual([3, 3, kept[0]!.length, kept[1]!.length]);
    disposeCompact(cn);
    tf.dispose([x, masked, compact]);
    net.dispose();
  });

  it("static features are computed from filters (n is the filter norm)", () => {
    const spec = mCifarNetSpec(1 / 16, { height: 8, width: 8 });
    const net = new PrunableNet(spec, new Rng(1));
    const x = tf.randomNormal([4, 8, 8, 3], 0, 1, "float32", 1) as tf.Tensor4D;
    const y = tf.tensor1d([0, 1, 2, 3], "int32");
    net.setStaticFeatures([{ x, y }]);
    const w = net.convW[0]!.arraySync() as number[][][][]; // [3,3,3,cout]
    const cout = spec.convs[0]!.cout;
    const norms = Array.from({ length: cout }, (_, o) => Math.sqrt(w.flat(2).reduce((s, v) => s + (v as unknown as number[])[o]! ** 2, 0)));
    const meanN = norms.reduce((a, b) => a + b, 0) / cout;
    const f = net.features[0]!.arraySync();
    norms.forEach((n, o) => expect(f[o]![0]).toBeCloseTo(n / meanN, 4));
    tf.dispose([x, y]);
    net.dispose();
  });
});

describe("PPO pruning agent", () => {
  it("moves its mean action towards the rewarded keep ratio", () => {
    const rng = new Rng(0);
    const agent = new PruningAgent({ inputSizes: [2, 2], sharedEncoder: false, hidden: 16, initMean: 0.5, initStd: 0.2, alphaMin: 0.1, lr: 3e-3, clip: 0.2, epochs: 4 }, rng);
    const input = new Float32Array(64 * 2).fill(0.5);
    const greedyMean = () => {
      const ep = agent.begin(1, true);
      const a = ep.act(0, Float32Array.of(0.5, 0.5))[0]!;
      ep.act(1, Float32Array.of(0.5, 0.5));
      ep.finish();
      return a;
    };
    const before = greedyMean();
    for (let it = 0; it < 40; it++) {
      const ep = agent.begin(64);
      const a0 = ep.act(0, input);
      ep.act(1, input);
      // reward: −|a − 0.9| at layer 0 (terminal, shared by both steps)
      agent.update(ep.finish(), Array.from(a0, (a) => -Math.abs(a - 0.9)));
    }
    const after = greedyMean();
    expect(before).toBeCloseTo(0.5, 1);
    expect(after).toBeGreaterThan(before + 0.15);
    agent.dispose();
  });
});
