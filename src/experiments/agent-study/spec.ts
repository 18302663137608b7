/**
 * An agent study: experiments (one task and budget each) × methods (an agent config, or the
 * random-policy anchor) × seeds, each (experiment, method, seed) one run trained by the runner
 * (agents/train.ts) and stored as one curve. Chapters that compare agents (sac-ae, the DRL
 * thesis's Chapters 4–5) declare their tiers as lists of these.
 */
import type { TrainEnvOptions } from "../../agents/train.js";

export interface MethodSpec {
  /** Store folder name. */
  name: string;
  /** Legend label. */
  label: string;
  observation: "pixels" | "state";
  agent: Record<string, unknown>;
  /** Env options of this method only (CURL renders larger and crops: `preCropSize`). */
  env?: Partial<Omit<TrainEnvOptions, "observation">>;
  /** "random": not an agent but the uniform-random policy on the agents' evaluation episodes. */
  policy?: "random";
  /** The agent's diagnostics logged as columns with each evaluation (agents/sac.ts `diagnostics`; AMBS: "c"). */
  diagnostics?: readonly string[];
}

/**
 * The random-policy anchor of an experiment: uniform actions on the very episodes the agents are
 * evaluated on (agents/train.ts randomPolicyRun), the score the verdict rule needs to call a
 * method "learned".
 */
export const RANDOM_METHOD: MethodSpec = { name: "random", label: "random policy", observation: "state", agent: {}, policy: "random" };

export interface ExperimentSpec {
  name: string;
  title: string;
  env: Omit<TrainEnvOptions, "observation">;
  envSteps: number;
  initSteps: number;
  evalEvery: number;
  evalEpisodes: number;
  replayCapacity: number;
  checkpointEvery: number;
  seeds: number[];
  methods: MethodSpec[];
}
