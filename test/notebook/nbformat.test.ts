import { describe, expect, it } from "vitest";
import { derivedCellId, ensureCellIds, relativizeDeep, relativizePaths, type Notebook } from "../../src/notebook/nbformat.js";

describe("nbformat: what makes re-runs byte-identical", () => {
  it("cells without (valid, unique) ids get deterministic ids from index and source; existing ids are kept", () => {
    const mk = (): Notebook => ({
      nbformat: 4,
      nbformat_minor: 4,
      metadata: {},
      cells: [
        { cell_type: "markdown", id: "intro", source: "# x", metadata: {} },
        { cell_type: "code", source: "1 + 1", metadata: {}, execution_count: null, outputs: [] },
        { cell_type: "code", id: "intro", source: "2", metadata: {}, execution_count: null, outputs: [] },
        { cell_type: "raw", id: "bad id!", source: "", metadata: {} },
      ],
    });
    const a = mk();
    ensureCellIds(a);
    const b = mk();
    ensureCellIds(b);
    expect(a.cells.map((c) => c.id)).toEqual(b.cells.map((c) => c.id));
    expect(a.cells[0]!.id).toBe("intro");
    expect(a.cells[1]!.id).toBe(derivedCellId(1, "1 + 1"));
    expect(a.cells[1]!.id).toMatch(/^cell-1-[0-9a-f]{8}$/);
    expect(a.cells[2]!.id).toMatch(/^cell-2-/);
    expect(a.cells[3]!.id).toMatch(/^cell-3-/);
    expect(a.nbformat_minor).toBe(5);
  });

  it("absolute paths under the given roots become relative", () => {
    const roots = ["/work/wt-x", "/work/wt-x/data"];
    expect(relativizePaths("loaded from /work/wt-x/data/results", roots)).toBe("loaded from results");
    expect(relativizePaths("under /work/wt-x/figures/ch2\n", ["/work/wt-x"])).toBe("under figures/ch2\n");
    expect(relativizePaths("root /work/wt-x. done", ["/work/wt-x/"])).toBe("root .. done");
    // other folders that merely start with the root, or contain it, are left alone
    expect(relativizePaths("/work/wt-xy/a /x/work/wt-x/b", ["/work/wt-x"])).toBe("/work/wt-xy/a /x/work/wt-x/b");
    expect(relativizeDeep({ a: ["/r/p", 1, null], b: { c: "/r" } }, ["/r"])).toEqual({ a: ["p", 1, null], b: { c: "." } });
  });
});
