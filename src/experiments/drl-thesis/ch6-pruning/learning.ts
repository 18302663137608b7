/**
 * Learning checks of Chapter 6 (issue 13 item 2), from the stored results only: for every learned
 * component — the backbone, each method's fine-tuned CNN, each pruning agent — its objective curve
 * and a before/after summary, as `LearningCheck`s for decideVerdict (src/analysis/verdict).
 *
 *   backbone          test accuracy of the untrained net (baseline) → after pretraining
 *   method <id>       test accuracy before Algorithm 4 (same run, same pruning) → after it
 *   <id> runtime/static agent
 *                     the agent's own reward (R'_acc + budget reward), mean over the first
 *                     Algorithm 4 iteration's RL batches (baseline) → the last iteration's;
 *                     plus how far its per-layer ratios moved from the ratios it started with
 *
 * Tiers whose stored results predate the checks (`learningChecks: false`, the small tier) have no
 * same-run baselines: their checks are absent and the claims say so.
 */
import type { Interval, LearningCheck } from "../../../analysis/verdict/index.js";
import { Rng } from "../../../core/rng.js";
import { chapterRuns } from "./methods.js";
import { meanInterval, type RunSummary } from "./summary.js";
import type { CurveRow } from "./run.js";
import type { Ch6Results } from "./tables.js";

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const parse = (s: string) => (s.trim() === "" ? [] : s.trim().split(/\s+/).map(Number));

/** Does this result set carry the learning-check tables (initial scores and agent curves)? */
export function hasLearningChecks(res: Ch6Results): boolean {
  return res.seeds.every((s) => s.initial.length > 0);
}

/** Backbone: test accuracy of the untrained net and after every pretraining epoch, per seed (empty without the checks). */
export function backboneCurves(res: Ch6Results): { seed: number; epoch: number[]; accuracy: number[] }[] {
  return res.seeds
    .map((s) => {
      const rows = s.pretrain.filter((p) => (p.phase === "pretrain" || p.phase.startsWith("untrained")) && p.accuracy >= 0).sort((a, b) => a.step - b.step);
      return { seed: s.seed, epoch: rows.map((r) => r.step), accuracy: rows.map((r) => r.accuracy) };
    })
    .filter((c) => c.epoch.length > 1 && c.epoch[0] === 0);
}

/** The backbone's learning check: final test accuracy over seeds vs the untrained net's (same runs). */
export function backboneCheck(res: Ch6Results): LearningCheck | null {
  const curves = backboneCurves(res);
  if (curves.length !== res.seeds.length || curves.length === 0) return null;
  const final = meanInterval(curves.map((c) => c.accuracy[c.accuracy.length - 1]!), new Rng(13).fork("backbone"));
  return { method: "backbone (pretraining)", final, baseline: mean(curves.map((c) => c.accuracy[0]!)), baselineName: "untrained net's test accuracy" };
}

/** A method's fine-tuning check: final accuracy over seeds vs its accuracy before Algorithm 4 (same runs). */
export function methodCheck(res: Ch6Results, s: RunSummary): LearningCheck | null {
  const before = res.seeds.map((x) => x.initial.find((r) => r.id === s.id)?.accuracy);
  if (before.some((b) => b === undefined)) return null;
  return { method: s.method, final: s.ci.accuracy, baseline: mean(before as number[]), baselineName: "before-fine-tuning accuracy" };
}

export type AgentKind = "runtime" | "static";

export interface AgentSummary {
  id: string;
  agent: AgentKind;
  /** Per seed: the reward of each iteration. */
  rewards: number[][];
  /** Mean over seeds of the first and last iteration's reward, and the last one's interval over seeds. */
  first: number;
  last: Interval;
  /** Per layer, mean over seeds: ratios before Algorithm 4 (greedy) and in the last iteration. */
  before: number[];
  after: number[];
  /** Largest |after − before| over layers. */
  moved: number;
}

function curveOf(rows: readonly CurveRow[], id: string): CurveRow[] {
  return rows.filter((r) => r.id === id).sort((a, b) => a.iteration - b.iteration);
}

/** Each agent of run `id` (those whose reward is recorded), summarised over seeds; [] without the checks. */
export function agentSummaries(res: Ch6Results, id: string): AgentSummary[] {
  const out: AgentSummary[] = [];
  for (const agent of ["runtime", "static"] as const) {
    const key = agent === "runtime" ? "runtimeReward" : "staticReward";
    const acts = agent === "runtime" ? "runtimeActions" : "staticActions";
    const per = res.seeds.map((s) => ({ curve: curveOf(s.curve, id).filter((r) => Number.isFinite(r[key])), init: s.initial.find((r) => r.id === id) }));
    if (per.some((p) => p.curve.length === 0 || p.init === undefined)) continue;
    const rewards = per.map((p) => p.curve.map((r) => r[key]));
    const before = layerMean(per.map((p) => parse(p.init![acts])));
    const after = layerMean(per.map((p) => parse(p.curve[p.curve.length - 1]![acts])));
    out.push({
      id,
      agent,
      rewards,
      first: mean(rewards.map((r) => r[0]!)),
      last: meanInterval(rewards.map((r) => r[r.length - 1]!), new Rng(13).fork(`${id}/${agent}`)),
      before,
      after,
      moved: Math.max(0, ...after.map((a, t) => Math.abs(a - (before[t] ?? a)))),
    });
  }
  return out;
}

function layerMean(rows: readonly number[][]): number[] {
  const n = Math.min(...rows.map((r) => r.length));
  return Array.from({ length: n }, (_, t) => mean(rows.map((r) => r[t]!)));
}

/** An agent's learning check: its last-iteration reward over seeds vs its first-iteration reward. */
export function agentCheck(a: AgentSummary, method: string): LearningCheck {
  return { method: `${method}: ${a.agent} agent (reward)`, final: a.last, baseline: a.first, baselineName: "first-iteration reward" };
}

/**
 * Every learning check a comparison of these runs needs: each run's fine-tuning check and its
 * agents' checks. `null` when the stored results carry no learning checks (the claim then says so).
 */
export function checksFor(res: Ch6Results, runs: readonly RunSummary[]): LearningCheck[] | null {
  if (!hasLearningChecks(res)) return null;
  const out: LearningCheck[] = [];
  for (const s of runs) {
    const m = methodCheck(res, s);
    if (m === null) return null;
    out.push(m, ...agentSummaries(res, s.id).map((a) => agentCheck(a, s.method)));
  }
  return out;
}

/** The agents run `id` trains (from its method spec; RNP-style's discrete agent starts at no target ratio and is left out). */
export function agentsOf(res: Ch6Results, id: string): AgentKind[] {
  const spec = chapterRuns(res.config.budgetSweep, res.config.rrSweep).find((r) => r.id === id)?.spec;
  if (!spec) return [];
  return [...(spec.runtime === "agent" && spec.train.runtimeAgent ? (["runtime"] as const) : []), ...(spec.static === "agent" && spec.train.staticAgent ? (["static"] as const) : [])];
}

/**
 * Where the stored results have no learning checks: the largest distance of an agent's final
 * per-layer ratios (any seed) from the target ratio its policy mean starts at.
 */
export function finalRatioSpread(res: Ch6Results, s: RunSummary, agent: AgentKind): number {
  const key = agent === "runtime" ? "runtimeActions" : "staticActions";
  const d = res.seeds.flatMap((x) => parse(x.runs.find((r) => r.id === s.id)?.[key] ?? "").map((a) => Math.abs(a - s.sparsity)));
  return d.length === 0 ? Number.NaN : Math.max(...d);
}

/**
 * The before/after summary of every learned component (a chapter table shown next to the claims):
 * component | objective | before | after | learned.
 */
export function learningTable(res: Ch6Results, sums: readonly RunSummary[]): Record<string, string>[] {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const iv = (i: Interval, f: (x: number) => string) => (res.seeds.length > 1 ? `${f(i.point)} [${f(i.lo)}, ${f(i.hi)}]` : f(i.point));
  const yes = (c: LearningCheck) => (c.final.lo > c.baseline ? "yes" : "no (interval not above the baseline)");
  const rows: Record<string, string>[] = [];
  const bb = backboneCheck(res);
  if (bb) {
    rows.push({ Component: bb.method, Objective: "test accuracy", Before: `${pct(bb.baseline)} (untrained)`, After: iv(bb.final, pct), Learned: yes(bb) });
  } else {
    const losses = res.seeds.map((s) => s.pretrain.filter((p) => p.phase === "pretrain").map((p) => p.loss));
    const first = losses.map((l) => l[0]!);
    const last = losses.map((l) => l[l.length - 1]!);
    rows.push({
      Component: "backbone (pretraining)",
      Objective: "training loss (no test accuracy stored at this tier)",
      Before: `epoch 1: ${(first.reduce((a, b) => a + b, 0) / first.length).toFixed(3)}`,
      After: `epoch ${losses[0]!.length}: ${(last.reduce((a, b) => a + b, 0) / last.length).toFixed(3)}`,
      Learned: "not measured (no untrained test score stored)",
    });
  }
  for (const s of sums) {
    const m = methodCheck(res, s);
    if (m) rows.push({ Component: `${s.method} [${s.id}]`, Objective: "test accuracy after Algorithm 4", Before: `${pct(m.baseline)} (before fine-tuning)`, After: iv(m.final, pct), Learned: yes(m) });
    if (!hasLearningChecks(res)) {
      for (const a of agentsOf(res, s.id)) {
        const d = finalRatioSpread(res, s, a);
        rows.push({
          Component: `${s.method} [${s.id}]: ${a} agent`,
          Objective: "reward (not stored at this tier)",
          Before: `policy mean starts at the target ratio ${s.sparsity}`,
          After: `final per-layer ratios within ${d.toFixed(3)} of it`,
          Learned: d > 0.05 ? "ratios moved; reward not measured" : "no (ratios did not move)",
        });
      }
    }
    for (const a of agentSummaries(res, s.id)) {
      const c = agentCheck(a, s.method);
      const f3 = (x: number) => x.toFixed(3);
      rows.push({
        Component: `${s.method} [${s.id}]: ${a.agent} agent`,
        Objective: "reward R'_acc + budget reward (mean per iteration)",
        Before: `${f3(a.first)}; ratios ${a.before.map((x) => x.toFixed(2)).join(" ")}`,
        After: `${iv(a.last, f3)}; ratios ${a.after.map((x) => x.toFixed(2)).join(" ")} (moved ≤ ${a.moved.toFixed(2)})`,
        Learned: yes(c),
      });
    }
  }
  return rows;
}
