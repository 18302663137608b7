/**
 * SAC from pixels and states, with DrQ, CURL and SAC+AE (+ β-VAE ablations), the frame
 * replay buffer, and the seeded, resumable, multi-seed training runner.
 *
 *   const agent = makeAgent(agentConfig({ algorithm: "sac-ae", hiddenDim: 256 }), spec, seed);
 *   const result = await trainRun({ env: { id: "cheetah-run", observation: "pixels", size: 32 }, agent: {...}, steps: 5000, seed: 1 });
 */
export { agentConfig, AGENT_SCHEMAS, THESIS_TABLE_4_2, type AgentConfig, type AgentSpec, type Algorithm, type SacConfig, type DrqConfig, type CurlConfig, type SacAeConfig, type DbcConfig, type MicoConfig, type AmbsConfig, type RapConfig } from "./config.js";
export { SacAgent, makeSac, rawViews, SAC_SCHEMA, SAC_CORE_SCHEMA, type UpdateMetrics, type AgentState, type AgentRecipe, type ViewsFn, type SacCoreConfig } from "./sac.js";
export type { AgentModule, AuxiliaryObjective, AuxiliaryStage, BatchViews, UpdateContext, UpdateParts, UpdateSchedule } from "./module.js";
export { makeDrq, shiftedViews, shiftedView, DRQ_SCHEMA, AUGMENT_SCHEMA } from "./drq.js";
export { makeCurl, CurlObjective, CURL_SCHEMA, croppedView, croppedViews } from "./curl.js";
export { makeSacAe, DecoderObjective, AlternatingSchedule, SAC_AE_SCHEMA, quantizedTarget } from "./sac-ae.js";
export { makeDbc, BisimulationObjective, dbcBisimulationLoss, DBC_SCHEMA, LATENT_MODEL_SCHEMA, type DbcLosses } from "./dbc.js";
export { makeMico, MicoObjective, micoLoss, MICO_SCHEMA } from "./mico.js";
export { makeAmbs, AmbsObjective, ambsMetricLoss, ambsDynamicsLoss, ambsWeighting, MetaLearner, l1Similarity, AMBS_SCHEMA, type AmbsMetricSettings, type AmbsLosses, type Similarity } from "./ambs.js";
export { makeRap, RapObjective, rapLoss, rapRewardLoss, GaussianRewardHead, RAP_SCHEMA, type RapLossSettings, type RapLosses } from "./rap.js";
export * as metricBlocks from "./metric-blocks.js";
export { AGENT_PRESETS, agentPreset, withDefaults, SAC_AE_REFERENCE, DRQ_REFERENCE, CURL_REFERENCE, CURL_REFERENCE_ENV, DBC_REFERENCE, DBC_CODE_REFERENCE, DBC_RUN_LOCAL, MICO_REFERENCE, AMBS_THESIS, AMBS_AUTHORS_CODE, AMBS_ABLATIONS, RAP_THESIS, RAP_AUTHORS_CODE } from "./presets.js";
export { FrameReplay, type ReplayBatch, type ReplayOptions } from "./replay.js";
export { PixelEncoder, EncoderModule, FeatureHead, convOutputSize, ENCODER_SCHEMA, type EncoderConfig, type EncoderOptions } from "./encoder.js";
export { orthogonalMatrix, type WeightInit } from "./nn.js";
export { PixelDecoder } from "./decoder.js";
export { Actor, ActorModule, ACTOR_SCHEMA, type ActorConfig } from "./actor.js";
export { Critic, CriticModule, CRITIC_SCHEMA, type CriticConfig } from "./critic.js";
export { Temperature, TemperatureModule, TEMPERATURE_SCHEMA } from "./temperature.js";
export { Adam, gradStep, withGradientProbe, type ProbedStep } from "./adam.js";
export { temperatureLossAsPrinted, temperatureLossStandard, temperatureStep, type TemperatureLoss, type TemperatureStep } from "./errata.js";
export { ambsStopGradients, type StopGradientRow } from "./stop-gradients.js";
export { metaSymmetryRun, type MetaSymmetryRun, type MetaSymmetryOptions } from "./meta-symmetry.js";
export { averagedTargetVariance, fixedShiftValue, valuesOverAllShifts, type AveragingSetup } from "./target-averaging.js";
export { randomShift, randomCrop, centreCrop } from "./augment.js";
export * as losses from "./losses.js";
export { ppoClipObjective, ppoClipObjectiveTf } from "./ppo-clip.js";

export { makeAgent } from "./make-agent.js";
export { trainRun, evaluate, episodeSeed, makeTrainEnv, checkpointFolder, initialUpdates, type TrainOptions, type TrainEnvOptions, type TrainResult, type TrainProgress, type EvalRow } from "./train.js";
export { runParallel, type ParallelJob, type ParallelOptions } from "./parallel.js";
export { saveCheckpoint, loadCheckpoint, hasCheckpoint } from "./checkpoint.js";
