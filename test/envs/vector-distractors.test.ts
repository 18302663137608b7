import { beforeAll, describe, expect, it } from "vitest";
import { ControlEnv } from "../../src/envs/dmc/control-env.js";
import { loadMujoco } from "../../src/envs/mujoco/adapter.js";
import type { Env } from "../../src/envs/types.js";
import { VectorDistractorEnv, distractorSource } from "../../src/envs/vector-distractors.js";

beforeAll(async () => {
  await loadMujoco();
});

/** A trivial infinite-horizon env with a 2-D zero state, for fast statistics. */
function zeroEnv(): Env<Float64Array> {
  let t = 0;
  const info = () => ({ agentSteps: t, envSteps: t, discount: 1 });
  return {
    id: "zero",
    actionSpec: { name: "action", shape: [1], dtype: "float64", minimum: -1, maximum: 1 },
    observationSpec: { name: "state", kind: "state", shape: [2], dtype: "float64", parts: [{ name: "s", offset: 0, size: 2 }] },
    actionRepeat: 1,
    maxAgentSteps: Infinity,
    reset: () => { t = 0; return { observation: new Float64Array(2), info: info() }; },
    step: () => { t++; return { observation: new Float64Array(2), reward: 0, terminated: false, truncated: false, info: info() }; },
    close: () => {},
  };
}

describe("vector distractors", () => {
  it("observation = true state followed by k distractor dims", () => {
    const plain = new ControlEnv("cartpole-swingup");
    const env = new VectorDistractorEnv(new ControlEnv("cartpole-swingup"), { dims: 4, seed: 1 });
    expect(env.observationSpec.shape).toEqual([9]);
    expect(env.observationSpec.parts!.at(-1)).toEqual({ name: "distractors", offset: 5, size: 4 });
    const a = plain.reset({ seed: 3 }).observation;
    const b = env.reset({ seed: 3 }).observation;
    expect(Array.from(b.subarray(0, 5))).toEqual(Array.from(a));
    const a1 = plain.step([0.5]);
    const b1 = env.step([0.5]);
    expect(Array.from(b1.observation.subarray(0, 5))).toEqual(Array.from(a1.observation));
    expect(b1.reward).toBe(a1.reward);
    expect(Array.from(b1.observation.subarray(5))).toEqual(Array.from(env.distractors()));
    plain.close();
    env.close();
  });

  it("train and eval sources differ; the same style seed reproduces a source", () => {
    const tr = distractorSource(5, "train", 0);
    const ev = distractorSource(5, "eval", 0);
    expect(tr.rho).not.toBe(ev.rho);
    expect(Array.from(tr.A)).not.toEqual(Array.from(ev.A));
    expect(distractorSource(5, "train", 0)).toEqual(tr);
    for (let i = 0; i < 5; i++) {
      let n = 0;
      for (let j = 0; j < 5; j++) n += tr.A[i * 5 + j]! ** 2;
      expect(n).toBeCloseTo(1, 12);
    }
  });

  it("same seed → same distractor sequence; another seed → a different one", () => {
    const run = (seed: number): number[] => {
      const env = new VectorDistractorEnv(zeroEnv(), { dims: 3 });
      const out = Array.from(env.reset({ seed }).observation);
      for (let t = 0; t < 10; t++) out.push(...env.step([0]).observation);
      return out;
    };
    expect(run(1)).toEqual(run(1));
    expect(run(2)).not.toEqual(run(1));
  });

  it("AR(1) statistics: unit variance, lag-1 autocorrelation ρ, cross-correlation (A Aᵀ)_01", () => {
    const k = 3;
    const env = new VectorDistractorEnv(zeroEnv(), { dims: k, styleSeed: 5, seed: 2 });
    const { rho, A } = env.source;
    const T = 40000;
    const z: number[][] = [];
    z.push(Array.from(env.reset().observation.subarray(2)));
    for (let t = 1; t < T; t++) z.push(Array.from(env.step([0]).observation.subarray(2)));
    const mean = (f: (t: number) => number, n = T): number => { let s = 0; for (let t = 0; t < n; t++) s += f(t); return s / n; };
    const var0 = mean((t) => z[t]![0]! ** 2);
    const lag1 = mean((t) => z[t]![0]! * z[t + 1]![0]!, T - 1) / var0;
    const c01 = mean((t) => z[t]![0]! * z[t]![1]!);
    let expected01 = 0;
    for (let j = 0; j < k; j++) expected01 += A[j]! * A[k + j]!;
    // Effective sample size ≈ T(1−ρ)/(1+ρ) ≥ 200 for ρ ≤ 0.99 → tolerances of a few std errors.
    expect(var0).toBeGreaterThan(0.6);
    expect(var0).toBeLessThan(1.4);
    expect(Math.abs(lag1 - rho)).toBeLessThan(0.02);
    expect(Math.abs(c01 - expected01)).toBeLessThan(0.3);
  });

  it("linear mixing hides the clean coordinates and drops the part names", () => {
    const env = new VectorDistractorEnv(zeroEnv(), { dims: 2, mix: "linear" });
    expect(env.observationSpec.parts).toBeUndefined();
    const o = env.reset({ seed: 1 }).observation;
    expect(o.length).toBe(4);
    expect(o[0]).not.toBe(0); // zero state mixed with distractors
    expect(() => new VectorDistractorEnv(zeroEnv(), { dims: 0 })).toThrow(/dims/);
  });
});
