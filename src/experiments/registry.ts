/**
 * The chapter registry: which chapters exist, where their notebooks are, which tiers they
 * support and how long a cell may run. The CLI (`reprorl list|run|reproduce|figures`)
 * reads only this table and the files on disk.
 *
 * A chapter with a notebook links to its definition (src/experiments/contract.ts), loaded
 * on first use so that `reprorl list` does not load tfjs or MuJoCo.
 *
 * Contract for a chapter notebook `notebooks/<chapter-id>.ipynb` (tslab kernel): its
 * first code cell tagged `parameters` declares at least
 *
 *   const tier: "smoke" | "small" | "paper" = "small";
 *   const retrain: boolean = false;      // true: train even when stored results exist
 *   const figuresOnly: boolean = false;  // true: no training; rebuild figures and tables
 *                                        //       from data/results/<chapter-id>/ alone
 *
 * and passes them to `chapters.load("<chapter-id>", …)` (src/experiments/chapters.ts).
 * The runner injects values after that cell (papermill convention), keeping each
 * declaration's type annotation, so annotate union types as above.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { ReproError } from "../core/errors.js";
import { figuresRoot, packageRoot, resultsRoot } from "../core/paths.js";
import { TIERS, type Tier } from "../core/tiers.js";
import type { AnyChapterDefinition } from "./contract.js";

export { TIERS, isTier, checkTier, type Tier } from "../core/tiers.js";

export interface Chapter {
  /** Short readable id, e.g. "drl-thesis/ch5-rap". */
  id: string;
  title: string;
  /** Which document and where in it. */
  source: string;
  /** Tiers the notebook implements. */
  tiers: readonly Tier[];
  /** Per-cell time limit in seconds by tier (0 = none). */
  cellTimeoutSeconds: Readonly<Record<Tier, number>>;
  /** The chapter's definition (configs, runs, loading, tables, figures, claims); absent until it is written. */
  definition?: () => Promise<AnyChapterDefinition>;
}

/** Cell limits: smoke runs in `npm test`; small must fit the 2-hour chapter budget, medium the 8-hour one; paper is for a GPU box. */
const DEFAULT_CELL_TIMEOUT: Readonly<Record<Tier, number>> = { smoke: 600, small: 3 * 3600, medium: 10 * 3600, paper: 0 };
/** Every chapter has these; `medium` only where a chapter declares it (SPEC "Tiers"). */
const BASE_TIERS: readonly Tier[] = TIERS.filter((t) => t !== "medium");

function chapter(id: string, title: string, source: string, definition?: () => Promise<AnyChapterDefinition>, opts: { medium?: boolean } = {}): Chapter {
  const tiers = opts.medium ? TIERS : BASE_TIERS;
  return { id, title, source, tiers, cellTimeoutSeconds: DEFAULT_CELL_TIMEOUT, ...(definition ? { definition } : {}) };
}

const DRL = "DRL thesis (Chen 2022)";
const REPR = "Representation thesis";
const SLIDES = "Efficiency & imitation slides";
const NOTES = "RL notes (Nguyen 2022)";

/** Every chapter of the product spec, in reading order. A chapter whose notebook is not written yet is listed as missing. */
export const CHAPTERS: readonly Chapter[] = [
  chapter("drl-thesis/ch2-background", "Background numerics: Bellman equations, Q-learning, policy gradients, PPO, SAC", `${DRL}, ch. 2`, () => import("./drl-thesis/ch2-background/chapter.js").then((m) => m.ch2Chapter)),
  chapter("drl-thesis/envs", "The pixel-control testbed: DMC-style tasks on MuJoCo, distractions, driving", `${DRL}, ch. 4–5 (§4.6, §5.7)`, () => import("./drl-thesis/envs/chapter.js").then((m) => m.envsChapter)),
  chapter("drl-thesis/ch4-ambs", "AMBS: adaptive meta-learner of behavioural similarities", `${DRL}, ch. 4`, () => import("./drl-thesis/ch4-ambs/chapter.js").then((m) => m.ch4Chapter), { medium: true }),
  chapter("drl-thesis/ch5-theory", "Behavioral-metric theory as numeric checks: π-bisimulation, MICo, shift-MICo, RAP", `${DRL}, ch. 4–5`, () => import("./drl-thesis/ch5-theory/chapter.js").then((m) => m.ch5Chapter)),
  chapter("drl-thesis/ch5-rap", "RAP distance: representation-learning sandbox, sampled-loss checks and RL on a distracted vector task (medium tier)", `${DRL}, ch. 5`, () => import("./drl-thesis/ch5-rap/chapter.js").then((m) => m.ch5RapChapter), { medium: true }),
  chapter("drl-thesis/ch6-pruning", "RL runtime channel pruning", `${DRL}, ch. 6`, () => import("./drl-thesis/ch6-pruning/chapter.js").then((m) => m.ch6Chapter), { medium: true }),
  chapter("repr-thesis/ch2-stochastic-ac", "Stochastic-activation actor-critic", `${REPR}, ch. 2`),
  chapter("repr-thesis/ch3-world-graphs", "World graph decomposition", `${REPR}, ch. 3`),
  chapter("repr-thesis/ch4-agent-centric-marl", "Agent-centric representations for MARL", `${REPR}, ch. 4`),
  chapter("repr-thesis/ch5-crvae", "Channel-recurrent VAE (crVAE / crVAE-GAN)", `${REPR}, ch. 5`),
  chapter("repr-thesis/ch6-acvae-gan", "Attentive conditional channel-recurrent VAE-GAN", `${REPR}, ch. 6`),
  chapter("repr-thesis/ch7-video", "Video statics and dynamics", `${REPR}, ch. 7`),
  chapter("slides/acer", "ACER: actor-critic with experience replay", `${SLIDES}, §1`),
  chapter("slides/steve", "STEVE: stochastic ensemble value expansion", `${SLIDES}, §2`),
  chapter("slides/svp", "SVP / SV-RL: low-rank value structure", `${SLIDES}, §3`),
  chapter("slides/seed-rl", "SEED RL: central inference", `${SLIDES}, §4`),
  chapter("slides/gail", "GAIL: generative adversarial imitation", `${SLIDES}, §5`),
  chapter("slides/causal-confusion", "Causal confusion in imitation learning", `${SLIDES}, §6`),
  chapter("notes/ch2-imitation", "Imitation learning and DAgger", `${NOTES}, §2`),
  chapter("notes/ch3-policy-gradient", "Policy gradient", `${NOTES}, §3`),
  chapter("notes/ch4-actor-critic", "Actor-critic", `${NOTES}, §4`),
  chapter("notes/ch5-value-based", "Value-function based algorithms", `${NOTES}, §5`),
  chapter("notes/ch6-optimal-control", "Optimal control and planning", `${NOTES}, §6`),
  chapter("notes/ch7-model-based", "Model-based RL", `${NOTES}, §7–9`),
  chapter("notes/ch10-exploration", "Exploration and bandits", `${NOTES}, §10`),
  chapter("notes/ch11-control-as-inference", "Control as inference and soft RL", `${NOTES}, §11`),
  chapter("notes/ch13-inverse-rl", "Inverse RL", `${NOTES}, §13`),
  chapter("sac-ae", "SAC+AE: sample-efficient RL from images", "SAC+AE summary", () => import("./sac-ae/chapter.js").then((m) => m.sacAeChapter), { medium: true }),
];

export function findChapter(id: string): Chapter | undefined {
  const clean = id.replace(/\/+$/, "");
  return CHAPTERS.find((c) => c.id === clean);
}

/** The chapter with this id, or a one-line error listing the ids. */
export function getChapter(id: string): Chapter {
  const ch = findChapter(id);
  if (ch === undefined) {
    throw new ReproError(`unknown chapter "${id}": known chapters are ${CHAPTERS.map((c) => c.id).join(", ")} (see \`reprorl list\`)`);
  }
  return ch;
}

/** `<root>/notebooks/<chapter-id>.ipynb`. */
export function chapterNotebook(ch: Chapter, root = packageRoot()): string {
  return path.join(root, "notebooks", ...ch.id.split("/")) + ".ipynb";
}

/** `<root>/figures/<chapter-id>/`. */
export function chapterFiguresDir(ch: Chapter, root?: string): string {
  return path.join(root === undefined ? figuresRoot() : path.join(root, "figures"), ...ch.id.split("/"));
}

/** `<root>/data/results/<chapter-id>/`. */
export function chapterResultsDir(ch: Chapter, root?: string): string {
  return path.join(root === undefined ? resultsRoot() : path.join(root, "data", "results"), ...ch.id.split("/"));
}

export function hasNotebook(ch: Chapter, root?: string): boolean {
  return existsSync(chapterNotebook(ch, root));
}

/** The definition of a chapter, or a one-line error when the chapter has none yet. */
export async function chapterDefinition(id: string): Promise<AnyChapterDefinition> {
  const ch = getChapter(id);
  if (ch.definition === undefined) throw new ReproError(`chapter ${ch.id} has no definition yet (src/experiments/${ch.id}/chapter.ts)`);
  const def = await ch.definition();
  if (def.id !== ch.id) throw new ReproError(`the definition linked to ${ch.id} is for ${def.id}; fix the registry entry`);
  return def;
}

/** The chapter whose notebook is this file, if any. */
export function chapterOfNotebook(file: string, root = packageRoot()): Chapter | undefined {
  const abs = path.resolve(file);
  return CHAPTERS.find((c) => chapterNotebook(c, root) === abs);
}
