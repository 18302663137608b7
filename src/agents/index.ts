/**
 * SAC from pixels and states, with DrQ, CURL and SAC+AE (+ β-VAE ablations), the frame
 * replay buffer, and the seeded, resumable, multi-seed training runner.
 *
 *   const agent = makeAgent(agentConfig({ algorithm: "sac-ae", hiddenDim: 256 }), spec, seed);
 *   const result = await trainRun({ env: { id: "cheetah-run", observation: "pixels", size: 32 }, agent: {...}, steps: 5000, seed: 1 });
 */
import { ReproError } from "../core/errors.js";
import type { AgentConfig, AgentSpec } from "./config.js";
import { CurlAgent } from "./curl.js";
import { DrqAgent } from "./drq.js";
import { SacAeAgent } from "./sac-ae.js";
import { SacAgent } from "./sac.js";

export { agentConfig, AGENT_SCHEMA, THESIS_TABLE_4_2, type AgentConfig, type AgentSpec } from "./config.js";
export { SacAgent, type UpdateMetrics, type AgentState, type BatchViews } from "./sac.js";
export { DrqAgent } from "./drq.js";
export { CurlAgent } from "./curl.js";
export { SacAeAgent } from "./sac-ae.js";
export { FrameReplay, type ReplayBatch, type ReplayOptions } from "./replay.js";
export { PixelEncoder, convOutputSize, type EncoderConfig } from "./encoder.js";
export { PixelDecoder } from "./decoder.js";
export { Actor, type ActorConfig } from "./actor.js";
export { Critic, type CriticConfig } from "./critic.js";
export { Temperature } from "./temperature.js";
export { Adam, gradStep } from "./adam.js";
export { randomShift } from "./augment.js";
export * as losses from "./losses.js";

/** The agent class for `config.algorithm`. */
export function makeAgent(config: AgentConfig, spec: AgentSpec, seed: number): SacAgent {
  switch (config.algorithm) {
    case "sac":
      return new SacAgent(config, spec, seed);
    case "drq":
      return new DrqAgent(config, spec, seed);
    case "curl":
      return new CurlAgent(config, spec, seed);
    case "sac-ae":
      return new SacAeAgent(config, spec, seed);
    default:
      throw new ReproError(`unknown algorithm '${String(config.algorithm)}'; use sac, drq, curl or sac-ae`);
  }
}
