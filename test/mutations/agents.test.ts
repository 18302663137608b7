/**
 * Mutation harness for the agents' wiring: each named mutant is a one-line change of the kind a
 * review planted and the agent tests once let through. For each, the source tree is copied to a
 * temporary folder (node_modules symlinked), the line is patched (the pattern must occur exactly
 * once, so a stale mutant fails loudly instead of silently testing nothing), and the wiring test
 * that should catch it is run with vitest in that copy, filtered to that test. The mutant must
 * make it FAIL, and the failing test must be the expected one. A control run of the same test
 * files on the unmutated copy must pass.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

interface Mutant {
  name: string;
  what: string;
  file: string;
  from: string;
  to: string;
  /** Test file that must catch it, and a substring of the test's name (used as the -t filter). */
  test: string;
  kills: string;
}

const WIRING = "test/agents/wiring.test.ts";
const FINAL_SCORE = "test/experiments/agent-study-final-score.test.ts";
const STUDY_CLAIMS = "test/experiments/agent-study-claims.test.ts";
const FIDELITY = "test/agents/fidelity.test.ts";
const METRIC_DBC = "test/agents/metric-dbc.test.ts";
const METRIC_MICO = "test/agents/metric-mico.test.ts";
const METRIC_AMBS = "test/agents/metric-ambs.test.ts";
const METRIC_RAP = "test/agents/metric-rap.test.ts";
const METRIC_FINITE = "test/agents/metric-finite-mdp.test.ts";
const CH34 = "test/experiments/ch5-theory-ch3-4.test.ts";
const SANDBOX = "test/agents/sandbox.test.ts";

export const MUTANTS: Mutant[] = [
  {
    name: "drq-target-summed", what: "DrQ target summed instead of averaged over the K views",
    file: "src/agents/sac.ts", from: "return ys.length === 1 ? ys[0]! : tf.div(tf.addN(ys), ys.length);", to: "return ys.length === 1 ? ys[0]! : tf.addN(ys);",
    test: WIRING, kills: "y = (1/K)",
  },
  {
    name: "online-critic-in-target", what: "online critic used in the target instead of the target critic",
    file: "src/agents/sac.ts", from: "this.critic.net.qTarget(this.encoder.targetFeatures(next, rng), pi.action)", to: "this.critic.net.q(this.encoder.targetFeatures(next, rng), pi.action)",
    test: WIRING, kills: "critic target: y = r",
  },
  {
    name: "alpha-zero-in-actor-loss", what: "α = 0 in the actor loss",
    file: "src/agents/sac.ts", from: "return actorLoss(this.temperature.value, pi.logProb, q1, q2);", to: "return actorLoss(0, pi.logProb, q1, q2);",
    test: WIRING, kills: "actor loss: mean",
  },
  {
    name: "critic-tau-one", what: "τ = 1: the soft target update copies the critic",
    file: "src/agents/sac.ts", from: "this.critic.net.updateTarget(this.config.criticTau);", to: "this.critic.net.updateTarget(1);",
    test: WIRING, kills: "soft target update",
  },
  {
    name: "curl-keys-online-encoder", what: "CURL keys from the online encoder instead of the momentum encoder",
    file: "src/agents/curl.ts", from: "const keys = tf.tidy(() => enc.targetFeatures(keysIn, ctx.rng));", to: "const keys = tf.tidy(() => enc.features(keysIn, ctx.rng));",
    test: WIRING, kills: "keys from the momentum encoder",
  },
  {
    name: "drq-k-forced-1", what: "DrQ with K = 1 (drqK ignored)",
    file: "src/agents/drq.ts", from: "shiftedViews(config.augPad, config.drqM, config.drqK)", to: "shiftedViews(config.augPad, config.drqM, 1)",
    test: WIRING, kills: "y = (1/K)",
  },
  {
    name: "final-score-window", what: "finalScore averages the last 2 evaluations instead of 3",
    file: "src/experiments/agent-study/summary.ts", from: "const tail = rows.slice(-last).map((r) => r[key]!);", to: "const tail = rows.slice(1 - last).map((r) => r[key]!);",
    test: FINAL_SCORE, kills: "mean of the last 3",
  },
  {
    name: "learned-against-zero", what: "a method counts as learned when it beats 0 instead of the random policy",
    file: "src/experiments/agent-study/summary.ts", from: "baseline: random.mean,", to: "baseline: 0,",
    test: STUDY_CLAIMS, kills: "did not learn",
  },
  {
    name: "encoder-tau-one", what: "τ_enc = 1: the momentum encoder copies the encoder",
    file: "src/agents/sac.ts", from: "this.encoder.updateTarget(this.config.encoderTau);", to: "this.encoder.updateTarget(1);",
    test: WIRING, kills: "soft encoder update",
  },
  {
    name: "actor-reads-critic-head", what: "the policy reads the critic's encoder output instead of the actor's own head",
    file: "src/agents/sac.ts", from: "const pi = this.actor.net.sample(convs ? enc.actorHead!.forward(convs) : z, rng);", to: "const pi = this.actor.net.sample(z, rng);",
    test: FIDELITY, kills: "an actor-only step trains the actor's own head",
  },
  {
    name: "no-update-burst", what: "the first learning step does one update instead of initSteps",
    file: "src/agents/train.ts", from: "return burst && agentSteps === initSteps + 1 ? initSteps : updatesPerStep;", to: "return updatesPerStep;",
    test: FIDELITY, kills: "the first learning step does initSteps updates",
  },
  {
    name: "curl-one-encoder-step", what: "CURL steps the encoder once (cpc_optimizer only)",
    file: "src/agents/curl.ts", from: "this.encoderOpt ? [this.encoderOpt, this.opt] : [this.opt]", to: "[this.opt]",
    test: FIDELITY, kills: "one CURL update steps the encoder twice",
  },
  {
    name: "reconstruction-target-unquantised", what: "SAC+AE's reconstruction target without the 5-bit quantisation",
    file: "src/agents/sac-ae.ts", from: "const q = tf.div(tf.floor(tf.div(bytes, 2 ** (8 - bits))), bins);", to: "const q = tf.div(bytes, 255);",
    test: FIDELITY, kills: "ō = ⌊byte/8⌋/32",
  },
  {
    name: "dbc-drop-gamma", what: "DBC's bisimulation target without γ on the W2 term",
    file: "src/agents/dbc.ts", from: "? tf.add(tf.abs(tf.sub(ri, rj)), tf.mul(gamma, w2Gaussian(mi, si, mj, sj)))", to: "? tf.add(tf.abs(tf.sub(ri, rj)), w2Gaussian(mi, si, mj, sj))",
    test: METRIC_DBC, kills: "paper form: (‖h_i − h_j‖₁",
  },
  {
    name: "dbc-drop-gamma-finite-mdp", what: "DBC's bisimulation target without γ: the learned metric misses the exact one on a finite MDP",
    file: "src/agents/dbc.ts", from: "? tf.add(tf.abs(tf.sub(ri, rj)), tf.mul(gamma, w2Gaussian(mi, si, mj, sj)))", to: "? tf.add(tf.abs(tf.sub(ri, rj)), w2Gaussian(mi, si, mj, sj))",
    test: METRIC_FINITE, kills: "reaches the exact bisimulation metric within 2%",
  },
  {
    name: "mico-drop-gamma-finite-mdp", what: "MICo's target without γ: the learned U misses the exact MICo metric on a finite MDP",
    file: "src/agents/mico.ts", from: "tf.mul(gamma, micoDistance(rows(nextTarget, pairs.first), rows(nextTarget, pairs.second), beta))", to: "micoDistance(rows(nextTarget, pairs.first), rows(nextTarget, pairs.second), beta)",
    test: METRIC_FINITE, kills: "reaches the exact MICo metric within 2%",
  },
  {
    name: "ambs-signed-reward-finite-mdp", what: "AMBS's reward target r_i − r_j without |·|: the learned distance misses the exact c-weighted metric on a finite MDP",
    file: "src/agents/ambs.ts", from: "const dr = stopGradient(s.rewardDistance === \"abs\" ? tf.abs(tf.sub(ri, rj)) : smoothL1(ri, rj));", to: "const dr = stopGradient(s.rewardDistance === \"abs\" ? tf.sub(ri, rj) : smoothL1(ri, rj));",
    test: METRIC_FINITE, kills: "reaches the exact c-weighted bisimulation metric within 15%",
  },
  {
    name: "dbc-target-gradient", what: "DBC's bisimulation target without the stop-gradient (gradient reaches P̂ and the encoder through μ, σ)",
    file: "src/agents/dbc.ts", from: "const target = stopGradient(form === \"paper\"", to: "const target = (form === \"paper\"",
    test: METRIC_DBC, kills: "the target carries no gradient",
  },
  {
    name: "dbc-after-actor", what: "DBC's objective runs last (after the actor and the soft updates) instead of between critic and actor",
    file: "src/agents/dbc.ts", from: "readonly stage = \"after-critic\";", to: "readonly stage = \"last\";",
    test: METRIC_DBC, kills: "hook order of one update",
  },
  {
    name: "mico-drop-gamma", what: "MICo's target without γ on the next-state distance",
    file: "src/agents/mico.ts", from: "tf.mul(gamma, micoDistance(rows(nextTarget, pairs.first), rows(nextTarget, pairs.second), beta))", to: "micoDistance(rows(nextTarget, pairs.first), rows(nextTarget, pairs.second), beta)",
    test: METRIC_MICO, kills: "all pairs: U(z_i, z_j)",
  },
  {
    name: "mico-second-with-gradient", what: "MICo's second argument without the stop-gradient",
    file: "src/agents/mico.ts", from: "const second = stopGradient(zSecond);", to: "const second = zSecond;",
    test: METRIC_MICO, kills: "the second argument and the target carry no gradient",
  },
  {
    name: "mico-permutation-pairs", what: "MICo on permutation pairs instead of all B² pairs",
    file: "src/agents/mico.ts", from: "samplePairs(\"all-pairs\", B, ctx.rng)", to: "samplePairs(\"permutation\", B, ctx.rng)",
    test: METRIC_MICO, kills: "uses all B² pairs of the batch",
  },
  {
    name: "ambs-c-gets-metric-gradient", what: "AMBS's c without the stop-gradient in the metric loss (c learns from ℓ, not only from the Q loss)",
    file: "src/agents/ambs.ts", from: "const w = stopGradient(s.lossWeights === \"c\" ? weights : tf.square(weights));", to: "const w = s.lossWeights === \"c\" ? weights : tf.square(weights);",
    test: METRIC_AMBS, kills: "c is trained by the Q loss only",
  },
  {
    name: "ambs-eta-in-metric-adam", what: "AMBS's metric step holds η in its encoder Adam",
    file: "src/agents/ambs.ts", from: "new Adam(agent.encoder.representationVars, { lr: config.encoderLr })", to: "new Adam(agent.encoder.vars, { lr: config.encoderLr })",
    test: METRIC_AMBS, kills: "c is trained by the Q loss only",
  },
  {
    name: "ambs-dyn-target-gradient", what: "AMBS's dynamics target W2 without the stop-gradient",
    file: "src/agents/ambs.ts", from: "const dyn = stopGradient(s.gammaOnDynTarget ? tf.mul(s.gamma, w2) : w2);", to: "const dyn = s.gammaOnDynTarget ? tf.mul(s.gamma, w2) : w2;",
    test: METRIC_AMBS, kills: "stop-gradients (§4.5.2)",
  },
  {
    name: "ambs-second-half-ij", what: "AMBS's second half in (4.10)'s (i, j) order although (4.8)'s (j, i) is selected",
    file: "src/agents/ambs.ts", from: "s.secondOrder === \"ji\" ? [rows(h2, J), rows(h2, I)]", to: "s.secondOrder === \"ji\" ? [rows(h2, I), rows(h2, J)]",
    test: METRIC_AMBS, kills: "equals a float64 transcription of (4.8)",
  },
  {
    name: "ambs-printed-4-16", what: "P̂'s loss as (4.16) is printed (no log σ)",
    file: "src/agents/ambs.ts", from: "return form === \"thesis\" ? gaussianNll(mu, sigma, x) :", to: "return form === \"thesis\" ? (tf.mean(tf.square(tf.div(tf.sub(x, mu), tf.mul(2, sigma)))) as tf.Scalar) :",
    test: METRIC_AMBS, kills: "(4.16): the printed",
  },
  {
    name: "printed-4-15-temperature", what: "the temperature loss as (4.15) is printed: mean(α(log π − H̄))",
    file: "src/agents/losses.ts", from: "return tf.mean(tf.mul(tf.exp(logAlpha), tf.sub(tf.neg(lp), targetEntropy))) as tf.Scalar;", to: "return tf.mean(tf.mul(tf.exp(logAlpha), tf.sub(lp, targetEntropy))) as tf.Scalar;",
    test: METRIC_AMBS, kills: "(4.15): with entropy",
  },
  {
    name: "printed-4-13-soft-value", what: "the soft value as (4.13) is printed: min Q̄ + α log π",
    file: "src/agents/losses.ts", from: "const v = tf.sub(tf.minimum(q1Next, q2Next), tf.mul(alpha, logProbNext));", to: "const v = tf.add(tf.minimum(q1Next, q2Next), tf.mul(alpha, logProbNext));",
    test: METRIC_AMBS, kills: "(4.13): the soft value",
  },
  {
    name: "actor-features-not-detached", what: "the actor step evaluates Q on the critic's features inside the loss (no detach): J_π's gradient reaches the conv and φ_r, φ_d (thesis §4.5.3, T20)",
    file: "src/agents/sac.ts", from: "const detached = throughEncoder ? null : tf.tidy(() => enc.features(obs, rng));", to: "const detached = null as tf.Tensor2D | null;",
    test: CH34, kills: "on a real AMBS update",
  },
  {
    name: "rap-drop-gamma", what: "RAP's (5.15) without γ on the next-state distance",
    file: "src/agents/rap.ts", from: "const lhs = tf.square(tf.sub(zDist, tf.mul(s.gamma, next)));", to: "const lhs = tf.square(tf.sub(zDist, next));",
    test: METRIC_RAP, kills: "((d̂_G(z_i, z_j) − γ d̂_G",
  },
  {
    name: "rap-variance-added", what: "RAP's reward target adds the reward variances instead of subtracting them",
    file: "src/agents/rap.ts", from: "tf.sub(tf.sub(tf.square(tf.sub(rows(r, I), rows(r, J))), rows(v, I)), rows(v, J))", to: "tf.add(tf.add(tf.square(tf.sub(rows(r, I), rows(r, J))), rows(v, I)), rows(v, J))",
    test: METRIC_RAP, kills: "((d̂_G(z_i, z_j) − γ d̂_G",
  },
  {
    name: "rap-target-gradient", what: "RAP's next-state distance without the stop-gradient",
    file: "src/agents/rap.ts", from: "const next = stopGradient(s.nextStateDistance === \"rap\"", to: "const next = (s.nextStateDistance === \"rap\"",
    test: METRIC_RAP, kills: "only the embedding carries gradient",
  },
  {
    name: "state-encoder-not-trained", what: "only a pixel encoder is handed to the critic's (and the metric losses') Adam: the MLP state encoder never learns",
    file: "src/agents/encoder.ts", from: "    return this.online ? this.online.params.vars : [];", to: "    return this.online instanceof PixelEncoder ? this.online.params.vars : [];",
    test: WIRING, kills: "critic steps train the MLP encoder",
  },
  {
    name: "target-encoder-is-online", what: "the critic target reads the online encoder g(s′) instead of the momentum encoder ḡ(s′)",
    file: "src/agents/encoder.ts", from: "return this.target ? this.target.forward(obs, this.options.sampleInRl ? rng : undefined).features", to: "return this.target ? this.online!.forward(obs, this.options.sampleInRl ? rng : undefined).features",
    test: WIRING, kills: "the target reads the momentum encoder",
  },
  {
    name: "rap-l2-ignored", what: "rapLoss ignores `embeddingDistance` \"l2\" (the §5.5.3 ablation silently trains d̂_G)",
    file: "src/agents/rap.ts", from: "const dist = s.embeddingDistance === \"l2\" ? l2Distance :", to: "const dist = false ? l2Distance :",
    test: SANDBOX, kills: "uses ‖x − y‖₂ on both sides",
  },
  {
    name: "sandbox-target-copies", what: "the sandbox's target encoder copies the encoder (τ = 1) instead of Polyak-averaging with τ_φ",
    file: "src/agents/sandbox.ts", from: "softUpdate(encoder.target.vars, encoder.params.vars, t.tau);", to: "softUpdate(encoder.target.vars, encoder.params.vars, 1);",
    test: SANDBOX, kills: "Polyak-averages the target encoder",
  },
];

const REPO = path.resolve(__dirname, "..", "..");
/** The control runs every named test in one vitest (≈ 2–4 min on a loaded 2-core machine: the finite-MDP and Ch. 3–4 checks train). */
const CONTROL_TIMEOUT_MS = 480_000;
/** Every test file a mutant names, and the helpers they import (each must be copied). */
const TESTS = [WIRING, FINAL_SCORE, STUDY_CLAIMS, FIDELITY, METRIC_DBC, METRIC_MICO, METRIC_AMBS, METRIC_RAP, METRIC_FINITE, CH34, SANDBOX];
const COPY = ["src", ...TESTS, "test/agents/replay-fixture.ts", "test/agents/step-order.ts", "package.json", "tsconfig.json", "vitest.config.ts"];
let work = "";

interface RunResult {
  status: number | null;
  failed: string[];
  passed: string[];
  output: string;
}

/**
 * vitest in the copy, on `files`, optionally filtered by a test-name substring; per-test results
 * from its JSON report. Asynchronous, so this worker keeps answering its own vitest meanwhile.
 */
async function vitest(files: string[], filter?: string, pattern?: string, timeoutMs = 240_000): Promise<RunResult> {
  const report = path.join(work, `report-${Date.now()}.json`);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("VITEST") && k !== "NODE_OPTIONS") env[k] = v;
  env["REPRORL_WASM_THREADS"] = "1";
  const args = [path.join(work, "node_modules", "vitest", "vitest.mjs"), "run", ...files, "--reporter=json", `--outputFile=${report}`];
  if (filter) args.push("-t", escapeRegex(filter));
  else if (pattern) args.push("-t", pattern);
  const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: work, env, timeout: timeoutMs });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
  const failed: string[] = [];
  const passed: string[] = [];
  if (fs.existsSync(report)) {
    const json = JSON.parse(fs.readFileSync(report, "utf8")) as { testResults: { assertionResults: { fullName: string; status: string }[] }[] };
    for (const f of json.testResults) for (const a of f.assertionResults) (a.status === "passed" ? passed : a.status === "failed" ? failed : []).push(a.fullName);
    fs.rmSync(report);
  }
  return { status: r.status, failed, passed, output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function occurrences(text: string, pattern: string): number {
  return text.split(pattern).length - 1;
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "reprorl-mutants-"));
  for (const p of COPY) fs.cpSync(path.join(REPO, p), path.join(work, p), { recursive: true });
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(work, "node_modules"), "dir");
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("agent wiring mutants", () => {
  it("control: every test a mutant names passes on the unmutated copy", async () => {
    // only the named tests (one vitest run over every file, filtered to their names): the whole
    // files include minutes of unrelated checks, and this control only has to show that each
    // killing test passes before its mutant is applied
    const r = await vitest(TESTS, undefined, [...new Set(MUTANTS.map((m) => escapeRegex(m.kills)))].join("|"), CONTROL_TIMEOUT_MS);
    expect(r.failed, r.output.slice(-3000)).toEqual([]);
    expect(r.status, `vitest exited ${r.status}:\n${r.output.slice(-3000)}`).toBe(0);
    for (const m of MUTANTS) expect(r.passed.some((n) => n.includes(m.kills)), `no test named like "${m.kills}"`).toBe(true);
  }, CONTROL_TIMEOUT_MS + 30_000);

  it.each(MUTANTS.map((m) => [m.name, m] as const))("mutant %s is killed by its named test", async (_name, m) => {
    const file = path.join(work, m.file);
    const original = fs.readFileSync(file, "utf8");
    expect(occurrences(original, m.from), `mutant ${m.name}: pattern must occur exactly once in ${m.file} (stale mutant?)`).toBe(1);
    fs.writeFileSync(file, original.replace(m.from, m.to));
    try {
      const t0 = performance.now();
      const r = await vitest([m.test], m.kills);
      expect(r.status, `mutant ${m.name} (${m.what}) survived:\n${r.output.slice(-2000)}`).not.toBe(0);
      expect(r.failed.some((n) => n.includes(m.kills)), `mutant ${m.name}: expected "${m.kills}" to fail; failed: ${r.failed.join(" | ")}\n${r.output.slice(-2000)}`).toBe(true);
      console.log(`mutant ${m.name} (${m.what}): killed by "${r.failed.join('", "')}" in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } finally {
      fs.writeFileSync(file, original);
    }
  });
});
