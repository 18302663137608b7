/**
 * Reference hyper-parameter tables: every value and semantic switch of each algorithm's
 * reference code, with the file and line it comes from. Each algorithm's schema takes its
 * defaults from its table (sac.ts, drq.ts, curl.ts, sac-ae.ts), so `agentConfig({ algorithm })`
 * IS the reference configuration; `agentPreset(name)` returns a table by name (NameTable:
 * "unknown agent preset …; known: …").
 *
 * References (mirrors read at HEAD of each repository):
 *   sac-ae  denisyarats/pytorch_sac_ae   train.py (argparse), sac_ae.py, encoder.py, utils.py
 *   drq     denisyarats/drq              config.yaml, drq.py, utils.py, replay_buffer.py, train.py
 *   curl    MishaLaskin/curl             train.py (argparse), curl_sac.py, encoder.py, utils.py, scripts/run.sh
 *   dbc     facebookresearch/deep_bisim4control  train.py (argparse), agent/bisim_agent.py, sac_ae.py, encoder.py,
 *                                                transition_model.py, run_local.sh (@ 5967b6d)
 *   ambs    thesis Ch. 4 (Table 4.2, §4.7.4) and jianda-chen/AMBS (run_local.sh, agent/ambs_agent.py,
 *           encoder_ratio.py, train.py @ 20c8636)
 *   rap     thesis Ch. 5 (Table 5.1, §5.6–5.7) and jianda-chen/RAP_distance (run_local.sh, agent/rap.py,
 *           train.py @ 89f5f9a)
 *   mico    google-research/google-research mico/ (dm_control/metric_sac_agent.py, atari/metric_utils.py,
 *           dm_control/configs/sac.gin) and google/dopamine jax/agents/sac/sac_agent.py
 *
 * Semantic switches (what the core does differently per reference):
 *   actorEncoder        "own-head": the actor ties only the conv layers to the critic's encoder
 *                       (`actor.encoder.copy_conv_weights_from(critic.encoder)`) and has its own
 *                       fc + LayerNorm (+ tanh) head trained by the actor loss; the actor update
 *                       detaches the conv output only (`detach=True` detaches `h` before `fc`).
 *                       "critic-head": the project's earlier behaviour (actor reads the critic's
 *                       whole encoder output, detached) — a legacy option no stored run uses.
 *   featureTanh         tanh after the LayerNorm (SAC-AE, DrQ) or not (CURL `output_logits=True`,
 *                       DBC's encoder returns the LayerNorm output).
 *   weightInit          "delta-orthogonal": linear weights orthogonal (gain 1, bias 0), conv and
 *                       transposed-conv kernels zero except the centre tap, which is orthogonal
 *                       with gain √2 (SAC-AE, CURL, DBC `weight_init`). "orthogonal": DrQ's
 *                       `weight_init`: linear as above, conv kernels orthogonal over the whole
 *                       flattened kernel (out × in·3·3) with gain √2. "glorot": the project's
 *                       earlier Glorot-uniform (kept for the stored runs).
 *   initialUpdateBurst  at the first learning step, `initSteps` updates instead of one
 *                       (train.py: `num_updates = args.init_steps if step == args.init_steps else 1`).
 */
import type { Schema } from "../core/config.js";
import { NameTable } from "../core/names.js";

/** `schema` with the defaults of the keys `table` has replaced by the table's values. */
export function withDefaults<S extends Schema>(schema: S, table: Readonly<Record<string, unknown>>): S {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema)) out[key] = key in table ? { ...field, default: table[key] } : field;
  return out as S;
}

/** pytorch_sac_ae (SAC+AE; also the project's plain "sac"). */
export const SAC_AE_REFERENCE = {
  hiddenDim: 1024, // train.py:36 --hidden_dim
  hiddenLayers: 2, // sac_ae.py:64-68 Actor.trunk / QFunction: two hidden layers
  batchSize: 128, // train.py:35
  gamma: 0.99, // train.py:64 --discount
  actorLr: 1e-3, // train.py:46
  actorBeta: 0.9, // train.py:47
  actorUpdateFreq: 2, // train.py:50
  logStdMin: -10, // train.py:48
  logStdMax: 2, // train.py:49
  criticLr: 1e-3, // train.py:41
  criticBeta: 0.9, // train.py:42
  criticTau: 0.01, // train.py:43 (Q1, Q2 only: sac_ae.py:404-409)
  targetUpdateFreq: 2, // train.py:44
  alphaLr: 1e-4, // train.py:66
  alphaBeta: 0.5, // train.py:67
  initTemperature: 0.1, // train.py:65
  featureDim: 50, // train.py:53
  numLayers: 4, // train.py:61
  numFilters: 32, // train.py:62
  encoderTau: 0.05, // train.py:55 (critic encoder → target encoder: sac_ae.py:410-413)
  featureTanh: true, // encoder.py:67 out = torch.tanh(h_norm)
  actorEncoder: "own-head", // sac_ae.py:247 copy_conv_weights_from; encoder.py:72-76 only convs tied
  weightInit: "delta-orthogonal", // sac_ae.py:33-45 weight_init
  initialUpdateBurst: true, // train.py:223-226
  // SAC+AE's own keys
  encoderLr: 1e-3, // train.py:54
  decoderLr: 1e-3, // train.py:57
  decoderUpdateFreq: 1, // train.py:58
  latentLambda: 1e-6, // train.py:59
  decoderWeightLambda: 1e-7, // train.py:60
  reconstructionTarget: "quantized", // sac_ae.py:374 utils.preprocess_obs (utils.py:56-65, bits = 5)
} as const;

/** denisyarats/drq (config.yaml and drq.py). */
export const DRQ_REFERENCE = {
  hiddenDim: 1024, // config.yaml:57 (critic), :66 (actor)
  hiddenLayers: 2, // config.yaml:58, :65 hidden_depth
  batchSize: 128, // config.yaml:30 (the comment there: 512 reproduces the paper)
  gamma: 0.99, // config.yaml:44
  actorLr: 1e-3, // config.yaml:28 lr; drq.py:194
  actorBeta: 0.9, // drq.py:194 Adam default betas (0.9, 0.999)
  actorUpdateFreq: 2, // config.yaml:47
  logStdMin: -10, // config.yaml:67 log_std_bounds
  logStdMax: 2, // config.yaml:67
  criticLr: 1e-3, // config.yaml:28; drq.py:195
  criticBeta: 0.9, // drq.py:195 Adam default
  criticTau: 0.01, // config.yaml:48
  targetUpdateFreq: 2, // config.yaml:49
  alphaLr: 1e-3, // config.yaml:28; drq.py:197
  alphaBeta: 0.9, // drq.py:197 Adam default
  initTemperature: 0.1, // config.yaml:45
  featureDim: 50, // config.yaml:73
  numLayers: 4, // drq.py:18
  numFilters: 32, // drq.py:19
  encoderTau: 0.01, // drq.py:306 soft_update_params(critic, critic_target, critic_tau): the whole critic, encoder included
  featureTanh: true, // drq.py:21 output_logits = False; drq.py:58-59
  actorEncoder: "own-head", // drq.py:186 copy_conv_weights_from; drq.py:264 detach_encoder=True (conv output only, drq.py:54-57)
  weightInit: "orthogonal", // utils.py:62-72 (conv: orthogonal_ over the whole kernel, relu gain)
  initialUpdateBurst: false, // train.py:150-152: num_train_iters (1) updates per step from the first one
  // DrQ's own keys
  augPad: 4, // config.yaml:25 image_pad; replay_buffer.py:16-18 ReplicationPad2d + RandomCrop
  drqK: 2, // drq.py:222-241 target averaged over next_obs and next_obs_aug (both augmented: replay_buffer.py:64-68)
  drqM: 2, // drq.py:244-251 Q loss summed over obs and obs_aug
} as const;

/** MishaLaskin/curl (train.py argparse, curl_sac.py). */
export const CURL_REFERENCE = {
  hiddenDim: 1024, // train.py:39
  hiddenLayers: 2, // curl_sac.py:63-68 (same trunk as SAC-AE)
  batchSize: 128, // scripts/run.sh:9 --batch_size 128 (train.py:38 argparse default is 32; the paper's cheetah runs use 512)
  gamma: 0.99, // train.py:63
  actorLr: 1e-3, // train.py:49
  actorBeta: 0.9, // train.py:50
  actorUpdateFreq: 2, // train.py:53
  logStdMin: -10, // train.py:51
  logStdMax: 2, // train.py:52
  criticLr: 1e-3, // train.py:44
  criticBeta: 0.9, // train.py:45
  criticTau: 0.01, // train.py:46
  targetUpdateFreq: 2, // train.py:47
  alphaLr: 1e-4, // train.py:65
  alphaBeta: 0.5, // train.py:66
  initTemperature: 0.1, // train.py:64
  featureDim: 50, // train.py:56
  numLayers: 4, // train.py:59
  numFilters: 32, // train.py:60
  encoderTau: 0.05, // train.py:58
  featureTanh: false, // curl_sac.py:57 and :146 output_logits=True; encoder.py:71-75 (LayerNorm output, no tanh)
  actorEncoder: "own-head", // curl_sac.py:294 copy_conv_weights_from; :388 detach_encoder=True
  weightInit: "delta-orthogonal", // curl_sac.py:32-44
  initialUpdateBurst: false, // train.py:261-262 num_updates = 1
  // CURL's own keys
  curlLr: 1e-3, // train.py:57 --encoder_lr (both encoder_optimizer and cpc_optimizer: curl_sac.py:320-325)
  curlEncoderSteps: 2, // curl_sac.py:320-325, 427-432: the encoder is in encoder_optimizer AND cpc_optimizer (CURL.parameters() holds critic.encoder): two Adam steps per CURL update
  augmentation: "crop", // train.py:27,29 render 100, random crop 84 (utils.py:231-251); centre crop to act (curl_sac.py:352-354; train.py:95)
  augPad: 4, // only for augmentation "shift" (not in the reference)
} as const;

/** The environment side of CURL's crop: render `preCropSize`, crop to `size` (train.py:27, :29). */
export const CURL_REFERENCE_ENV = { size: 84, preCropSize: 100 } as const;

/**
 * facebookresearch/deep_bisim4control (DBC, dbc.ts): train.py's argparse defaults. The
 * bisimulation objective runs "after-critic" (bisim_agent.py:266-277 — critic, then
 * transition/reward model + encoder, then actor and α, then the soft updates).
 */
export const DBC_REFERENCE = {
  hiddenDim: 256, // train.py:45
  hiddenLayers: 2, // sac_ae.py Actor/QFunction (imported by bisim_agent.py:13)
  batchSize: 512, // train.py:44 (run_local.sh:27 overrides 128)
  gamma: 0.99, // train.py:76
  actorLr: 1e-3, // train.py:58
  actorBeta: 0.9, // train.py:59
  actorUpdateFreq: 2, // train.py:62
  logStdMin: -10, // train.py:60
  logStdMax: 2, // train.py:61
  criticLr: 1e-3, // train.py:53
  criticBeta: 0.9, // train.py:54
  criticTau: 0.005, // train.py:55
  targetUpdateFreq: 2, // train.py:56
  alphaLr: 1e-3, // train.py:78
  alphaBeta: 0.9, // train.py:79
  initTemperature: 0.01, // train.py:77 (run_local.sh:28 overrides 0.1)
  featureDim: 50, // train.py:65
  numLayers: 4, // train.py:73
  numFilters: 32, // train.py:74
  encoderTau: 0.005, // train.py:67
  featureTanh: false, // encoder.py:58-70 forward returns self.ln(h_fc)
  actorEncoder: "own-head", // bisim_agent.py:93 copy_conv_weights_from; :176 detach_encoder=True
  weightInit: "delta-orthogonal", // sac_ae.py:36-48
  initialUpdateBurst: true, // train.py:398-401
  // DBC's own keys
  encoderLr: 1e-3, // train.py:66 (encoder_optimizer, Adam default betas: bisim_agent.py:121-123)
  decoderLr: 1e-3, // train.py:70 (decoder_optimizer over reward_decoder + transition_model: bisim_agent.py:114-118)
  decoderWeightLambda: 0, // train.py:72 (run_local.sh:22 overrides 1e-7)
  bisimCoef: 0.5, // train.py:47; bisim_agent.py:269 total = bisim_coef·encoder_loss + transition_reward_loss
  transitionModel: "probabilistic", // run_local.sh:18 (train.py:87's default '' builds the deterministic model)
  modelWidth: 512, // transition_model.py:100 layer_width=512; bisim_agent.py:87 Linear(feature_dim, 512)
  dbcForm: "paper", // DBC paper Eq. 4 / thesis §4.2: ‖z_i − z_j‖₁ vs |Δr| + γ W2; the code's per-dimension form is "dbc-code"
  pairs: "permutation", // bisim_agent.py:208 np.random.permutation(batch_size)
  augmentation: "none", // bisim_agent.py:261-268: the raw batch, no augmentation
  augPad: 4, // only for augmentation "drq" (the DBC + DrQ ablation; not in the reference)
} as const;

/** DBC as its code computes the loss: per-dimension smooth-L1 distances and per-dimension W2 (bisim_agent.py:227-240). */
export const DBC_CODE_REFERENCE = { ...DBC_REFERENCE, dbcForm: "code" } as const;

/** DBC with the overrides of the authors' run script (run_local.sh; "the hyperparameters to try are the ones in the scripts", issue #5). */
export const DBC_RUN_LOCAL = {
  ...DBC_CODE_REFERENCE,
  criticTau: 0.01, // run_local.sh:20
  encoderTau: 0.05, // run_local.sh:21
  decoderWeightLambda: 1e-7, // run_local.sh:22
  hiddenDim: 1024, // run_local.sh:23
  batchSize: 128, // run_local.sh:27
  initTemperature: 0.1, // run_local.sh:28
  alphaLr: 1e-4, // run_local.sh:29
  alphaBeta: 0.5, // run_local.sh:30
} as const;

/**
 * google-research `mico/` (MICo, mico.ts): MetricSACAgent on Dopamine's SAC as
 * mico/dm_control/configs/sac.gin configures it. Keys without a counterpart in the reference's
 * networks keep the project core's (SAC-AE) values and say so.
 */
export const MICO_REFERENCE = {
  hiddenDim: 1024, // sac.gin:16 SACAgent.hidden_units
  hiddenLayers: 2, // sac.gin:15 SACAgent.num_layers
  batchSize: 256, // sac.gin:47 OutOfGraphReplayBuffer.batch_size
  gamma: 0.99, // sac.gin:17
  actorLr: 3e-4, // sac.gin:28 create_optimizer.learning_rate (one optimizer for all networks)
  actorBeta: 0.9, // sac.gin:29 create_optimizer.beta1
  actorUpdateFreq: 1, // sac.gin:20 update_period 1: one combined step (critic, actor, α) per update
  logStdMin: -10, // project core (SAC-AE) value; not taken from the reference
  logStdMax: 2, // project core (SAC-AE) value; not taken from the reference
  criticLr: 3e-4, // sac.gin:28
  criticBeta: 0.9, // sac.gin:29
  criticTau: 0.005, // sac.gin:22 target_smoothing_coefficient
  targetUpdateFreq: 1, // sac.gin:21-22 soft target update at every training step (sac_agent.py `_maybe_sync_weights`)
  alphaLr: 3e-4, // sac.gin:28 (the α optimizer is the same `create_optimizer`)
  alphaBeta: 0.9, // sac.gin:29
  initTemperature: 1, // sac_agent.py `_build_networks_and_optimizer`: log_alpha = jnp.zeros(1)
  featureDim: 50, // project core (SAC-AE) value; Dopamine's SACEncoderNetwork is not reproduced
  numLayers: 4, // project core (SAC-AE) value
  numFilters: 32, // project core (SAC-AE) value
  encoderTau: 0.005, // sac.gin:22: target_params is the whole network, encoder included
  featureTanh: true, // project core (SAC-AE) value
  actorEncoder: "own-head", // project core (the references' tied convs + own head)
  weightInit: "delta-orthogonal", // project core (SAC-AE) value
  initialUpdateBurst: false, // sac_agent.py `_train_step`: one training step per agent step after min_replay_history
  // MICo's own keys
  micoWeight: 1e-5, // metric_sac_agent.py MetricSACAgent(mico_weight=1e-5)
  micoBeta: 0.1, // metric_utils.py representation_distances(beta=0.1)
  micoSecond: "online-detached", // metric_sac_agent.py `train`: representation_distances(representations, target_r), target_r from frozen_critic_online(states, …)
} as const;

/**
 * AMBS (ambs.ts): thesis Table 4.2 and §4.7.4, with the authors' code (jianda-chen/AMBS @ 20c8636,
 * run_local.sh and agent/ambs_agent.py) where the thesis is silent. "ambs" = "ambs-thesis".
 */
export const AMBS_THESIS = {
  hiddenDim: 1024, // §4.7.4 "three stacked fully-connected layers with 1024 hidden dimensions"; run_local.sh:38
  hiddenLayers: 2, // §4.7.4 (two hidden layers + the output layer)
  batchSize: 128, // Table 4.2; run_local.sh:43
  gamma: 0.99, // Table 4.2
  actorLr: 5e-4, // Table 4.2 "learning rate except α"; run_local.sh:46
  actorBeta: 0.9, // thesis silent; train.py:53
  actorUpdateFreq: 2, // Table 4.2
  logStdMin: -10, // Table 4.2
  logStdMax: 2, // Table 4.2
  criticLr: 5e-4, // Table 4.2; run_local.sh:47
  criticBeta: 0.9, // thesis silent; train.py:48
  criticTau: 0.01, // Table 4.2 τ_Q; run_local.sh:36
  targetUpdateFreq: 2, // Table 4.2
  alphaLr: 1e-4, // Table 4.2; run_local.sh:48
  alphaBeta: 0.5, // thesis silent; run_local.sh:49
  initTemperature: 0.1, // Table 4.2; run_local.sh:50
  featureDim: 100, // §4.7.4 φ_r 50 + φ_d 50; run_local.sh:39
  numLayers: 4, // §4.7.4; run_local.sh:41
  numFilters: 32, // §4.7.4; run_local.sh:42
  encoderTau: 0.05, // Table 4.2 τ_ϕ (η̄ too: Algorithm 2 step 11); run_local.sh:37
  featureTanh: false, // thesis silent; encoder_ratio.py:70 (LayerNorm output, no tanh)
  actorEncoder: "own-head", // §4.7.4 / (4.14) the actor reads the conv output; ambs_agent.py:128 copy_conv_weights_from
  weightInit: "delta-orthogonal", // thesis silent; sac_ae_ratio.py:33-45
  initialUpdateBurst: true, // thesis silent; train.py:449-452
  augPad: 4, // thesis "random crop", size silent; ambs_agent.py:172-175 ReplicationPad2d(4) + RandomCrop
  encoderLr: 5e-4, // Table 4.2; run_local.sh:44
  decoderLr: 5e-4, // Table 4.2; run_local.sh:45
  decoderWeightLambda: 0, // train.py:66
  transitionModel: "probabilistic", // §4.5.1 "learned probabilistic dynamics model"; run_local.sh:32
  modelWidth: 512, // §4.7.4 "dynamics model is an MLP with two layers with 512 hidden dimensions"
  // AMBS's own keys
  rewardFraction: 0.5, // §4.7.4 50 + 50; run_local.sh:55 --sep_rew_ratio 0.5
  weighting: "adaptive", // §4.5.2 (4.11); run_local.sh:53 --adaptive_ratio
  metricHead: "meta", // §4.5.1; run_local.sh:56 --deep_metric
  metaHidden: 50, // §4.7.4 "MLPs with two layers with 50 hidden dimensions"; ambs_agent.py:97-106
  fOutput: "square", // thesis silent; ambs_agent.py:358-359 .pow(2.)
  augmentation: "drq", // §4.5.3 (4.12)
  secondViews: "thesis", // (4.8)
  secondOrder: "ji", // (4.8) and §4.5.3 ("to make f_r and f_d symmetric"); (4.10) prints (i, j)
  lossWeights: "c", // (4.7)
  rewardDistance: "abs", // (4.4)
  w2Form: "vector", // §4.7.1 closed form
  gammaOnDynTarget: false, // (4.5): no γ
  dynActions: "buffer", // (4.5): a_i
  metricStage: "after-actor", // Algorithm 2: critic, actor, α, encoder, dynamics model, soft updates
  modelLoss: "thesis", // (4.16), erratum fixed (Gaussian NLL), P̂ alone
  metricCoef: 0.5, // modelLoss "code" only: train.py:41 bisim_coef
  modelCoef: 0.01, // modelLoss "code" only: ambs_agent.py:448
  gradClipNorm: 0, // the thesis clips nothing
  actorHeadScale: 1, // (4.14)
} as const;

/** AMBS as the authors' code runs it (run_local.sh + agent/ambs_agent.py); differs from AMBS_THESIS exactly in the keys ambs.ts's header lists. */
export const AMBS_AUTHORS_CODE = {
  ...AMBS_THESIS,
  secondViews: "code", // ambs_agent.py:329-332 second half (h[perm], aug_h) = (s_j^(1), s_i^(2))
  lossWeights: "c-squared", // ambs_agent.py:358-364, :373-374 (c·f − c·t)²
  rewardDistance: "smooth-l1", // ambs_agent.py:364
  w2Form: "mean-per-dim", // ambs_agent.py:368-371 .mean(-1)
  gammaOnDynTarget: true, // ambs_agent.py:374 self.discount * transition_dist
  dynActions: "policy-mean", // ambs_agent.py:315 action = actor mean
  metricStage: "after-critic", // ambs_agent.py:445-456
  modelLoss: "code", // ambs_agent.py:402-431, :446-453
  gradClipNorm: 40, // ambs_agent.py:262, :284
  actorHeadScale: 0.5, // ambs_agent.py:168 actor ratio frozen at softmax(0, 0); encoder_ratio.py:73-77
} as const;

/** The ablations of thesis Fig. 4.6 (§4.6.2) as variants of the thesis preset. */
export const AMBS_NO_AUGMENTATION = { ...AMBS_THESIS, augmentation: "none" } as const;
export const AMBS_NO_META_LEARNER = { ...AMBS_THESIS, metricHead: "l1" } as const;
export const AMBS_NO_C = { ...AMBS_THESIS, weighting: "none" } as const;
export const AMBS_C_HALF = { ...AMBS_THESIS, weighting: "fixed-half" } as const;
export const AMBS_ONE_GAMMA = { ...AMBS_THESIS, weighting: "one-gamma" } as const;
/** "DBC + DrQ": algorithm "dbc" (paper form) with DrQ's shifts and AMBS's network and optimiser settings. */
export const AMBS_DBC_DRQ = {
  ...Object.fromEntries(Object.entries(AMBS_THESIS).filter(([k]) => k in DBC_REFERENCE)),
  bisimCoef: 0.5, dbcForm: "paper", pairs: "permutation", augmentation: "drq",
} as Readonly<Record<string, number | string | boolean>>;

/** Fig. 4.6's curves: label → the algorithm and preset that build it. */
export const AMBS_ABLATIONS: Readonly<Record<string, { algorithm: "ambs" | "dbc"; preset: string }>> = {
  AMBS: { algorithm: "ambs", preset: "ambs-thesis" },
  "AMBS w/o data aug": { algorithm: "ambs", preset: "ambs-no-aug" },
  "AMBS w/o f": { algorithm: "ambs", preset: "ambs-no-f" },
  "AMBS w/o c": { algorithm: "ambs", preset: "ambs-no-c" },
  "DBC + DrQ": { algorithm: "dbc", preset: "ambs-dbc-drq" },
  "AMBS c = 0.5": { algorithm: "ambs", preset: "ambs-c-half" },
  "AMBS w/ (1, γ)": { algorithm: "ambs", preset: "ambs-one-gamma" },
};

/**
 * RAP (rap.ts): thesis Table 5.1 (DMC column) and §5.6–5.7, with the authors' code
 * (jianda-chen/RAP_distance @ 89f5f9a: run_local.sh, agent/rap.py, train.py) where the thesis is silent.
 */
export const RAP_THESIS = {
  hiddenDim: 1024, // §5.7.4 "3 stacked fully-connected layers with 1024 hidden dimensions"; run_local.sh:45
  hiddenLayers: 2, // §5.7.4
  batchSize: 128, // Table 5.1; run_local.sh:50
  gamma: 0.99, // Table 5.1
  actorLr: 5e-4, // Table 5.1; run_local.sh:53
  actorBeta: 0.9, // thesis silent; train.py:52
  actorUpdateFreq: 2, // Table 5.1
  logStdMin: -10, // Table 5.1
  logStdMax: 2, // Table 5.1
  criticLr: 5e-4, // Table 5.1; run_local.sh:54
  criticBeta: 0.9, // thesis silent; train.py:47
  criticTau: 0.01, // Table 5.1 τ_Q; run_local.sh:43
  targetUpdateFreq: 2, // Table 5.1
  alphaLr: 1e-4, // Table 5.1; run_local.sh:55
  alphaBeta: 0.5, // thesis silent; run_local.sh:56
  initTemperature: 0.1, // thesis silent; run_local.sh:57
  featureDim: 100, // Table 5.1 encoder output dims; run_local.sh:46
  numLayers: 4, // Table 5.1 kernels [3,3,3,3]; run_local.sh:48
  numFilters: 32, // Table 5.1 channels; run_local.sh:49
  encoderTau: 0.05, // Table 5.1 τ_ϕ; run_local.sh:44
  featureTanh: false, // thesis silent; encoder.py (LayerNorm output)
  actorEncoder: "critic-head", // §5.7.1 "actor network take[s] input of state representation φ_ω(s)"
  weightInit: "delta-orthogonal", // thesis silent; sac_ae.py:36 weight_init
  initialUpdateBurst: true, // thesis silent; train.py:436
  encoderLr: 5e-4, // Table 5.1; run_local.sh:51
  decoderLr: 5e-4, // Table 5.1 dynamics model / reward function lr; run_local.sh:52
  decoderWeightLambda: 0, // train.py:65
  transitionModel: "probabilistic", // §5.6.2 Gaussian P̂; run_local.sh:41
  modelWidth: 512, // §5.7.4 "two-layers MLPs with 512 hidden dimensions"
  // RAP's own keys
  rapCoef: 0.5, // Table 5.1 α_RAP; train.py:40 bisim_coef
  modelCoef: 1e-4, // Table 5.1 α_P; rap.py:399
  rapK: 1e-5, // Definition 5.6.4 "we set k = 10^-5"
  rewardSigmaMax: 1, // thesis silent; rap.py:28 max_sigma=1e0
  nextStateDistance: "rap", // (5.15)
  regression: "squared", // (5.15)
  dynamicsEncoder: "target", // (5.15) φ_ω̄
  modelLoss: "thesis", // Algorithm 3 lines 6–8
  metricStage: "after-actor", // Algorithm 3: critic, actor, α, P̂, r_ψ, encoder, soft updates
  criticLoss: "mse", // §5.7.1 L_Q
  gradClipNorm: 0, // the thesis clips nothing
} as const;

/** RAP as the authors' code runs it (run_local.sh:60-62 'mico_angular', --rap_reward_dist, --rap_square_target); differs from RAP_THESIS exactly in the keys rap.ts's header lists. */
export const RAP_AUTHORS_CODE = {
  ...RAP_THESIS,
  rapK: 1e-6, // rap.py:352
  nextStateDistance: "w2-mean-per-dim", // rap.py:319-328 (the 'mico_angular' branch takes the W2 form)
  regression: "smooth-l1", // rap.py:336
  dynamicsEncoder: "online", // rap.py:277
  modelLoss: "code", // rap.py:296-299, :373-404
  metricStage: "after-critic", // rap.py:396-409
  criticLoss: "huber", // rap.py:223-224
  gradClipNorm: 40, // rap.py:231, :253
  actorEncoder: "own-head", // rap.py:150 copy_conv_weights_from
} as const;

/** Every reference table by name. */
export const AGENT_PRESETS = new NameTable<Readonly<Record<string, number | string | boolean>>>("agent preset", [
  ["sac-ae", SAC_AE_REFERENCE],
  ["drq", DRQ_REFERENCE],
  ["curl", CURL_REFERENCE],
  ["dbc", DBC_REFERENCE],
  ["dbc-code", DBC_CODE_REFERENCE],
  ["dbc-run-local", DBC_RUN_LOCAL],
  ["mico", MICO_REFERENCE],
  ["ambs", AMBS_THESIS],
  ["ambs-thesis", AMBS_THESIS],
  ["ambs-authors-code", AMBS_AUTHORS_CODE],
  ["ambs-no-aug", AMBS_NO_AUGMENTATION],
  ["ambs-no-f", AMBS_NO_META_LEARNER],
  ["ambs-no-c", AMBS_NO_C],
  ["ambs-c-half", AMBS_C_HALF],
  ["ambs-one-gamma", AMBS_ONE_GAMMA],
  ["ambs-dbc-drq", AMBS_DBC_DRQ],
  ["rap", RAP_THESIS],
  ["rap-thesis", RAP_THESIS],
  ["rap-authors-code", RAP_AUTHORS_CODE],
]);

/** A copy of the reference table `name` ("sac-ae", "drq", "curl", "dbc", …: `AGENT_PRESETS`). */
export function agentPreset(name: string): Record<string, number | string | boolean> {
  return { ...AGENT_PRESETS.get(name) };
}
