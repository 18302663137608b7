/** The reprorl kernel's pure parts: history queries, import scanning, `exports` resolution, error description. */
import { describe, expect, it } from "vitest";
import { describeError } from "../../src/notebook/tskernel/cell.js";
import { importedSpecifiers, isPackageSpecifier, resolveExports } from "../../src/notebook/tskernel/esm.js";
import { globToRegExp, History } from "../../src/notebook/tskernel/history.js";

describe("kernel history", () => {
  const h = new History(1);
  ["const a = 1;", "6*7", "a + 1", "6*7"].forEach((input, i) => h.add({ line: i + 1, input, output: i === 1 ? "42" : null }));

  it("tail, with and without outputs", () => {
    expect(h.query({ hist_access_type: "tail", n: 2 })).toEqual([[1, 3, "a + 1"], [1, 4, "6*7"]]);
    expect(h.query({ hist_access_type: "tail", n: 1, output: true })).toEqual([[1, 4, ["6*7", null]]]);
  });
  it("range is start ≤ line < stop of this session", () => {
    expect(h.query({ hist_access_type: "range", session: 1, start: 2, stop: 4 })).toEqual([[1, 2, "6*7"], [1, 3, "a + 1"]]);
    expect(h.query({ hist_access_type: "range", session: 7, start: 1 })).toEqual([]);
  });
  it("search by glob, unique keeps the latest of each input, n the last matches", () => {
    expect(h.query({ hist_access_type: "search", pattern: "6*7" }).map((r) => r[1])).toEqual([2, 4]);
    expect(h.query({ hist_access_type: "search", pattern: "6*7", unique: true })).toEqual([[1, 4, "6*7"]]);
    expect(h.query({ hist_access_type: "search", pattern: "*", n: 3 }).map((r) => r[1])).toEqual([2, 3, 4]);
    expect(globToRegExp("a?c*").test("abcdef")).toBe(true);
    expect(globToRegExp("a.c").test("abc")).toBe(false);
  });
});

describe("ES-module imports", () => {
  it("finds the specifiers a cell imports", () => {
    const code = 'import a, { b } from "pkg-a";\nimport "side";\nexport * from "./local";\nconst m = await import("@scope/pkg/sub");\nconst r = require("cjs");';
    expect(importedSpecifiers(code).sort()).toEqual(["./local", "@scope/pkg/sub", "cjs", "pkg-a", "side"]);
    expect(["pkg-a", "@scope/pkg/sub", "./local", "/abs", "node:fs", "fs", "fs/promises"].map(isPackageSpecifier)).toEqual([true, true, false, false, false, false, false]);
  });
  it("resolves `exports` with the import conditions", () => {
    expect(resolveExports("./i.js", ".", ["node", "import"])).toBe("./i.js");
    expect(resolveExports({ import: "./m.js", require: "./c.cjs" }, ".", ["node", "import"])).toBe("./m.js");
    const map = { ".": { types: "./d.ts", import: "./m.js" }, "./feature/*": { import: "./f/*.js" }, "./x": null };
    expect(resolveExports(map, ".", ["node", "import"])).toBe("./m.js");
    expect(resolveExports(map, "./feature/deep", ["node", "import"])).toBe("./f/deep.js");
    expect(resolveExports(map, "./x", ["node", "import"])).toBeUndefined();
    expect(resolveExports(map, "./missing", ["node", "import"])).toBeUndefined();
  });
});

describe("error description", () => {
  it("keeps the cell's frames, not the kernel's", () => {
    const err = new RangeError("out");
    err.stack = "RangeError: out\n    at evalmachine.<anonymous>:2:7\n    at Script.runInThisContext (node:vm:137:12)\n    at Object.execute (/x/node_modules/tslab/dist/executor.js:160:38)";
    expect(describeError(err)).toEqual({ ename: "RangeError", evalue: "out", traceback: ["RangeError: out", "    at evalmachine.<anonymous>:2:7"] });
    expect(describeError("plain")).toEqual({ ename: "Error", evalue: "plain", traceback: ["Uncaught plain"] });
  });
});
