// @ts-check
/**
 * Train SAC from pixels on cartpole-swingup with a DBC-style distraction: natural-looking
 * video plays behind the scene (procedural clips; evaluation also uses clips never seen in
 * training). Prints the evaluation returns, plots the learning curve and exports it as HTML
 * (plus SVG and PNG when a headless Chromium is found) under <out>/train-sac-pixels/.
 * trainRun starts the wasm tensor backend itself; no initBackend call is needed.
 *
 * Run from the package root (the defaults take a few minutes on a laptop CPU):
 *   node examples/train-sac-pixels.js [--env-steps=20000] [--algorithm=sac|drq] [--eval-episodes=2] [--seed=0]
 *                                  [--out=examples/out]
 */
"use strict";
const path = require("node:path");
const { parseArgs } = require("node:util");
const { agents, figures } = require("reprorl");

const { values: args } = parseArgs({
  options: {
    "env-steps": { type: "string", default: "20000" },
    algorithm: { type: "string", default: "sac" },
    "eval-episodes": { type: "string", default: "2" },
    seed: { type: "string", default: "0" },
    out: { type: "string", default: path.join(__dirname, "out") },
  },
});
const envSteps = Number(args["env-steps"]);

(async () => {
  const res = await agents.trainRun({
    env: { id: "cartpole-swingup", observation: "pixels", size: 32, distract: { background: "dbc" } },
    // a small network (the sac-ae chapter's small tier); see agents.agentConfig for every setting
    // (DrQ's random-shift pad is 4 px at 84×84; 2 px at 32×32. Plain SAC has no augmentation option.)
    agent: { algorithm: args.algorithm, hiddenDim: 128, batchSize: 32, numLayers: 2, numFilters: 16, featureDim: 32, ...(args.algorithm === "sac" ? {} : { augPad: 2 }) },
    seed: Number(args.seed),
    envSteps,
    initSteps: Math.min(200, Math.ceil(envSteps / 80)), // random-action agent steps: a tenth of them (repeat 8)
    replayCapacity: 20_000,
    evalEvery: Math.max(1000, Math.round(envSteps / 8)),
    evalEpisodes: Number(args["eval-episodes"]),
    evalSplits: ["train", "eval"], // videos seen in training, and unseen ones
    log: null,
    progress: "bar", // on stderr
  });

  console.log(`${args.algorithm} on cartpole-swingup (32×32 pixels, DBC video background): ${res.parameterCount} parameters, ${res.wallTimeSec.toFixed(0)} s`);
  console.log("env steps | eval return (training videos) | eval return (unseen videos)");
  for (const row of res.rows) {
    console.log(`${String(row["envSteps"]).padStart(9)} | ${row["return_train"].toFixed(1).padStart(29)} | ${row["return_eval"].toFixed(1).padStart(27)}`);
  }

  const x = res.rows.map((r) => r["envSteps"]);
  const fig = figures.learningCurves(
    [
      { name: "training videos", x, y: res.rows.map((r) => r["return_train"]) },
      { name: "unseen videos", x, y: res.rows.map((r) => r["return_eval"]), dash: "dash" },
    ],
    { title: `${args.algorithm.toUpperCase()} from pixels, cartpole-swingup + video background`, xTitle: "environment steps", yTitle: "evaluation return" },
  );
  const files = await fig.export("train-sac-pixels", "learning-curve", { root: args.out, formats: ["svg", "png"] });
  console.log(`wrote ${files.paths.join(", ")}`);
})().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
