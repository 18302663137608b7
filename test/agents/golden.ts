/**
 * Golden fingerprints of the agents: for each algorithm variant, a fixed seed, a fixed sequence
 * of synthetic replay batches, `UPDATES` updates, and then
 *   - every update's metrics (critic/actor/α losses, α, auxiliary loss) as exact float64 bits,
 *   - a SHA-256 per parameter array of `getState().params` (sorted, so the list does not depend on
 *     the order in which an agent lists its parameter groups) and their combined hash,
 *   - the deterministic and the sampled action on a fixed observation.
 * Written by test/agents/golden.test.ts with RECORD_AGENT_GOLDEN=1; compared otherwise. Only the
 * public agent API is used (makeAgent, agentConfig, update, getState, act), so the same code
 * fingerprints the agents before and after a refactor.
 */
import { createHash } from "node:crypto";
import { filledReplay } from "./replay-fixture.js";
import { agentConfig, type AgentSpec } from "../../src/agents/config.js";
import { makeAgent } from "../../src/agents/make-agent.js";
import { Rng } from "../../src/core/rng.js";

export const UPDATES = 6;

/*
 * Recorded (RECORD_AGENT_GOLDEN=1) with the agents as their references build them (issue 12);
 * the fixtures before that pinned the legacy options the stored sac-ae runs of that time used.
 */
const PX = 16;
const TINY = { hiddenDim: 16, featureDim: 6, numLayers: 2, numFilters: 4, batchSize: 8 };
const pixelSpec: AgentSpec = { observation: "pixels", obsShape: [PX, PX, 9], actionDim: 2 };
const stateSpec: AgentSpec = { observation: "state", obsShape: [5], actionDim: 2 };

/** The variants of test/agents/agents.test.ts (file name, raw config, spec). */
export const GOLDEN_VARIANTS: [string, Record<string, unknown>, AgentSpec][] = [
  ["sac-states", { algorithm: "sac" }, stateSpec],
  ["sac-pixels", { algorithm: "sac" }, pixelSpec],
  ["drq", { algorithm: "drq" }, pixelSpec],
  ["drq-k3-m1", { algorithm: "drq", drqK: 3, drqM: 1, augPad: 2 }, pixelSpec],
  ["curl", { algorithm: "curl" }, { ...pixelSpec, cropSize: 12 }],
  ["sac-ae-rae", { algorithm: "sac-ae" }, pixelSpec],
  ["sac-ae-off", { algorithm: "sac-ae", decoder: "off" }, pixelSpec],
  ["sac-ae-vae", { algorithm: "sac-ae", decoder: "vae" }, pixelSpec],
  ["sac-ae-vae-e2e", { algorithm: "sac-ae", decoder: "vae", actorGradToEncoder: true }, pixelSpec],
  ["sac-ae-vae-alternating", { algorithm: "sac-ae", decoder: "vae", alternateEvery: 2 }, pixelSpec],
];

/** A float64 as 16 hex digits of its IEEE bits ("nan" for NaN), exact and diffable. */
export function hex64(x: number): string {
  if (Number.isNaN(x)) return "nan";
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  return Array.from(new Uint8Array(dv.buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

function sha(bytes: ArrayBufferView): string {
  return createHash("sha256").update(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).digest("hex");
}


export interface Golden {
  variant: string;
  config: Record<string, unknown>;
  spec: AgentSpec;
  seed: number;
  updates: { criticLoss: string; actorLoss: string; alphaLoss: string; alpha: string; auxLoss: string }[];
  /** Decimal values of the same metrics, for reading only (not compared). */
  readable: Record<string, number>[];
  paramArrays: number;
  paramHashes: string[];
  paramHash: string;
  actDeterministic: string[];
  actSampled: string[];
}

export function agentFingerprint(variant: string): Golden {
  const found = GOLDEN_VARIANTS.find(([name]) => name === variant);
  if (!found) throw new Error(`unknown golden variant ${variant}`);
  const [, raw, spec] = found;
  const config = { ...TINY, ...raw };
  const seed = 3;
  const replay = filledReplay(spec, new Rng(1), { terminateEvery: 17 });
  const agent = makeAgent(agentConfig(config), spec, seed);
  try {
    const updates: Golden["updates"] = [];
    const readable: Record<string, number>[] = [];
    for (let i = 0; i < UPDATES; i++) {
      const m = agent.update(replay.sample(8, new Rng(100 + i)));
      updates.push({ criticLoss: hex64(m.criticLoss), actorLoss: hex64(m.actorLoss), alphaLoss: hex64(m.alphaLoss), alpha: hex64(m.alpha), auxLoss: hex64(m.auxLoss) });
      readable.push({ criticLoss: m.criticLoss, actorLoss: m.actorLoss, alphaLoss: m.alphaLoss, alpha: m.alpha, auxLoss: m.auxLoss });
    }
    const params = agent.getState().params;
    const paramHashes = params.map((p) => sha(p)).sort();
    const obs = replay.sample(1, new Rng(7)).obs;
    return {
      variant, config, spec, seed, updates, readable,
      paramArrays: params.length,
      paramHashes,
      paramHash: createHash("sha256").update(paramHashes.join("")).digest("hex"),
      actDeterministic: agent.act(obs, true).map(hex64),
      actSampled: agent.act(obs, false).map(hex64),
    };
  } finally {
    agent.dispose();
  }
}

/** Short training runs through the unchanged runner (train.ts): every row's numbers, exact. */
export const RUNNER_GOLDEN: [string, Record<string, unknown>][] = [
  ["runner-sac-ae-rae", { algorithm: "sac-ae" }],
  ["runner-vae-alternating", { algorithm: "sac-ae", decoder: "vae", alternateEvery: 5 }],
  ["runner-drq", { algorithm: "drq", augPad: 2 }],
];

export async function runnerFingerprint(variant: string): Promise<{ variant: string; config: Record<string, unknown>; rows: Record<string, string>[]; episodes: Record<string, string>[] }> {
  const { trainRun } = await import("../../src/agents/train.js");
  const found = RUNNER_GOLDEN.find(([name]) => name === variant);
  if (!found) throw new Error(`unknown runner golden ${variant}`);
  const config = { ...TINY, ...found[1] };
  const res = await trainRun({
    env: { id: "cartpole-swingup", observation: "pixels", size: 16, episodeAgentSteps: 50 },
    agent: config, seed: 0, envSteps: 8 * 100, initSteps: 40, replayCapacity: 500, evalEvery: 8 * 50, evalEpisodes: 1, log: null,
  });
  const exact = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== "wallSec" && k !== "tensors").map(([k, v]) => [k, hex64(v)]));
  return { variant, config, rows: res.rows.map(exact), episodes: res.episodes.map(exact) };
}
