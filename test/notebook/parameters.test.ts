import { describe, expect, it } from "vitest";
import { isReproError } from "../../src/core/errors.js";
import type { Notebook } from "../../src/notebook/nbformat.js";
import {
  checkParameterNames,
  injectParameters,
  parameterKind,
  parseCliValue,
  parseParamValue,
  parseParamArgs,
  parseParameterCell,
  topLevelStatements,
  toTsLiteral,
  type ParameterDecl,
} from "../../src/notebook/parameters.js";

describe("parameters cell parsing", () => {
  it("splits top-level statements across comments, strings, brackets and multi-line types", () => {
    const src = [
      "// a comment; with a semicolon",
      'const a = "x;y" // trailing',
      "const b: {",
      "  k: number;",
      "} = { k: 1 }",
      "let tier:",
      '  | "smoke"',
      '  | "small" = "small";',
      "/* block ; comment */ var c = `t;${1 + 2}`;",
    ].join("\n");
    expect(topLevelStatements(src)).toEqual([
      'const a = "x;y"',
      "const b: {\n  k: number;\n} = { k: 1 }",
      'let tier:\n  | "smoke"\n  | "small" = "small"',
      "var c = `t;${1 + 2}`",
    ]);
  });

  it("extracts name, keyword, annotation and default expression", () => {
    const decls = parseParameterCell(
      [
        'type Tier = "smoke" | "small" | "paper";',
        'const tier: Tier = "small";',
        "const seeds = 2;",
        "let lr: number = 3e-4;",
        "const f: (x: number) => number = (x) => x;",
        "const cfg: Record<string, number> = { a: 1, b: 2 };",
        "const [p, q] = [1, 2];",
        "const flag = a >= b;",
        "import * as x from 'y';",
      ].join("\n"),
    );
    expect(decls).toEqual([
      { name: "tier", keyword: "const", type: "Tier", defaultExpr: '"small"', aliasOf: '"smoke" | "small" | "paper"' },
      { name: "seeds", keyword: "const", type: undefined, defaultExpr: "2" },
      { name: "lr", keyword: "let", type: "number", defaultExpr: "3e-4" },
      { name: "f", keyword: "const", type: "(x: number) => number", defaultExpr: "(x) => x" },
      { name: "cfg", keyword: "const", type: "Record<string, number>", defaultExpr: "{ a: 1, b: 2 }" },
      { name: "flag", keyword: "const", type: undefined, defaultExpr: "a >= b" },
    ]);
  });
});

describe("command-line values", () => {
  const str = { name: "s", keyword: "const" as const, type: undefined, defaultExpr: '"abc"' };
  const num = { name: "n", keyword: "const" as const, type: undefined, defaultExpr: "2" };
  it("parses JSON where it can, else keeps text", () => {
    expect(parseCliValue("3", num)).toBe(3);
    expect(parseCliValue("true")).toBe(true);
    expect(parseCliValue("[1,2]")).toEqual([1, 2]);
    expect(parseCliValue('{"a":1}')).toEqual({ a: 1 });
    expect(parseCliValue("hello")).toBe("hello");
    expect(parseCliValue("null")).toBeNull();
  });
  it("keeps unquoted values as strings when the default is a string literal", () => {
    expect(parseCliValue("123", str)).toBe("123");
    expect(parseCliValue('"quoted"', str)).toBe("quoted");
  });
  it("writes TypeScript literals", () => {
    expect(toTsLiteral("a\"b")).toBe('"a\\"b"');
    expect(toTsLiteral([1, "x"])).toBe('[1,"x"]');
    expect(toTsLiteral(Number.POSITIVE_INFINITY)).toBe("Infinity");
    expect(toTsLiteral(undefined)).toBe("undefined");
  });
  it("rejects a --param without '='", () => {
    expect(() => parseParamArgs(["seeds"])).toThrow(/key=value/);
    expect(parseParamArgs(["a=b=c"])).toEqual([["a", "b=c"]]);
  });
});

function nb(): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      { cell_type: "markdown", source: "# t", metadata: {} },
      {
        cell_type: "code",
        source: ['type Tier = "smoke" | "small";\n', 'const tier: Tier = "small";\n', "const seeds = 2;"],
        metadata: { tags: ["parameters"] },
        execution_count: null,
        outputs: [],
      },
      { cell_type: "code", source: "console.log(tier)", metadata: {}, execution_count: null, outputs: [] },
    ],
  };
}

describe("injection (papermill convention)", () => {
  it("adds an injected-parameters cell right after the parameters cell, keeping annotations", () => {
    const out = injectParameters(nb(), { tier: "smoke" }, "x.ipynb");
    expect(out.cells).toHaveLength(4);
    const inj = out.cells[2]!;
    expect(inj.cell_type).toBe("code");
    expect(inj.metadata.tags).toEqual(["injected-parameters"]);
    const src = (inj.source as string[]).join("");
    expect(src).toContain('const tier: Tier = "smoke";');
    expect(src).not.toContain("seeds");
    expect(out.cells[3]!.source).toBe("console.log(tier)");
  });
  it("replaces an earlier injected cell instead of stacking a second one", () => {
    const once = injectParameters(nb(), { seeds: 5 }, "x.ipynb");
    const twice = injectParameters(once, { tier: "smoke" }, "x.ipynb");
    const injected = twice.cells.filter((c) => c.metadata.tags?.includes("injected-parameters"));
    expect(injected).toHaveLength(1);
    expect((injected[0]!.source as string[]).join("")).not.toContain("seeds");
  });
  it("with no values leaves the cells alone", () => {
    expect(injectParameters(nb(), {}, "x.ipynb").cells).toHaveLength(3);
  });
  it("a name not in the parameters cell is a one-line ReproError listing the allowed names", () => {
    let err: unknown;
    try {
      injectParameters(nb(), { seed: 1 }, "nb/x.ipynb");
    } catch (e) {
      err = e;
    }
    expect(isReproError(err)).toBe(true);
    const msg = (err as Error).message;
    expect(msg).toBe('unknown parameter "seed" for nb/x.ipynb: allowed names are tier, seeds');
  });
  it("a notebook without a parameters cell accepts no names", () => {
    expect(() => checkParameterNames([], ["tier"], "y.ipynb")).toThrow(/allowed names are none/);
  });
});

describe("--param values type-checked against the declaration (before any kernel starts)", () => {
  const decls = parseParameterCell(
    [
      'type Tier = "smoke" | "small" | "paper";',
      'const tier: "smoke" | "small" | "paper" = "small";',
      "const level: Tier = 'small';",
      "const seed: number = 0;",
      "const retrain: boolean = false;",
      "const label: string = process.env.X ?? 'a';",
      "const seeds = 2;",
      "const note = \"n\";",
      "let scale: number[] = [1, 2];",
    ].join("\n"),
  );
  const d = (name: string): ParameterDecl => decls.find((x) => x.name === name)!;
  const err = (name: string, raw: string): string => {
    try {
      parseParamValue(raw, d(name));
    } catch (e) {
      expect(isReproError(e)).toBe(true);
      return (e as Error).message;
    }
    throw new Error(`--param ${name}=${raw} was accepted`);
  };

  it("numbers: JSON numbers only", () => {
    expect(err("seed", "abc")).toBe('parameter seed is a number (declared in the parameters cell): "abc" is not a number');
    expect(err("seed", "")).toMatch(/"" is not a number$/);
    expect(err("seed", "true")).toMatch(/"true" is not a number$/);
    expect(parseParamValue("7", d("seed"))).toBe(7);
    expect(parseParamValue("-1.5e3", d("seed"))).toBe(-1500);
    // unannotated: the kind comes from the default literal
    expect(err("seeds", "three")).toBe('parameter seeds is a number (from its default 2 in the parameters cell): "three" is not a number');
    expect(parseParamValue("3", d("seeds"))).toBe(3);
  });
  it("booleans: true or false only", () => {
    expect(err("retrain", "yes")).toBe('parameter retrain is a boolean (declared in the parameters cell): "yes" is not true or false');
    expect(err("retrain", "1")).toMatch(/"1" is not true or false$/);
    expect(parseParamValue("true", d("retrain"))).toBe(true);
    expect(parseParamValue("false", d("retrain"))).toBe(false);
  });
  it("string-literal unions: only their members (also through a type alias of the cell)", () => {
    expect(err("tier", "big")).toBe(
      'parameter tier is "smoke" | "small" | "paper" (declared in the parameters cell): "big" is not one of "smoke", "small", "paper"',
    );
    expect(parseParamValue("smoke", d("tier"))).toBe("smoke");
    expect(parseParamValue('"paper"', d("tier"))).toBe("paper");
    expect(d("level").aliasOf).toBe('"smoke" | "small" | "paper"');
    expect(err("level", "Small")).toMatch(/^parameter level is "smoke" \| "small" \| "paper" .*"Small" is not one of/);
    expect(parseParamValue("paper", d("level"))).toBe("paper");
  });
  it("plain strings take any text, kept as text", () => {
    expect(parseParamValue("42", d("label"))).toBe("42");
    expect(parseParamValue("true", d("label"))).toBe("true");
    expect(parseParamValue('"quoted"', d("label"))).toBe("quoted");
    expect(parseParamValue("anything at all", d("note"))).toBe("anything at all");
  });
  it("other types pass as JSON (the kernel type-checks them)", () => {
    expect(parameterKind(d("scale"))).toEqual({ kind: "other" });
    expect(parseParamValue("[3,4]", d("scale"))).toEqual([3, 4]);
  });
});
