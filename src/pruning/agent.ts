/**
 * The two deep-RL agents of §6.3.3 as one class: a PPO actor-critic whose actor and critic
 * share a one-layer RNN (hidden 128 in the thesis) over the layers t = 1..T of the CNN.
 *
 *   runtime agent: state s^r_t = layer-dependent FC encoder(global-pooled F_in) (§6.3.3.1)
 *   static agent:  state s^s_t = FC encoder(shape of F_out: C_out, H_out, W_out, normalised)
 *   RNN:           h_t = tanh(W_s s_t + W_h h_{t−1} + b)   (Elman cell from matMul; the thesis
 *                  does not name the cell, and LSTMBlockCell is missing on wasm)
 *   actor:         two FC branches → mean μ_t and log σ_t of a Gaussian over a^r_t ∈ ℝ
 *                  (relaxed; clipped to [α, 1] when pruning) — or, for the RNP-style baseline,
 *                  one FC branch → logits over k discrete keep levels
 *   critic:        one FC → V(s_t)
 *   loss:          PPO clipped surrogate (ε = 0.2; src/agents/ppo-clip.ts) + ½ (V − R)² + L_a(μ_t)
 * The range regulariser L_a = ½‖a − max(min(a, 1), α)‖² is applied to the policy mean μ_t,
 * the differentiable part of the action (a sample carries no gradient).
 * Rewards are terminal (R_t = 0 for t < T) and undiscounted over the T layers, so every step's
 * return is the episode's terminal reward; advantages are R − V(s_t), standardised per batch.
 * The actor's mean bias starts at the target keep ratio (a choice; the thesis gives no init).
 */
import * as tf from "@tensorflow/tfjs";
import { ppoClipObjectiveTf } from "../agents/ppo-clip.js";
import { ReproError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { randomNormal } from "../core/tf-random.js";

export interface AgentConfig {
  /** Input size of each layer's encoder (runtime: C_in of layer t; static: 3). */
  inputSizes: number[];
  /** Share one encoder across layers (static agent) or one per layer (runtime agent). */
  sharedEncoder: boolean;
  hidden: number;
  /** "gaussian" (ours) or k discrete keep levels (RNP-style). */
  levels?: number[];
  /** Initial mean action (gaussian) — the target keep ratio. */
  initMean: number;
  initStd: number;
  alphaMin: number;
  lr: number;
  clip: number;
  epochs: number;
}

/** One batch of episodes as stored by a rollout: inputs[t] is [E, inputSizes[t]]. */
export interface Rollout {
  inputs: Float32Array[];
  episodes: number;
  /** actions[t][e]: the relaxed continuous action, or the level index. */
  actions: Float32Array[];
  logp: Float32Array[];
  values: Float32Array[];
}

let nextAgentId = 0;

export class PruningAgent {
  readonly cfg: AgentConfig;
  private readonly vars: tf.Variable[] = [];
  private readonly encW: tf.Variable[];
  private readonly encB: tf.Variable[];
  private readonly rnnWs: tf.Variable;
  private readonly rnnWh: tf.Variable;
  private readonly rnnB: tf.Variable;
  private readonly muW: tf.Variable;
  private readonly muB: tf.Variable;
  private readonly sdW: tf.Variable;
  private readonly sdB: tf.Variable;
  private readonly vW: tf.Variable;
  private readonly vB: tf.Variable;
  private readonly opt: tf.Optimizer;
  private readonly rng: Rng;

  constructor(cfg: AgentConfig, rng: Rng) {
    if (cfg.inputSizes.length === 0) throw new ReproError("a pruning agent needs at least one layer");
    this.cfg = cfg;
    this.rng = rng;
    const id = `agent${nextAgentId++}_`;
    const H = cfg.hidden;
    const mk = (t: tf.Tensor, name: string) => {
      const v = tf.variable(t, true, id + name);
      this.vars.push(v);
      return v;
    };
    const glorot = (a: number, b: number, name: string, gain = 1) => mk(randomNormal(rng, [a, b], 0, gain * Math.sqrt(2 / (a + b))), name);
    const encSizes = cfg.sharedEncoder ? [cfg.inputSizes[0]!] : cfg.inputSizes;
    this.encW = encSizes.map((n, t) => glorot(n, H, `enc${t}W`));
    this.encB = encSizes.map((_, t) => mk(tf.zeros([H]), `enc${t}B`));
    this.rnnWs = glorot(H, H, "rnnWs");
    this.rnnWh = glorot(H, H, "rnnWh", 0.5);
    this.rnnB = mk(tf.zeros([H]), "rnnB");
    const k = cfg.levels ? cfg.levels.length : 1;
    this.muW = glorot(H, k, "muW", 0.01);
    this.muB = mk(cfg.levels ? tf.zeros([k]) : tf.fill([1], cfg.initMean), "muB");
    this.sdW = glorot(H, 1, "sdW", 0.01);
    this.sdB = mk(tf.fill([1], Math.log(cfg.initStd)), "sdB");
    this.vW = glorot(H, 1, "vW", 0.01);
    this.vB = mk(tf.zeros([1]), "vB");
    this.opt = tf.train.adam(cfg.lr);
  }

  /** Number of parameters (stored at inference for the runtime agent). */
  paramCount(): number {
    return this.vars.reduce((s, v) => s + v.size, 0);
  }

  get layers(): number {
    return this.cfg.inputSizes.length;
  }

  /** One RNN step: returns new hidden, head outputs. Inputs [E, n_t], hidden [E, H]. */
  private step(t: number, x: tf.Tensor2D, h: tf.Tensor2D): { h: tf.Tensor2D; mu: tf.Tensor2D; logStd: tf.Tensor2D; v: tf.Tensor2D } {
    const e = this.cfg.sharedEncoder ? 0 : t;
    const s = tf.relu(tf.add(tf.matMul(x, this.encW[e]!), this.encB[e]!));
    const hn = tf.tanh(tf.add(tf.add(tf.matMul(s, this.rnnWs), tf.matMul(h, this.rnnWh)), this.rnnB)) as tf.Tensor2D;
    const mu = tf.add(tf.matMul(hn, this.muW), this.muB) as tf.Tensor2D;
    const logStd = tf.clipByValue(tf.add(tf.matMul(hn, this.sdW), this.sdB), -5, 1) as tf.Tensor2D;
    const v = tf.add(tf.matMul(hn, this.vW), this.vB) as tf.Tensor2D;
    return { h: hn, mu, logStd, v };
  }

  /**
   * Start an episode batch of `episodes`; call `act(t, input)` for t = 0..T−1 in order. Each
   * call samples (or, with `greedy`, takes the mean / most likely level) and returns the
   * actions as keep ratios: clipped to [α, 1] (gaussian) or the chosen level.
   */
  begin(episodes: number, greedy = false): { act: (t: number, input: Float32Array) => Float64Array; finish: () => Rollout } {
    let h = tf.zeros([episodes, this.cfg.hidden]) as tf.Tensor2D;
    const r: Rollout = { inputs: [], episodes, actions: [], logp: [], values: [] };
    const act = (t: number, input: Float32Array): Float64Array => {
      const n = this.cfg.inputSizes[t]!;
      if (input.length !== episodes * n) throw new ReproError(`agent input at layer ${t} has ${input.length} values, expected ${episodes}×${n}`);
      const out = tf.tidy(() => {
        const o = this.step(t, tf.tensor2d(input, [episodes, n]), h);
        return { h: tf.keep(o.h), mu: o.mu.dataSync(), logStd: o.logStd.dataSync(), v: o.v.dataSync() };
      });
      h.dispose();
      h = out.h;
      const a = new Float32Array(episodes);
      const lp = new Float32Array(episodes);
      const keep = new Float64Array(episodes);
      const levels = this.cfg.levels;
      for (let i = 0; i < episodes; i++) {
        if (levels) {
          const k = levels.length;
          const logits = Array.from(out.mu.subarray(i * k, i * k + k));
          const m = Math.max(...logits);
          const p = logits.map((z) => Math.exp(z - m));
          const z = p.reduce((s, x) => s + x, 0);
          const j = greedy ? logits.indexOf(m) : this.rng.categorical(p);
          a[i] = j;
          lp[i] = Math.log(p[j]! / z);
          keep[i] = levels[j]!;
        } else {
          const sd = Math.exp(out.logStd[i]!);
          const x = greedy ? out.mu[i]! : out.mu[i]! + sd * this.rng.normal();
          a[i] = x;
          lp[i] = -0.5 * ((x - out.mu[i]!) / sd) ** 2 - out.logStd[i]! - 0.5 * Math.log(2 * Math.PI);
          keep[i] = Math.max(Math.min(x, 1), this.cfg.alphaMin);
        }
      }
      r.inputs[t] = input;
      r.actions[t] = a;
      r.logp[t] = lp;
      r.values[t] = Float32Array.from(out.v);
      return keep;
    };
    const finish = () => {
      h.dispose();
      return r;
    };
    return { act, finish };
  }

  /** PPO update from one rollout with terminal rewards `rewards[e]`. Returns the mean loss. */
  update(r: Rollout, rewards: ArrayLike<number>): number {
    const T = r.inputs.length;
    const E = r.episodes;
    const adv: Float32Array[] = [];
    let s = 0;
    let s2 = 0;
    for (let t = 0; t < T; t++) {
      const a = new Float32Array(E);
      for (let e = 0; e < E; e++) {
        a[e] = rewards[e]! - r.values[t]![e]!;
        s += a[e]!;
        s2 += a[e]! ** 2;
      }
      adv.push(a);
    }
    const n = T * E;
    const mean = s / n;
    const sd = Math.sqrt(Math.max(1e-12, s2 / n - mean * mean));
    for (const a of adv) for (let e = 0; e < E; e++) a[e] = n > 1 ? (a[e]! - mean) / (sd + 1e-8) : a[e]!;
    const ret = tf.tensor1d(Float32Array.from(rewards));
    let last = 0;
    for (let k = 0; k < this.cfg.epochs; k++) {
      const loss = this.opt.minimize(() => {
        let h = tf.zeros([E, this.cfg.hidden]) as tf.Tensor2D;
        let total: tf.Tensor = tf.scalar(0);
        for (let t = 0; t < T; t++) {
          const o = this.step(t, tf.tensor2d(r.inputs[t]!, [E, this.cfg.inputSizes[t]!]), h);
          h = o.h;
          const act = tf.tensor1d(r.actions[t]!);
          let logp: tf.Tensor1D;
          if (this.cfg.levels) {
            const lsm = tf.logSoftmax(o.mu);
            logp = tf.sum(tf.mul(lsm, tf.oneHot(tf.cast(act, "int32"), this.cfg.levels.length)), 1) as tf.Tensor1D;
          } else {
            const mu = o.mu.reshape([-1]);
            const ls = o.logStd.reshape([-1]);
            logp = tf.sub(tf.mul(-0.5, tf.square(tf.div(tf.sub(act, mu), tf.exp(ls)))), tf.add(ls, 0.5 * Math.log(2 * Math.PI))) as tf.Tensor1D;
            // L_a on the mean action: ½ (μ − clip(μ, α, 1))².
            const la = tf.mul(0.5, tf.square(tf.sub(mu, tf.clipByValue(mu, this.cfg.alphaMin, 1))));
            total = tf.add(total, tf.mean(la));
          }
          const ratio = tf.exp(tf.sub(logp, tf.tensor1d(r.logp[t]!)));
          const A = tf.tensor1d(adv[t]!);
          const surr = ppoClipObjectiveTf(ratio, A, this.cfg.clip);
          const vLoss = tf.mul(0.5, tf.square(tf.sub(o.v.reshape([-1]), ret)));
          total = tf.add(total, tf.div(tf.add(tf.neg(tf.mean(surr)), tf.mean(vLoss)), T));
        }
        return total as tf.Scalar;
      }, true, this.vars);
      last = loss ? loss.dataSync()[0]! : 0;
      loss?.dispose();
    }
    ret.dispose();
    return last;
  }

  dispose(): void {
    tf.dispose(this.vars);
    this.opt.dispose();
  }
}
