import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  CHAPTERS,
  chapterFiguresDir,
  chapterNotebook,
  chapterOfNotebook,
  chapterResultsDir,
  checkTier,
  getChapter,
} from "../../src/experiments/registry.js";

describe("chapter registry", () => {
  it("has unique, readable ids including the README's main job", () => {
    const ids = CHAPTERS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+(\/[a-z0-9-]+)?$/);
    expect(ids).toContain("drl-thesis/ch2-background");
  });
  it("maps a chapter id to notebook, results and figures paths", () => {
    const ch = getChapter("drl-thesis/ch5-rap");
    expect(chapterNotebook(ch, "/r")).toBe(path.join("/r", "notebooks", "drl-thesis", "ch5-rap.ipynb"));
    expect(chapterResultsDir(ch, "/r")).toBe(path.join("/r", "data", "results", "drl-thesis", "ch5-rap"));
    expect(chapterFiguresDir(ch, "/r")).toBe(path.join("/r", "figures", "drl-thesis", "ch5-rap"));
    expect(chapterOfNotebook("/r/notebooks/drl-thesis/ch5-rap.ipynb", "/r")?.id).toBe("drl-thesis/ch5-rap");
    expect(chapterOfNotebook("/r/notebooks/other.ipynb", "/r")).toBeUndefined();
  });
  it("unknown chapters and tiers get one-line errors", () => {
    expect(() => getChapter("drl-thesis/ch9")).toThrow(/^unknown chapter "drl-thesis\/ch9": known chapters are drl-thesis\/ch2-background, /);
    expect(() => checkTier("big")).toThrow('unknown tier "big": use one of smoke, small, medium, paper');
    expect(getChapter("sac-ae/").id).toBe("sac-ae");
  });
  it("per-cell limits: smoke bounded, paper unbounded", () => {
    for (const c of CHAPTERS) {
      expect(c.cellTimeoutSeconds.smoke).toBeGreaterThan(0);
      expect(c.cellTimeoutSeconds.paper).toBe(0);
    }
  });
});
