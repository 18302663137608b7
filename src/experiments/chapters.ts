/**
 * What a chapter notebook calls: one line loads (or computes) the chapter, and a few thin
 * cells show and export its tables, figures and claims.
 *
 *   const ch = await chapters.load("drl-thesis/ch5-theory", { tier: tier, retrain: retrain, figuresOnly: figuresOnly });
 *   await ch.showTables();  await ch.showFigures();  await ch.showClaims();  await ch.finish();
 *
 * Tables go to figures/<chapter-id>/tables/<name>.{csv,md,tex}, figures to
 * figures/<chapter-id>/<name>.{html,svg,png} (smoke tier: under the OS temp folder).
 */
import { closeBrowser } from "../analysis/figures/browser.js";
import type { Figure } from "../analysis/figures/figure.js";
import { claimsFrame, exportClaims, type ClaimRow } from "../analysis/tables/claims.js";
import { tableBundle } from "../analysis/tables/html.js";
import { exportTable, toFrame } from "../analysis/tables/table.js";
import { displayBundle } from "../core/display.js";
import { ReproError } from "../core/errors.js";
import { figuresRootFor } from "../core/paths.js";
import type { Tier } from "../core/tiers.js";
import type { ChapterDefinition, ChapterTable, FigureFormat } from "./contract.js";
import { loadOrCompute, type LoadedRuns, type LoadOrComputeOptions } from "./load-or-compute.js";
import { chapterDefinition } from "./registry.js";
import type { Ch2Results } from "./drl-thesis/ch2-background/index.js";
import type { Ch4Data } from "./drl-thesis/ch4-ambs/chapter.js";
import type { Ch5RapData } from "./drl-thesis/ch5-rap/load.js";
import type { Ch5Results } from "./drl-thesis/ch5-theory/run.js";
import type { Ch6Data } from "./drl-thesis/ch6-pruning/chapter.js";
import type { EnvsResults } from "./drl-thesis/envs/run.js";
import type { SacAeData } from "./sac-ae/chapter.js";

/** The data type of each chapter with a definition, so notebook cells get `ch.data` typed (tslab type-checks cells). */
export interface ChapterDataById {
  "drl-thesis/ch2-background": Ch2Results;
  "drl-thesis/envs": EnvsResults;
  "drl-thesis/ch4-ambs": Ch4Data;
  "drl-thesis/ch5-theory": Ch5Results;
  "drl-thesis/ch5-rap": Ch5RapData;
  "drl-thesis/ch6-pruning": Ch6Data;
  "sac-ae": SacAeData;
}

export interface LoadChapterOptions extends LoadOrComputeOptions {
  /** Figures root (default figuresRootFor(tier)). */
  figuresRoot?: string;
}

/** A table as rich output in a kernel cell (HTML, Markdown, plain text: src/analysis/tables/html.ts); its plain text printed outside a kernel. */
function showTable(bundle: Record<string, string>): void {
  if (!displayBundle(bundle)) console.log(bundle["text/plain"]);
}

/** A loaded chapter: its data, tables, figures and claims, with show-and-export helpers for notebook cells. */
export class ChapterSession<Data = unknown> {
  readonly tables: Record<string, ChapterTable>;
  readonly claims: ClaimRow[];
  private figuresCache: Record<string, Figure> | undefined;
  private readonly exported = new Set<string>();

  constructor(
    readonly definition: ChapterDefinition<Data>,
    readonly tier: Tier,
    readonly loaded: LoadedRuns<Data>,
    readonly figuresRoot: string,
  ) {
    this.tables = definition.tables(loaded.data);
    this.claims = definition.claims(loaded.data);
  }

  get id(): string {
    return this.definition.id;
  }

  get data(): Data {
    return this.loaded.data;
  }

  /** Every figure of the chapter by export name (built once). */
  async figures(): Promise<Record<string, Figure>> {
    this.figuresCache ??= await this.definition.figures(this.loaded.data);
    return this.figuresCache;
  }

  private pick<T>(all: Record<string, T>, names: readonly string[] | undefined, what: string): [string, T][] {
    if (names === undefined) return Object.entries(all);
    return names.map((n) => {
      const v = all[n];
      if (v === undefined) throw new ReproError(`${this.id} has no ${what} "${n}"; it has ${Object.keys(all).join(", ") || "none"}`);
      return [n, v];
    });
  }

  /** Export one table and return its Markdown. */
  exportTable(name: string): string {
    const t = this.tables[name];
    if (t === undefined) throw new ReproError(`${this.id} has no table "${name}"; it has ${Object.keys(this.tables).join(", ") || "none"}`);
    const { markdown } = exportTable(toFrame(t.rows), { chapter: this.id, name, root: this.figuresRoot, ...t.format });
    this.exported.add(`table:${name}`);
    return markdown;
  }

  /** Export and show tables (default: all, in the chapter's order). */
  async showTables(names?: readonly string[]): Promise<void> {
    for (const [name, t] of this.pick(this.tables, names, "table")) {
      if (t.exported !== false) this.exportTable(name);
      showTable(tableBundle(toFrame(t.rows), t.format ?? {}, t.title));
    }
  }

  private formats(name: string): FigureFormat[] {
    return [...(this.definition.figureFormats?.(name) ?? ["svg", "png"])];
  }

  /** Export one figure (HTML plus its static formats). */
  async exportFigure(name: string): Promise<Figure> {
    const fig = this.pick(await this.figures(), [name], "figure")[0]![1];
    await fig.export(this.id, name, { root: this.figuresRoot, formats: this.formats(name) });
    this.exported.add(`figure:${name}`);
    return fig;
  }

  /**
   * Export and show figures (default: all). With `export: false` they are only shown and
   * `finish()` exports them, in the chapter's order, after everything was shown — for a
   * notebook that ends with its own export section (ch5-theory: its committed SVGs were
   * written in that order, and Chromium's SVG serialisation depends on what it drew before).
   */
  async showFigures(names?: readonly string[], opts: { export?: boolean } = {}): Promise<void> {
    for (const [name, figure] of this.pick(await this.figures(), names, "figure")) {
      const fig = opts.export === false ? figure : await this.exportFigure(name);
      await fig.show();
    }
  }

  /** Export and show the claims table. */
  async showClaims(): Promise<void> {
    this.exportClaims();
    showTable(tableBundle(claimsFrame(this.claims), { align: { Claim: "l" } }));
  }

  /** Names of the chapter's tables (export names), in the chapter's order. */
  get tableNames(): string[] {
    return Object.keys(this.tables);
  }

  /** Export every table and the claims table (no figures: no browser needed); returns the Markdown files written. */
  exportTables(): string[] {
    const written: string[] = [];
    for (const [name, t] of Object.entries(this.tables)) {
      if (t.exported === false) continue;
      this.exportTable(name);
      written.push(name);
    }
    this.exportClaims();
    return [...written, "claims"];
  }

  /** Export the claims table to figures/<chapter-id>/tables/claims.{csv,md,tex}. */
  exportClaims(): void {
    exportClaims(this.claims, { chapter: this.id, root: this.figuresRoot, ...this.definition.claimsCaption });
    this.exported.add("claims");
  }

  /** Export whatever the notebook did not show, close the headless browser, say what was written. */
  async finish(): Promise<void> {
    for (const [name, t] of Object.entries(this.tables)) if (t.exported !== false && !this.exported.has(`table:${name}`)) this.exportTable(name);
    for (const name of Object.keys(await this.figures())) if (!this.exported.has(`figure:${name}`)) await this.exportFigure(name);
    if (!this.exported.has("claims")) this.exportClaims();
    await closeBrowser();
    const nFig = Object.keys(await this.figures()).length;
    const nTables = Object.values(this.tables).filter((t) => t.exported !== false).length + 1;
    console.log(`exported ${nFig} figures and ${nTables} tables (with the claims) under ${this.figuresRoot}/${this.id}`);
  }
}

/**
 * Load a chapter for a notebook: print its tier settings, load what is stored, compute what is
 * missing (unless `figuresOnly`; everything with `retrain`), print the chapter's notes.
 */
export async function load<Id extends keyof ChapterDataById>(id: Id, opts: LoadChapterOptions): Promise<ChapterSession<ChapterDataById[Id]>>;
export async function load(id: string, opts: LoadChapterOptions): Promise<ChapterSession>;
export async function load(id: string, opts: LoadChapterOptions): Promise<ChapterSession> {
  const def = await chapterDefinition(id);
  const log = opts.log ?? ((line: string) => console.log(line));
  const seed = opts.seed ?? 0;
  for (const line of def.describe({ tier: opts.tier, seed })) log(line);
  const loaded = await loadOrCompute(def, { ...opts, log });
  for (const line of def.notes?.(loaded.data) ?? []) log(line);
  return new ChapterSession(def, opts.tier, loaded, opts.figuresRoot ?? figuresRootFor(opts.tier));
}

export { loadOrCompute, type LoadOrComputeOptions, type LoadedRuns } from "./load-or-compute.js";
export { defineChapter, type ChapterDefinition, type ChapterRun, type ChapterTable } from "./contract.js";
