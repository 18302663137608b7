/**
 * What an agent is made of. An agent is the SAC core (sac.ts) — encoder, actor, critic,
 * temperature — plus named auxiliary objectives (SAC+AE's decoder, CURL's contrastive head;
 * later DBC, MICo, AMBS, RAP). Each part is an `AgentModule`: it owns its parameters, its
 * optimizers and any plain state a checkpoint must carry; its config keys live beside it as a
 * schema piece that the algorithm's schema spreads in. The core's `update()` calls the parts in
 * a fixed, visible order (sac.ts); an auxiliary objective says at which point it runs.
 */
import type * as tf from "@tensorflow/tfjs";
import type { Rng } from "../core/rng.js";
import type { Adam } from "./adam.js";
import type { ReplayBatch } from "./replay.js";

export interface AgentModule {
  /** Unique within an agent (checkpoint key). */
  readonly name: string;
  /** Parameter groups (online networks, then target copies) in checkpoint order. */
  paramGroups(): tf.Variable[][];
  /** This module's optimizers, in checkpoint order. */
  optimizers(): Adam[];
  /** Plain numbers a checkpoint must carry besides parameters and Adam moments (e.g. a schedule position). */
  counters?(): number[];
  restoreCounters?(counters: readonly number[]): void;
  dispose(): void;
}

/** What a single-network module holds: one network with its parameter set. */
export interface OwnedNetwork {
  readonly params: { readonly vars: tf.Variable[] };
  dispose(): void;
}

/** A module that is one network and the Adam that trains it (actor, temperature, decoder). */
export abstract class NetworkModule<N extends OwnedNetwork> implements AgentModule {
  abstract readonly name: string;

  constructor(
    readonly net: N,
    readonly opt: Adam,
  ) {}

  paramGroups(): tf.Variable[][] {
    return [this.net.params.vars];
  }

  optimizers(): Adam[] {
    return [this.opt];
  }

  dispose(): void {
    this.opt.dispose();
    this.net.dispose();
  }
}

/** The critic's view of a batch: M observation tensors for the loss, K next-observation tensors for the target. */
export interface BatchViews {
  obs: tf.Tensor[];
  next: tf.Tensor[];
}

/** What an auxiliary objective sees in one update. */
export interface UpdateContext {
  batch: ReplayBatch;
  /** The views the critic used (owned by the core; do not dispose). */
  views: BatchViews;
  /** RL updates so far, counting this update's critic step. */
  updates: number;
  /** The agent's update stream: every random choice of an update comes from it. */
  rng: Rng;
}

/**
 * Where an auxiliary objective runs within one update (sac.ts `update`):
 *   "with-critic"   inside the critic's gradient step: its `criticTerm` is added to the critic
 *                   loss, so the critic's Adam (which holds the encoder) steps on the sum
 *                   (MICo: the reference trains one combined loss (1 − w)·L_SAC + w·L_MICo);
 *   "after-critic"  between the critic step and the actor step (DBC, AMBS and RAP as their code
 *                   does it: encoder losses with their own optimizers);
 *   "after-actor"   after the actor and α steps, before the soft target updates (AMBS and RAP as
 *                   the thesis's Algorithms 2 and 3 order them);
 *   "last"          after the actor, α and soft target updates (SAC+AE's decoder and CURL,
 *                   whose reference code calls `update_decoder` / `update_cpc` there).
 */
export type AuxiliaryStage = "with-critic" | "after-critic" | "after-actor" | "last";

export interface AuxiliaryObjective extends AgentModule {
  readonly stage: AuxiliaryStage;
  /** Stages "after-critic", "after-actor" and "last": one step of the objective; returns its loss, or NaN when it skips this update. */
  update?(ctx: UpdateContext): number;
  /**
   * Stage "with-critic": the term added to the critic loss (built inside the critic's gradient
   * closure; its random draws come after the critic's). The critic's Adam and this module's
   * own optimizers apply its gradient.
   */
  criticTerm?(ctx: UpdateContext): tf.Scalar;
  /** Stage "with-critic": the value of the last `criticTerm` (reported as the update's auxiliary loss). */
  lastTerm?: number;
  /** Values the runner logs with each evaluation, by column name (AMBS: its weight c). */
  diagnostics?(): Readonly<Record<string, number>>;
}

/** Which parts of an update run: the RL part (critic, actor, α, targets, after-critic objectives) and/or the "last" objectives. */
export interface UpdateParts {
  rl: boolean;
  auxiliary: boolean;
}

/** A schedule over updates (SAC+AE's alternating β-VAE); a module so its position is checkpointed. */
export interface UpdateSchedule extends AgentModule {
  next(): UpdateParts;
}
