/**
 * The metric agents (DBC, MICo, AMBS, RAP; every preset form) keep no tensors from one update to
 * the next, and `dispose` frees everything an agent made (its objectives' models and Adams too).
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, expect, it } from "vitest";
import { initBackend } from "../../src/backend/index.js";
import { agentConfig } from "../../src/agents/config.js";
import { makeAgent } from "../../src/agents/make-agent.js";
import { agentPreset } from "../../src/agents/presets.js";
import { Rng } from "../../src/core/rng.js";
import { filledReplay } from "./replay-fixture.js";

beforeAll(async () => {
  await initBackend({ quiet: true });
});

it("no tensor is left behind by an update, and dispose frees the whole agent", () => {
  const spec = { observation: "pixels" as const, obsShape: [16, 16, 9], actionDim: 2 };
  const TINY = { hiddenDim: 16, featureDim: 6, numLayers: 2, numFilters: 4, batchSize: 8 };
  for (const [alg, preset, extra] of [["dbc", "dbc", { modelWidth: 12 }], ["dbc", "dbc-code", { modelWidth: 12, augmentation: "drq" }], ["mico", "mico", {}], ["ambs", "ambs-thesis", { modelWidth: 12 }], ["ambs", "ambs-authors-code", { modelWidth: 12 }], ["ambs", "ambs-no-c", { modelWidth: 12 }], ["rap", "rap-thesis", { modelWidth: 12 }], ["rap", "rap-authors-code", { modelWidth: 12 }]] as const) {
    const rng = new Rng(1);
    const before = tf.memory().numTensors;
    const agent = makeAgent(agentConfig({ algorithm: alg, ...agentPreset(preset), ...TINY, ...extra }), spec, 1);
    const replay = filledReplay(spec, rng);
    for (let i = 0; i < 3; i++) agent.update(replay.sample(8, rng));
    const n0 = tf.memory().numTensors;
    for (let i = 0; i < 4; i++) agent.update(replay.sample(8, rng));
    expect(tf.memory().numTensors - n0, `${preset}: tensors left by 4 updates`).toBe(0);
    agent.dispose();
    expect(tf.memory().numTensors, `${preset}: tensors left after dispose`).toBe(before);
  }
});
