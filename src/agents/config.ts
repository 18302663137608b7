/**
 * Agent hyper-parameters, validated with `validateConfig` (unknown keys and bad values give a
 * one-line error). Defaults are the SAC-AE reference defaults (research/anchors.md §1.6;
 * seed001-003.md C.2), which agree with thesis Table 4.2 except the learning rates (thesis:
 * 5e-4 for everything but α) — `THESIS_TABLE_4_2` gives the thesis's values.
 */
import { validateConfig, type ConfigOf, type Schema } from "../core/config.js";

export const AGENT_SCHEMA = {
  algorithm: { type: "enum", values: ["sac", "drq", "curl", "sac-ae"], default: "sac", doc: "which agent file" },
  hiddenDim: { type: "number", default: 1024, min: 1, integer: true, doc: "actor/critic MLP width" },
  hiddenLayers: { type: "number", default: 2, min: 1, integer: true },
  featureDim: { type: "number", default: 50, min: 1, integer: true, doc: "encoder output size" },
  numLayers: { type: "number", default: 4, min: 1, integer: true, doc: "conv layers" },
  numFilters: { type: "number", default: 32, min: 1, integer: true },
  batchSize: { type: "number", default: 128, min: 2, integer: true },
  gamma: { type: "number", default: 0.99, min: 0, max: 1 },
  criticLr: { type: "number", default: 1e-3, min: 0, exclusiveMin: true },
  criticBeta: { type: "number", default: 0.9, min: 0, max: 1 },
  actorLr: { type: "number", default: 1e-3, min: 0, exclusiveMin: true },
  actorBeta: { type: "number", default: 0.9, min: 0, max: 1 },
  encoderLr: { type: "number", default: 1e-3, min: 0, exclusiveMin: true },
  decoderLr: { type: "number", default: 1e-3, min: 0, exclusiveMin: true },
  alphaLr: { type: "number", default: 1e-4, min: 0, exclusiveMin: true },
  alphaBeta: { type: "number", default: 0.5, min: 0, max: 1 },
  initTemperature: { type: "number", default: 0.1, min: 0, exclusiveMin: true },
  criticTau: { type: "number", default: 0.01, min: 0, max: 1 },
  encoderTau: { type: "number", default: 0.05, min: 0, max: 1 },
  actorUpdateFreq: { type: "number", default: 2, min: 1, integer: true },
  targetUpdateFreq: { type: "number", default: 2, min: 1, integer: true },
  logStdMin: { type: "number", default: -10 },
  logStdMax: { type: "number", default: 2 },
  // DrQ
  augPad: { type: "number", default: 4, min: 0, integer: true, doc: "random-shift padding (DrQ/CURL)" },
  drqK: { type: "number", default: 2, min: 1, integer: true, doc: "DrQ: augmentations averaged in the target" },
  drqM: { type: "number", default: 2, min: 1, integer: true, doc: "DrQ: augmentations in the Q loss" },
  // CURL
  curlLr: { type: "number", default: 1e-3, min: 0, exclusiveMin: true, doc: "CURL: encoder + W learning rate" },
  // SAC+AE and its ablations
  decoder: { type: "enum", values: ["rae", "vae", "off"], default: "rae", doc: "sac-ae: deterministic RAE, β-VAE, or no decoder (= SAC:pixel)" },
  decoderUpdateFreq: { type: "number", default: 1, min: 1, integer: true },
  latentLambda: { type: "number", default: 1e-6, min: 0, doc: "RAE latent L2 λ_z" },
  decoderWeightLambda: { type: "number", default: 1e-7, min: 0, doc: "decoder weight decay λ_θ (coupled L2)" },
  beta: { type: "number", default: 1, min: 0, doc: "β of the β-VAE" },
  actorGradToEncoder: { type: "boolean", default: false, doc: "let actor gradients reach the encoder (end-to-end β-VAE)" },
  alternateEvery: { type: "number", default: 0, min: 0, integer: true, doc: ">0: alternate K VAE updates and K RL updates; the RL phase does not train the encoder" },
} as const satisfies Schema;

export type AgentConfig = ConfigOf<typeof AGENT_SCHEMA>;

export function agentConfig(raw: Record<string, unknown> = {}): AgentConfig {
  return validateConfig("agent", AGENT_SCHEMA, raw);
}

/** Thesis Table 4.2 (AMBS) values, for runs that follow the thesis rather than SAC-AE. */
export const THESIS_TABLE_4_2: Partial<AgentConfig> = {
  batchSize: 128, gamma: 0.99, alphaLr: 1e-4, criticLr: 5e-4, actorLr: 5e-4, encoderLr: 5e-4, decoderLr: 5e-4,
  targetUpdateFreq: 2, actorUpdateFreq: 2, logStdMin: -10, logStdMax: 2, criticTau: 0.01, encoderTau: 0.05, initTemperature: 0.1,
};

/** What the agent needs to know about the environment. */
export interface AgentSpec {
  /** "pixels": obsShape = [H, W, 3k] uint8; "state": obsShape = [d]. */
  observation: "pixels" | "state";
  obsShape: readonly number[];
  actionDim: number;
}
