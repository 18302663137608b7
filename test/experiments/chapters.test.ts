/**
 * Every chapter the registry links to a definition, through the one contract:
 *
 * - its committed tables (figures/<chapter-id>/tables/*, the claims table included) rebuild
 *   byte for byte from the committed data/results/ — nothing is computed (figuresOnly);
 * - its smoke tier runs in this process into a temp store (mechanics only: every planned run
 *   is stored, a second load computes nothing, tables, figures and a valid claims table build).
 *
 * The kernel path of the same notebooks is covered by test/experiments/*-notebook.test.ts.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend/index.js";
import { Figure } from "../../src/analysis/figures/figure.js";
import { validateClaims } from "../../src/analysis/tables/claims.js";
import { packageRoot, resultsRoot } from "../../src/core/paths.js";
import { ChapterSession } from "../../src/experiments/chapters.js";
import { runKey } from "../../src/experiments/contract.js";
import { loadOrCompute } from "../../src/experiments/load-or-compute.js";
import { CHAPTERS, chapterDefinition, chapterFiguresDir } from "../../src/experiments/registry.js";

const defined = CHAPTERS.filter((c) => c.definition !== undefined);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "reprorl-chapters-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Files below `dir`, relative to it, sorted. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}

describe("the registry", () => {
  it("links every chapter that has a notebook to a definition with the same id", async () => {
    const withNotebook = CHAPTERS.filter((c) => fs.existsSync(path.join(packageRoot(), "notebooks", ...c.id.split("/")) + ".ipynb"));
    expect(withNotebook.map((c) => c.id).sort()).toEqual(defined.map((c) => c.id).sort());
    for (const c of defined) expect((await chapterDefinition(c.id)).id).toBe(c.id);
    await expect(chapterDefinition("slides/acer")).rejects.toThrow("chapter slides/acer has no definition yet");
  });
});

/**
 * Chapters whose small tier has not been computed yet (their code is tested through the smoke
 * tier above): no stored runs and no committed tables; figures-only must refuse with the count.
 * Remove a chapter from here when its small-tier results are committed.
 */
const NOT_YET_COMPUTED = ["drl-thesis/ch4-ambs"];

describe.each(NOT_YET_COMPUTED.map((id) => [id]))("%s: small tier not computed yet", (id) => {
  it("has no stored runs or committed tables, and figures-only refuses with a one-line error", async () => {
    expect(defined.map((c) => c.id)).toContain(id);
    expect(fs.existsSync(path.join(chapterFiguresDir({ id } as never), "tables"))).toBe(false);
    const def = await chapterDefinition(id);
    await expect(loadOrCompute(def, { tier: "small", figuresOnly: true, root: resultsRoot() })).rejects.toThrow(/of \d+ runs are not stored/);
  });
});

describe.each(defined.filter((c) => !NOT_YET_COMPUTED.includes(c.id)).map((c) => [c.id]))("%s: committed tables rebuild from data/results", (id) => {
  it("every figures/<id>/tables/* file, byte for byte, without computing", async () => {
    const def = await chapterDefinition(id);
    const committed = path.join(chapterFiguresDir({ id } as never), "tables");
    const expected = filesUnder(committed);
    expect(expected, "committed tables").toContain("claims.md");
    const loaded = await loadOrCompute(def, { tier: "small", figuresOnly: true, root: resultsRoot() });
    expect(loaded.computed).toEqual([]);
    const out = path.join(tmp, "rebuilt", ...id.split("/"));
    new ChapterSession(def, "small", loaded, out).exportTables();
    const rebuilt = path.join(out, ...id.split("/"), "tables");
    expect(filesUnder(rebuilt)).toEqual(expected);
    for (const f of expected) {
      expect(fs.readFileSync(path.join(rebuilt, f), "utf8"), f).toBe(fs.readFileSync(path.join(committed, f), "utf8"));
    }
  }, 120_000);
});

describe.each(defined.map((c) => [c.id]))("%s: smoke tier through the contract", (id) => {
  beforeAll(async () => {
    await initBackend({ quiet: true, prefer: "wasm" });
  });

  it("computes and stores every planned run, reloads without computing, builds tables, figures and claims", async () => {
    const def = await chapterDefinition(id);
    const root = path.join(tmp, "smoke", ...id.split("/"), "data", "results");
    const plan = def.runs({ tier: "smoke", seed: 0 });
    expect(plan.length).toBeGreaterThan(0);
    const first = await loadOrCompute(def, { tier: "smoke", root, workers: 0 });
    expect(first.computed.length).toBe(plan.length);
    for (const run of plan) {
      const k = runKey(run);
      const meta = JSON.parse(fs.readFileSync(path.join(root, ...id.split("/"), k.experiment, k.method, `seed-${k.seed}.json`), "utf8")) as { tier: string };
      expect(meta.tier).toBe("smoke");
    }
    const again = await loadOrCompute(def, { tier: "smoke", root, workers: 0 });
    expect(again.computed).toEqual([]);
    expect(again.reused).toBe(plan.length);
    const tables = def.tables(again.data);
    expect(Object.keys(tables).length).toBeGreaterThan(0);
    for (const [name, t] of Object.entries(tables)) expect(t.rows.length, name).toBeGreaterThan(0);
    const claims = def.claims(again.data);
    expect(() => validateClaims(claims)).not.toThrow();
    const figs = await def.figures(again.data);
    expect(Object.keys(figs).length).toBeGreaterThan(0);
    for (const f of Object.values(figs)) expect(f).toBeInstanceOf(Figure);
  }, 600_000);
});
