/**
 * Adam (Kingma & Ba 2015) with PyTorch's defaults and semantics, one instance per module:
 *   m ← β1 m + (1−β1) g,  v ← β2 v + (1−β2) g²,  θ ← θ − lr · (m / (1−β1ᵗ)) / (sqrt(v / (1−β2ᵗ)) + ε)
 * with ε = 1e-8. `weightDecay` λ adds λθ to the gradient first (PyTorch Adam's coupled L2, as
 * SAC-AE's decoder uses it, not AdamW's decoupled decay).
 *
 * Written here (not tf.train.adam) so the moment estimates are ordinary state that a
 * checkpoint can save and restore exactly.
 *
 * On the wasm backend with the "current" kernel generation (backend/wasm-kernels/register.ts)
 * the step runs as one JS loop per variable (adam-fused.ts) instead of ~12 dispatched tensor ops
 * per variable; it rounds to float32 after every operation exactly as the op sequence does, so
 * the results are bit-identical (test/agents/adam-fused.test.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { ReproError } from "../core/errors.js";
import { adamStepFused, fusedUpdatesEnabled } from "./adam-fused.js";

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  /** Clip the global norm of the gradients to this before the step (PyTorch `clip_grad_norm_`: × max/(norm + 1e-6) when that is < 1); 0/absent: off. */
  maxGradNorm?: number;
}

export class Adam {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly maxGradNorm: number;
  readonly vars: readonly tf.Variable[];
  private m: tf.Variable[];
  private v: tf.Variable[];
  private t = 0;

  constructor(vars: readonly tf.Variable[], opts: AdamOptions) {
    if (!(opts.lr > 0)) throw new ReproError(`Adam learning rate must be > 0, got ${opts.lr}`);
    this.vars = vars;
    this.lr = opts.lr;
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.eps = opts.eps ?? 1e-8;
    this.weightDecay = opts.weightDecay ?? 0;
    this.maxGradNorm = opts.maxGradNorm ?? 0;
    // (inside tidy: tf.variable keeps its own reference, the zeros tensor is freed)
    this.m = vars.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)));
    this.v = vars.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)));
  }

  get steps(): number {
    return this.t;
  }

  /** Apply gradients (same order as `vars`). Does not dispose the gradients. */
  apply(grads: readonly tf.Tensor[]): void {
    if (grads.length !== this.vars.length) throw new ReproError(`Adam: ${grads.length} gradients for ${this.vars.length} parameters`);
    this.t++;
    const c1 = 1 - Math.pow(this.beta1, this.t);
    const c2 = 1 - Math.pow(this.beta2, this.t);
    let clip = 1;
    if (this.maxGradNorm > 0) {
      const norm = Math.sqrt(tf.tidy(() => tf.addN(grads.map((g) => tf.sum(tf.square(g)))).dataSync()[0]!));
      clip = Math.min(1, this.maxGradNorm / (norm + 1e-6));
    }
    if (fusedUpdatesEnabled()) {
      const consts = { beta1: this.beta1, beta2: this.beta2, eps: this.eps, lr: this.lr, weightDecay: this.weightDecay, clip, c1, c2 };
      for (let i = 0; i < this.vars.length; i++) adamStepFused(this.vars[i]!, grads[i]!, this.m[i]!, this.v[i]!, consts);
      return;
    }
    tf.tidy(() => {
      for (let i = 0; i < this.vars.length; i++) {
        const p = this.vars[i]!;
        let g = clip < 1 ? tf.mul(grads[i]!, clip) : grads[i]!;
        if (this.weightDecay !== 0) g = tf.add(g, tf.mul(p, this.weightDecay));
        const m = tf.add(tf.mul(this.m[i]!, this.beta1), tf.mul(g, 1 - this.beta1));
        const v = tf.add(tf.mul(this.v[i]!, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
        this.m[i]!.assign(m);
        this.v[i]!.assign(v);
        const step = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), this.eps));
        p.assign(tf.sub(p, tf.mul(step, this.lr)));
      }
    });
  }

  getState(): { t: number; m: Float32Array[]; v: Float32Array[] } {
    return {
      t: this.t,
      m: this.m.map((x) => new Float32Array(x.dataSync() as Float32Array)),
      v: this.v.map((x) => new Float32Array(x.dataSync() as Float32Array)),
    };
  }

  setState(state: { t: number; m: readonly Float32Array[]; v: readonly Float32Array[] }): void {
    if (state.m.length !== this.m.length || state.v.length !== this.v.length) throw new ReproError("Adam checkpoint does not match the parameter list");
    this.t = state.t;
    const put = (dst: tf.Variable[], src: readonly Float32Array[]) =>
      dst.forEach((d, i) => {
        const x = tf.tensor(src[i]!, d.shape);
        d.assign(x);
        x.dispose();
      });
    put(this.m, state.m);
    put(this.v, state.v);
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}

/** What a gradient probe sees at one `gradStep`: the step's optimizers and ‖∂loss/∂v‖₂ per probed variable. */
export interface ProbedStep {
  optimizers: readonly Adam[];
  norms: ReadonlyMap<tf.Variable, number>;
}

let probe: { vars: readonly tf.Variable[]; onStep: (step: ProbedStep) => void } | null = null;

/**
 * Run `fn` with a gradient probe: every `gradStep` inside it also takes its loss's gradient
 * w.r.t. `vars` in the same `variableGrads` call (no second evaluation, no extra random draw,
 * the step itself unchanged) and reports the norms. Gradients stopped by computing a tensor
 * outside the loss closure (the agents' detach) show as exact zeros. For the stop-gradient
 * checks of thesis §4.5.2 (research note T20).
 */
export function withGradientProbe<T>(vars: readonly tf.Variable[], onStep: (step: ProbedStep) => void, fn: () => T): T {
  if (probe) throw new ReproError("a gradient probe is already active");
  const frozen = vars.find((v) => !v.trainable);
  if (frozen) throw new ReproError(`gradient probe: variable ${frozen.name} is not trainable, so tfjs would report no gradient for it`);
  probe = { vars, onStep };
  try {
    return fn();
  } finally {
    probe = null;
  }
}

/**
 * One gradient step of `loss` for several optimizers at once: gradients are taken w.r.t. the
 * union of their variables and each optimizer applies its own (a variable shared by two
 * optimizers — e.g. the encoder under the critic's and the encoder's Adam — gets both updates,
 * as in the reference code). Returns the loss value.
 */
export function gradStep(loss: () => tf.Scalar, optimizers: readonly Adam[]): number {
  const all: tf.Variable[] = [];
  for (const o of optimizers) for (const v of o.vars) if (!all.includes(v)) all.push(v);
  const extra = probe ? probe.vars.filter((v) => !all.includes(v)) : [];
  const { value, grads } = tf.variableGrads(loss, [...all, ...extra]);
  try {
    if (probe) {
      const norms = new Map<tf.Variable, number>();
      for (const v of probe.vars) norms.set(v, grads[v.name] ? Math.sqrt(tf.tidy(() => tf.sum(tf.square(grads[v.name]!))).dataSync()[0]!) : 0);
      probe.onStep({ optimizers, norms });
    }
    for (const v of all) if (!grads[v.name]) grads[v.name] = tf.zerosLike(v); // not on the loss's path
    for (const o of optimizers) o.apply(o.vars.map((v) => grads[v.name]!));
    return value.dataSync()[0]!;
  } finally {
    value.dispose();
    tf.dispose(Object.values(grads));
  }
}
