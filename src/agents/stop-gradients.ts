/**
 * The stop-gradient semantics of AMBS (thesis §4.5.2–4.5.3; research note T20) measured on the
 * agent itself: a tiny AMBS agent makes real updates under a gradient probe (adam.ts
 * `withGradientProbe`), which records ‖∂loss/∂v‖ of every optimiser step for every variable
 * group, including groups the step does not train. The thesis's statements are exact zeros or
 * non-zeros of these norms:
 *   ∂ℓ(Θ)/∂η = 0 and ∂J_Q/∂η ≠ 0 (c is stopped in (4.7)/(4.8)/(4.10), learned by the Q loss);
 *   ∂ℓ(Θ)/∂θ_P̂ = 0 ("we also stop gradient for the dynamics model");
 *   ∂J_π/∂(conv, φ_r, φ_d, η) = 0 (the actor reads detached critic features);
 *   ∂J_Q/∂θ̄ = 0 (the target critic and target encoder only enter the detached target).
 * Each non-zero the update relies on (the critic, metric, actor and P̂ steps reaching what they
 * train) is reported too, so a probe that saw nothing cannot pass.
 */
import type * as tf from "@tensorflow/tfjs";
import { Rng } from "../core/rng.js";
import { withGradientProbe, type Adam } from "./adam.js";
import type { AmbsObjective } from "./ambs.js";
import { agentConfig, type AgentSpec } from "./config.js";
import { makeAgent } from "./make-agent.js";
import { agentPreset } from "./presets.js";
import { FrameReplay } from "./replay.js";

export interface StopGradientRow {
  step: string;
  group: string;
  /** Largest ‖∂loss/∂group‖₂ over the probed steps of this kind. */
  norm: number;
  expected: "zero" | "non-zero";
  holds: boolean;
  statement: string;
}

/** Network sizes small enough for a CPU check in a second (the wiring, not the scale, is tested). */
const TINY = { hiddenDim: 16, featureDim: 6, numLayers: 2, numFilters: 4, batchSize: 8, modelWidth: 12, metaHidden: 5 };
const SIDE = 16;

/** A replay buffer of random 16×16 pixel transitions (frame stack 3) from `rng`. */
function randomPixelReplay(rng: Rng, actionDim: number): FrameReplay {
  const fs = SIDE * SIDE * 3;
  const r = new FrameReplay({ capacity: 64, frameSize: fs, stack: 3, actionDim, dtype: "uint8", frameShape: [SIDE, SIDE, 3] });
  const frame = () => Uint8Array.from({ length: fs * 3 }, () => rng.int(256));
  r.startEpisode(frame());
  for (let i = 0; i < 40; i++) r.add(Array.from({ length: actionDim }, () => rng.uniformIn(-1, 1)), rng.normal(), frame(), false);
  return r;
}

/** Probe `updates` AMBS updates (preset "ambs-thesis" unless given) and report the T20 norms. */
export function ambsStopGradients(opts: { preset?: string; seed?: number; updates?: number } = {}): StopGradientRow[] {
  const rng = new Rng(opts.seed ?? 0);
  const spec: AgentSpec = { observation: "pixels", obsShape: [SIDE, SIDE, 9], actionDim: 2 };
  const agent = makeAgent(agentConfig({ algorithm: "ambs", ...agentPreset(opts.preset ?? "ambs-thesis"), ...TINY }), spec, opts.seed ?? 0);
  try {
    const obj = agent.auxiliary[0] as AmbsObjective;
    const enc = agent.encoder;
    const groups: Record<string, tf.Variable[]> = {
      "η (c = softmax η)": [enc.eta!],
      "encoder conv + FC/LN (φ_r, φ_d)": enc.representationVars,
      "P̂ (dynamics model)": obj.transition.params.vars,
      "target critic + target encoder (θ̄)": [...agent.critic.net.target.params.vars, ...enc.target!.params.vars],
      "actor ψ (own head + trunk)": [...agent.actor.opt.vars],
    };
    const stepName = new Map<Adam, string>([
      [agent.critic.opt, "critic J_Q"],
      [agent.actor.opt, "actor J_π"],
      [agent.temperature.opt, "temperature J(α)"],
      [obj.encoderOpt, "metric ℓ(Θ) (4.8)"],
      [obj.modelOpt, "dynamics P̂ (4.16)"],
    ]);
    const seen = new Map<string, number>();
    const all = Object.values(groups).flat();
    const replay = randomPixelReplay(rng, spec.actionDim);
    withGradientProbe(all, (s) => {
      const step = stepName.get(s.optimizers[0]!) ?? "other";
      for (const [group, vars] of Object.entries(groups)) {
        const norm = Math.sqrt(vars.reduce((acc, v) => acc + (s.norms.get(v) ?? 0) ** 2, 0));
        const key = `${step}|${group}`;
        seen.set(key, Math.max(seen.get(key) ?? 0, norm));
      }
    }, () => {
      for (let u = 0; u < (opts.updates ?? 2); u++) agent.update(replay.sample(TINY.batchSize, rng));
    });
    const expect = (step: string, group: string, expected: "zero" | "non-zero", statement: string): StopGradientRow => {
      const norm = seen.get(`${step}|${group}`);
      const n = norm ?? Number.NaN;
      return { step, group, norm: n, expected, holds: norm !== undefined && (expected === "zero" ? n === 0 : n > 0), statement };
    };
    return [
      expect("metric ℓ(Θ) (4.8)", "η (c = softmax η)", "zero", "∂ℓ(Θ)/∂η = 0: c stopped in (4.7)/(4.8)/(4.10)"),
      expect("critic J_Q", "η (c = softmax η)", "non-zero", "∂J_Q/∂η ≠ 0: c is learned by the Q loss (§4.5.2)"),
      expect("metric ℓ(Θ) (4.8)", "P̂ (dynamics model)", "zero", "∂ℓ(Θ)/∂θ_P̂ = 0: 'we also stop gradient for the dynamics model'"),
      expect("actor J_π", "encoder conv + FC/LN (φ_r, φ_d)", "zero", "∂J_π/∂(conv, φ_r, φ_d) = 0: the actor reads detached features"),
      expect("actor J_π", "η (c = softmax η)", "zero", "∂J_π/∂η = 0"),
      expect("critic J_Q", "target critic + target encoder (θ̄)", "zero", "∂J_Q/∂θ̄ = 0: the target networks only enter the detached target"),
      expect("critic J_Q", "encoder conv + FC/LN (φ_r, φ_d)", "non-zero", "control: the Q loss trains the encoder"),
      expect("metric ℓ(Θ) (4.8)", "encoder conv + FC/LN (φ_r, φ_d)", "non-zero", "control: ℓ(Θ) trains φ_r, φ_d"),
      expect("actor J_π", "actor ψ (own head + trunk)", "non-zero", "control: J_π trains ψ"),
      expect("dynamics P̂ (4.16)", "P̂ (dynamics model)", "non-zero", "control: (4.16) trains P̂"),
    ];
  } finally {
    agent.dispose();
  }
}
