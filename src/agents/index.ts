/**
 * SAC from pixels and states, with DrQ, CURL and SAC+AE (+ β-VAE ablations), the frame
 * replay buffer, and the seeded, resumable, multi-seed training runner.
 *
 *   const agent = makeAgent(agentConfig({ algorithm: "sac-ae", hiddenDim: 256 }), spec, seed);
 *   const result = await trainRun({ env: { id: "cheetah-run", observation: "pixels", size: 32 }, agent: {...}, steps: 5000, seed: 1 });
 */
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
export { ppoClipObjective, ppoClipObjectiveTf } from "./ppo-clip.js";

export { makeAgent } from "./make-agent.js";
export { trainRun, evaluate, episodeSeed, makeTrainEnv, checkpointFolder, type TrainOptions, type TrainEnvOptions, type TrainResult, type TrainProgress, type EvalRow } from "./train.js";
export { runParallel, type ParallelJob, type ParallelOptions } from "./parallel.js";
export { saveCheckpoint, loadCheckpoint, hasCheckpoint } from "./checkpoint.js";
