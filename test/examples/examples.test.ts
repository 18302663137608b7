/**
 * The scripts in examples/ run as a researcher runs them: `node examples/<name>.js` from the
 * package root in a fresh process, `require("reprorl")` resolving through the self-link, each
 * with a tiny budget. Each must exit 0 and print numbers that match what the library computes
 * here; scripts that use tensors must train on wasm (started by trainRun itself); tfjs's Node
 * banner must never appear; exported figures must exist (SVG/PNG when Chromium is found).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { browserAvailable } from "../../src/analysis/figures/browser.js";
import { parseCsv } from "../../src/analysis/results/csv.js";
import { aggregateIqm } from "../../src/analysis/stats/aggregates.js";
import { probabilityOfImprovement } from "../../src/analysis/stats/improvement.js";
import { requireBuiltCli, ROOT, runProcess } from "../notebook/helpers.js";

const BANNER = /looks like you are running TensorFlow\.js in Node/;
const SCORES_CSV = path.join(ROOT, "examples", "data", "sac-ae-final-scores.csv");

function example(file: string, args: string[] = [], timeoutMs = 120_000) {
  const env = { ...process.env };
  delete env["REPRORL_BACKEND"];
  return runProcess(process.execPath, [path.join("examples", file), ...args], { cwd: ROOT, env, timeoutMs });
}

/** Asserts a clean exit without the tfjs banner; returns stdout. */
async function runOk(file: string, args: string[] = [], timeoutMs?: number): Promise<string> {
  const res = await example(file, args, timeoutMs);
  expect(res.code, `${file} failed:\n${res.stderr}`).toBe(0);
  expect(res.stdout + res.stderr).not.toMatch(BANNER);
  return res.stdout;
}

/** Files an export should have written: HTML always, SVG and PNG when a Chromium is there. */
function expectExported(dir: string, name: string): void {
  expect(existsSync(path.join(dir, `${name}.html`)), `${name}.html in ${dir}`).toBe(true);
  if (browserAvailable()) {
    for (const ext of ["svg", "png"]) expect(existsSync(path.join(dir, `${name}.${ext}`)), `${name}.${ext}`).toBe(true);
  }
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const tmp = (prefix: string) => mkdtempSync(path.join(tmpdir(), prefix));
const lineOf = (stdout: string, re: RegExp): string => {
  const line = stdout.split("\n").find((l) => re.test(l));
  expect(line, `no line matching ${re} in:\n${stdout}`).toBeDefined();
  return line!;
};

beforeAll(() => requireBuiltCli());

describe("examples/", () => {
  it("metrics-random-mdp: prints d_B and d_M, and the value bound holds for both", async () => {
    const out = await runOk("metrics-random-mdp.js", ["--states=5", "--actions=2", "--seed=3"]);
    expect(out).toContain("random MDP: 5 states, 2 actions");
    expect(out).toMatch(/π-bisimulation metric d_B/);
    expect(out).toMatch(/MICo metric d_M/);
    expect(out.split("\n").filter((l) => /^ {2}s4 /.test(l))).toHaveLength(2); // last row of each 5×5 matrix
    expect(out).toMatch(/^holds: \|V\(x\) − V\(y\)\| ≤ d_B\(x, y\)/m);
    expect(out).toMatch(/^holds: \|V\(x\) − V\(y\)\| ≤ d_M\(x, y\)/m);
    expect(out).toMatch(/^holds: d_B ≤ d_M/m);
    expect(out).not.toMatch(/FAILS/);
    const [, dB, dM] = lineOf(out, /^max over x ≠ y/).match(/: ([\d.]+) for d_B, ([\d.]+) for d_M/)!;
    expect(Number(dB)).toBeGreaterThan(0);
    expect(Number(dB)).toBeLessThanOrEqual(1);
    expect(Number(dM)).toBeLessThanOrEqual(Number(dB)); // d_M ≥ d_B, so its bound is looser
    expect(out).not.toMatch(/tensor backend/); // exact float64 math: no tensors loaded
  });

  it("data/make-scores regenerates the committed CSV from data/results byte for byte", async () => {
    const file = path.join(tmp("reprorl-ex-scores-"), "scores.csv");
    await runOk(path.join("data", "make-scores.js"), [`--out=${file}`]);
    expect(readFileSync(file, "utf8")).toBe(readFileSync(SCORES_CSV, "utf8"));
  });

  it("stats-from-csv: every method's IQM with a CI, and P(X > Y) for every pair, on the shipped CSV", async () => {
    const out = await runOk("stats-from-csv.js", ["--reps=200"]);
    const [header, ...rows] = parseCsv(readFileSync(SCORES_CSV, "utf8"));
    const methods = [...new Set(rows.map((r) => r[header!.indexOf("method")]!))];
    expect(methods.length).toBeGreaterThanOrEqual(2);
    expect(out).toContain(`${methods.length} methods, 1 task(s), scores / 1000`);
    for (const m of methods) {
      const finals = rows.filter((r) => r[header!.indexOf("method")] === m).map((r) => [Number(r[header!.indexOf("score")]) / 1000]);
      const line = lineOf(out, new RegExp(`^${escapeRe(m)} +\\d+ `));
      const intervals = [...line.matchAll(/(-?[\d.]+) \[(-?[\d.]+), (-?[\d.]+)\]/g)];
      expect(intervals).toHaveLength(4); // IQM, mean, median, optimality gap
      expect(Number(intervals[0]![1])).toBeCloseTo(aggregateIqm(finals), 3);
      for (const [, p, lo, hi] of intervals) expect(Number(lo) <= Number(p) + 1e-3 && Number(p) <= Number(hi) + 1e-3).toBe(true);
    }
    expect(out.match(/^ {2}P\(.+ > .+\) = /gm)).toHaveLength((methods.length * (methods.length - 1)) / 2);
  });

  it("stats-from-csv: any CSV path, with a task column (runs × tasks)", async () => {
    const file = path.join(tmp("reprorl-ex-csv-"), "mine.csv");
    const a = [[0.9, 0.5], [0.7, 0.6], [0.8, 0.2]];
    const b = [[0.4, 0.55], [0.6, 0.1], [0.3, 0.3]];
    const lines = ["method,seed,task,score"];
    for (const [name, m] of [["A", a], ["B", b]] as const) m.forEach((run, seed) => run.forEach((s, t) => lines.push(`${name},${seed},task${t},${s}`)));
    writeFileSync(file, lines.join("\n") + "\n");
    const out = await runOk("stats-from-csv.js", [file, "--max-score=1", "--reps=100"]);
    expect(out).toContain("mine.csv: 2 methods, 2 task(s), scores / 1");
    const p = Number(lineOf(out, /P\(A > B\)/).match(/= ([\d.]+) \[/)![1]);
    expect(p).toBeCloseTo(probabilityOfImprovement(a, b), 3);

    const bad = path.join(path.dirname(file), "bad.csv");
    writeFileSync(bad, "method,seed,points\nA,0,1\n");
    const res = await example("stats-from-csv.js", [bad]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('has no "score" column');
  });

  it("figure-export: bar chart and heatmap exported under the given folder", async () => {
    const dir = tmp("reprorl-ex-fig-");
    const out = await runOk("figure-export.js", [dir, "--runs=6"]);
    for (const m of ["baseline", "+ augmentation", "+ auxiliary loss"]) expect(out).toMatch(new RegExp(`^${escapeRe(m)}: IQM [\\d.]+ \\[`, "m"));
    expect(out.match(/^P\(.+ > ·\) = \[/gm)).toHaveLength(3);
    expectExported(path.join(dir, "figure-export"), "bars");
    expectExported(path.join(dir, "figure-export"), "heatmap");
    expect(out).not.toMatch(/tensor backend/);
  });

  it("train-sac-pixels: trains on wasm (no initBackend call), prints eval returns, exports the learning curve", async () => {
    const dir = tmp("reprorl-ex-train-");
    const out = await runOk("train-sac-pixels.js", ["--env-steps=160", "--eval-episodes=1", `--out=${dir}`], 300_000);
    expect(out.match(/\[reprorl\] tensor backend: wasm/g)).toHaveLength(1);
    expect(out).toContain("sac on cartpole-swingup (32×32 pixels, DBC video background)");
    const evals = out.split("\n").filter((l) => /^ +\d+ \| /.test(l));
    expect(evals.map((l) => Number(l.split("|")[0]))).toEqual([0, 160]);
    for (const l of evals) for (const v of l.split("|").slice(1)) expect(Number.isFinite(Number(v))).toBe(true);
    expectExported(path.join(dir, "train-sac-pixels"), "learning-curve");
  }, 320_000);
});
