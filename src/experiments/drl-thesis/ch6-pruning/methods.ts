/**
 * The runs of the Chapter 6 comparison, each a `MethodSpec` for src/pruning/train.ts.
 * Names: <method>@<keep ratio>[/<variant>]. Substitutes are named in the tables:
 *   fbs-style     f(·) saliency, top-⌈sC⌉ per input, uniform s, no RL (FBS [21] as described)
 *   rnp-style     PPO over 4 discrete keep levels per layer, channels in fixed order (RNP [55] as described)
 *   static-norm   uniform static pruning by filter norm at the same s
 *   fpgm+fbs      static FPGM-style (distance to the mean filter) to (1+s)/2, then fbs-style to s
 *   separate      §6.4.3: static agent first (R_r = 0), then the runtime agent and f(·) only (R_r = 0.5)
 */
import type { MethodSpec } from "../../../pruning/train.js";

const ALL = { cnn: true, f: true, h: true, runtimeAgent: true, staticAgent: true };
const CNN_F = { cnn: true, f: true, h: false, runtimeAgent: false, staticAgent: false };

/**
 * Keep ratio of the Fig. 6.3 sweep. The thesis uses 0.45; we use 0.5 so the R_r = 0, 0.5 and 1
 * runs of Table 6.1 are shared (the small tier's budget allows two extra runs, not five).
 */
export const FIG63_KEEP = 0.5;

export interface RunSpec {
  /** Unique run id. */
  id: string;
  /** Method label shown in tables. */
  method: string;
  spec: MethodSpec;
  /** Learning-rate overrides (Table 6.4). */
  agentLrScale?: number;
  cnnLr?: number;
  /** Two-phase "separate" training. */
  separate?: boolean;
  /** Where the run appears. */
  tables: string[];
}

export function ours(s: number, rr: number): MethodSpec {
  return { name: `ours(R_r=${rr})`, sparsity: s, rr, runtime: "agent", static: "agent", staticRanking: "learned", scaleUr: true, scaleUs: true, train: ALL, combine: "tradeoff" };
}

export function chapterRuns(budgetSweep: number[], rrSweep: number[]): RunSpec[] {
  const runs: RunSpec[] = [];
  const add = (id: string, method: string, spec: MethodSpec, tables: string[], extra: Partial<RunSpec> = {}) => runs.push({ id, method, spec, tables, ...extra });
  add("unpruned", "unpruned backbone", { name: "unpruned", sparsity: 1, rr: 1, runtime: "none", static: "none", staticRanking: "learned", scaleUr: false, scaleUs: false, train: { ...CNN_F, f: false }, combine: "tradeoff" }, ["6.1", "6.2", "6.3", "6.2fig"]);
  for (const s of [0.5, 0.7]) {
    const t = s === 0.5 ? "6.1" : "6.2";
    add(`static-norm@${s}`, "uniform static (filter norm)", { name: "static-norm", sparsity: s, rr: 0, runtime: "none", static: "uniform", staticRanking: "norm", scaleUr: false, scaleUs: false, train: { ...CNN_F, f: false }, combine: "tradeoff" }, [t]);
    add(`fbs-style@${s}`, "FBS-style (f(·) top-k, no RL)", { name: "fbs-style", sparsity: s, rr: 1, runtime: "uniform", static: "none", staticRanking: "learned", scaleUr: true, scaleUs: false, train: CNN_F, combine: "tradeoff" }, [t]);
    add(`ours-rr1@${s}`, "ours (R_r = 1, runtime only)", ours(s, 1), [t, ...(s === 0.5 ? ["6.3", "6.3fig"] : [])]);
    add(`ours-rr0.5@${s}`, "ours (R_r = 0.5)", ours(s, 0.5), [t, ...(s === 0.5 ? ["6.3", "6.4", "6.3fig"] : []), "6.2fig"]);
  }
  add("rnp-style@0.5", "RNP-style (4 discrete levels, PPO)", { name: "rnp-style", sparsity: 0.5, rr: 1, runtime: "rnp", static: "none", staticRanking: "learned", scaleUr: false, scaleUs: false, train: { cnn: true, f: false, h: false, runtimeAgent: true, staticAgent: false }, combine: "tradeoff" }, ["6.1"]);
  add("ours-rr0@0.5", "ours (R_r = 0, static only)", ours(0.5, 0), ["6.1", "6.3fig"]);
  add("fpgm+fbs@0.5", "FPGM-style + FBS-style", { name: "fpgm+fbs", sparsity: 0.5, rr: 0.5, runtime: "uniform", static: "uniform", staticRanking: "distance", scaleUr: true, scaleUs: false, train: CNN_F, combine: "sequential" }, ["6.3"]);
  add("separate@0.5", "ours, separate static then runtime", ours(0.5, 0.5), ["6.3"], { separate: true });
  for (const [agentLrScale, cnnLr] of [[1, 1e-2], [1, 1e-4], [10, 1e-3], [0.1, 1e-3]] as const) {
    add(`lr-a${agentLrScale}-c${cnnLr}@0.5`, `ours (R_r = 0.5), agent lr ×${agentLrScale}, CNN lr ${cnnLr}`, ours(0.5, 0.5), ["6.4"], { agentLrScale, cnnLr });
  }
  for (const s of budgetSweep) add(`ours-rr0.5@${s}`, "ours (R_r = 0.5)", ours(s, 0.5), ["6.2fig"]);
  // Fig. 6.3's R_r sweep at keep ratio FIG63_KEEP, reusing the R_r = 0, 0.5, 1 runs of Table 6.1.
  for (const rr of rrSweep.filter((r) => r !== 0 && r !== 0.5 && r !== 1)) add(`ours-rr${rr}@${FIG63_KEEP}`, `ours (R_r = ${rr})`, ours(FIG63_KEEP, rr), ["6.3fig"]);
  return runs;
}
