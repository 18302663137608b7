/**
 * Records the order of the optimiser steps and soft target updates an agent makes: each named
 * optimiser's `apply` and the critic's `updateTarget` are wrapped to log their name, then `run`
 * is called. Shared by the hook-order tests of the metric agents (DBC, AMBS, RAP).
 */
import type * as tf from "@tensorflow/tfjs";
import type { SacAgent } from "../../src/agents/sac.js";

export function recordSteps(agent: SacAgent, optimisers: Readonly<Record<string, { apply: (g: readonly tf.Tensor[]) => void }>>, run: (log: string[]) => void): string[] {
  const log: string[] = [];
  for (const [name, o] of Object.entries(optimisers)) {
    const apply = o.apply.bind(o);
    o.apply = (g) => {
      log.push(name);
      apply(g);
    };
  }
  const update = agent.critic.net.updateTarget.bind(agent.critic.net);
  agent.critic.net.updateTarget = (tau: number) => {
    log.push("targets");
    update(tau);
  };
  run(log);
  return log;
}
