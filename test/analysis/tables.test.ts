import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataFrame } from "danfojs-node";
import { writeRun } from "../../src/analysis/results/index.js";
import { readRuns } from "../../src/analysis/results/index.js";
import type { AggregateRow } from "../../src/analysis/stats/index.js";
import {
  aggregateTable,
  claimsFrame,
  claimsMarkdown,
  escapeLatex,
  escapeMarkdownCell,
  exportClaims,
  exportTable,
  formatFixed,
  formatInterval,
  formatPlusMinus,
  runsFrame,
  toCsv,
  toFrame,
  toLatex,
  toMarkdown,
  type ClaimRow,
  type TableFormat,
} from "../../src/analysis/tables/index.js";

const tmpRoots: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "reprorl-tables-"));
  tmpRoots.push(d);
  return d;
}
afterAll(() => {
  for (const d of tmpRoots) fs.rmSync(d, { recursive: true, force: true });
});

describe("cell formatting and escaping", () => {
  it("fixed decimals, intervals and ±", () => {
    expect(formatFixed(0.5149, 2)).toBe("0.51");
    expect(formatFixed(0.515625, 3)).toBe("0.516"); // exactly representable, rounds half up
    expect(formatFixed(-0.001, 2)).toBe("0.00"); // no "-0.00"
    expect(formatFixed(-0, 1)).toBe("0.0");
    expect(formatFixed(-1.25, 1)).toBe("-1.3");
    expect(formatFixed(Number.NaN, 2)).toBe("—");
    expect(formatFixed(42, 0)).toBe("42");
    expect(formatInterval(0.5, 0.25, 0.75, 2)).toBe("0.50 [0.25, 0.75]");
    expect(formatPlusMinus(812.4, 31.25, 1)).toBe("812.4 ± 31.3");
    expect(() => formatFixed(1, -1)).toThrow(/decimals must be an integer/);
  });

  it("escapes all LaTeX specials in one pass", () => {
    expect(escapeLatex("50% of a_b & {c} $5 #1 ^ ~ \\x")).toBe(
      "50\\% of a\\_b \\& \\{c\\} \\$5 \\#1 \\textasciicircum{} \\textasciitilde{} \\textbackslash{}x",
    );
    expect(escapeLatex("γ = 0.99 ± 0.01, 1–2 × faster — ok")).toBe(
      "$\\gamma$ = 0.99 $\\pm$ 0.01, 1--2 $\\times$ faster --- ok",
    );
    expect(escapeLatex("a<b|c>d\nnext")).toBe("a\\textless{}b\\textbar{}c\\textgreater{}d next");
  });

  it("escapes Markdown pipes and line breaks", () => {
    expect(escapeMarkdownCell("a|b\nc")).toBe("a\\|b c");
  });
});

const rows = [
  { method: "SAC", iqm: 0.5149, iqm_lo: 0.4, iqm_hi: 0.63, mean: -0.25, sd: 0.125, seeds: 5 },
  { method: "a|b_c", iqm: 1, iqm_lo: 0.9951, iqm_hi: 1, mean: 2, sd: 0, seeds: 10 },
];
const fmt: TableFormat = {
  intervals: [{ column: "IQM", point: "iqm", lo: "iqm_lo", hi: "iqm_hi" }],
  plusMinus: [{ column: "Return", mean: "mean", pm: "sd" }],
  decimals: { Return: 3 },
};

describe("DataFrame export", () => {
  const df = toFrame(rows);

  it("is a danfojs DataFrame with the row objects' columns", () => {
    expect(df).toBeInstanceOf(DataFrame);
    expect(df.columns).toEqual(["method", "iqm", "iqm_lo", "iqm_hi", "mean", "sd", "seeds"]);
    expect(df.shape).toEqual([2, 7]);
  });

  it("Markdown: merged interval and ± columns, fixed decimals, integers as integers, right-aligned numbers", () => {
    expect(toMarkdown(df, fmt)).toBe(
      [
        "| method |               IQM |         Return | seeds |",
        "| ------ | ----------------: | -------------: | ----: |",
        "| SAC    | 0.51 [0.40, 0.63] | -0.250 ± 0.125 |     5 |",
        "| a\\|b_c | 1.00 [1.00, 1.00] |  2.000 ± 0.000 |    10 |",
        "",
      ].join("\n"),
    );
  });

  it("LaTeX: booktabs, escaped text, math minus and ±", () => {
    expect(toLatex(df, fmt)).toBe(
      [
        "\\begin{tabular}{lrrr}",
        "\\toprule",
        "method & IQM & Return & seeds \\\\",
        "\\midrule",
        "SAC & 0.51 [0.40, 0.63] & $-$0.250 $\\pm$ 0.125 & 5 \\\\",
        "a\\textbar{}b\\_c & 1.00 [1.00, 1.00] & 2.000 $\\pm$ 0.000 & 10 \\\\",
        "\\bottomrule",
        "\\end{tabular}",
        "",
      ].join("\n"),
    );
    const wrapped = toLatex(df, { ...fmt, caption: "IQM of γ-discounted return (95% CI)", label: "tab:iqm" });
    expect(wrapped.split("\n").slice(0, 5)).toEqual([
      "\\begin{table}[t]",
      "\\centering",
      "\\caption{IQM of $\\gamma$-discounted return (95\\% CI)}",
      "\\label{tab:iqm}",
      "\\begin{tabular}{lrrr}",
    ]);
    expect(wrapped.trimEnd().endsWith("\\end{tabular}\n\\end{table}")).toBe(true);
  });

  it("CSV keeps raw values and every column", () => {
    expect(toCsv(df)).toBe(
      "method,iqm,iqm_lo,iqm_hi,mean,sd,seeds\nSAC,0.5149,0.4,0.63,-0.25,0.125,5\na|b_c,1,0.9951,1,2,0,10\n",
    );
  });

  it("missing values print as empty cells; CSV quotes commas", () => {
    const d = toFrame([
      { name: "x, y", v: 1.5 },
      { name: "z", v: null },
    ]);
    // column v is 4 wide ("1.50"), so the empty cell is 4 spaces between the padding spaces
    expect(toMarkdown(d).split("\n")[2]).toBe("| x, y | 1.50 |");
    expect(toMarkdown(d).split("\n")[3]).toBe("| z    |      |");
    expect(toCsv(d)).toBe('name,v\n"x, y",1.5\nz,\n');
    // a lone missing value is quoted so the line is not blank (pandas would skip a blank line)
    expect(toCsv(toFrame([{ a: "x" }, { a: null }]))).toBe('a\nx\n""\n');
  });

  it("names a missing column in one line", () => {
    expect(() => toMarkdown(df, { intervals: [{ column: "X", point: "iqm", lo: "nope", hi: "iqm_hi" }] })).toThrow(
      /intervals names column "nope", which the table lacks/,
    );
  });

  it("exportTable writes figures/<chapter>/tables/<name>.{csv,md,tex} atomically", () => {
    const root = tmp();
    const out = exportTable(df, { root, chapter: "drl-thesis/ch4-ambs", name: "dmc-iqm", ...fmt });
    const dir = path.join(root, "drl-thesis", "ch4-ambs", "tables");
    expect(out.csv).toBe(path.join(dir, "dmc-iqm.csv"));
    expect(fs.readdirSync(dir).sort()).toEqual(["dmc-iqm.csv", "dmc-iqm.md", "dmc-iqm.tex"]);
    expect(fs.readFileSync(out.csv, "utf8")).toBe(toCsv(df));
    expect(fs.readFileSync(out.md, "utf8")).toBe(toMarkdown(df, fmt));
    expect(fs.readFileSync(out.tex, "utf8")).toBe(toLatex(df, fmt));
    expect(out.markdown).toBe(toMarkdown(df, fmt));
    expect(() => exportTable(df, { root, chapter: "x", name: "../up" })).toThrow(/table name "\.\.\/up" is not valid/);
  });
});

describe("claims tables", () => {
  const claims: ClaimRow[] = [
    {
      claim: "RAP beats MICo under distractors",
      source: "§5.4, Table 5.2",
      whatWeRan: "small tier, 5 seeds, 32×32 pixels",
      ourNumbers: "IQM 0.61 [0.52, 0.70] vs 0.48 [0.40, 0.57]",
      verdict: "reproduced",
    },
    {
      claim: "Kinetics backgrounds hurt DBC",
      source: "Fig. 4.3",
      whatWeRan: "—",
      ourNumbers: "—",
      verdict: "not reproducible here",
      why: "no Kinetics videos offline; procedural video substitute reported separately",
    },
  ];

  it("builds a DataFrame with the six claim columns", () => {
    const df = claimsFrame(claims);
    expect(df.columns).toEqual(["Claim", "Source", "What we ran", "Our numbers", "Verdict", "Why"]);
    expect(df.values[1]).toEqual([
      "Kinetics backgrounds hurt DBC",
      "Fig. 4.3",
      "—",
      "—",
      "not reproducible here",
      "no Kinetics videos offline; procedural video substitute reported separately",
    ]);
  });

  it("renders Markdown for the notebook", () => {
    const md = claimsMarkdown(claims).split("\n");
    expect(md[0]).toMatch(/^\| Claim +\| Source +\| What we ran +\| Our numbers +\| Verdict +\| Why +\|$/);
    expect(md[2]).toContain("| reproduced ");
    expect(md[3]).toContain("| not reproducible here | no Kinetics videos offline;");
    expect(md.length).toBe(5); // header, rule, 2 rows, trailing ""
  });

  it("validates verdicts and required fields with one-line errors", () => {
    const bad = (patch: Partial<ClaimRow>) => () => claimsFrame([claims[0]!, { ...claims[0]!, ...patch }]);
    expect(bad({ verdict: "partly" as ClaimRow["verdict"] })).toThrow(
      'claims[1].verdict is "partly"; use one of "reproduced", "not reproduced", "inconclusive", "not reproducible here"',
    );
    expect(bad({ source: "" })).toThrow(/claims\[1\]\.source must be a non-empty string/);
    expect(bad({ verdict: "not reproducible here" })).toThrow(/claims\[1\] is "not reproducible here" but gives no why/);
    expect(bad({ verdict: "inconclusive", why: "" })).toThrow(/claims\[1\] is "inconclusive" but gives no why; give the measured reason/);
    expect(() => claimsFrame([])).toThrow(/at least one claim/);
  });

  it("exports claims.{csv,md,tex}", () => {
    const root = tmp();
    const out = exportClaims(claims, { root, chapter: "sac-ae" });
    expect(out.tex).toBe(path.join(root, "sac-ae", "tables", "claims.tex"));
    const tex = fs.readFileSync(out.tex, "utf8");
    expect(tex).toContain("\\begin{tabular}{llllll}");
    expect(tex).toContain("32$\\times$32 pixels");
    expect(tex).toContain("--- & --- & not reproducible here");
  });
});

describe("summaries", () => {
  it("aggregateTable merges each metric's interval into one display column", () => {
    const agg: AggregateRow[] = [
      { method: "rap", metric: "iqm", point: 0.625, lo: 0.5, hi: 0.75, runs: 5, tasks: 3 },
      { method: "rap", metric: "optimalityGap", point: 0.25, lo: 0.125, hi: 0.375, runs: 5, tasks: 3 },
      { method: "mico", metric: "iqm", point: 0.5, lo: 0.375, hi: 0.625, runs: 5, tasks: 3 },
      { method: "mico", metric: "optimalityGap", point: 0.375, lo: 0.25, hi: 0.5, runs: 5, tasks: 3 },
    ];
    const { frame, format } = aggregateTable(agg, { decimals: 3 });
    expect(frame.columns).toEqual(["method", "runs", "tasks", "iqm", "iqm_lo", "iqm_hi", "optimalityGap", "optimalityGap_lo", "optimalityGap_hi"]);
    const md = toMarkdown(frame, format).split("\n");
    expect(md[0]).toBe("| method | runs | tasks |" + " ".repeat(18) + "IQM |" + " ".repeat(7) + "Optimality gap |");
    expect(md[2]).toBe("| rap    |    5 |     3 | 0.625 [0.500, 0.750] | 0.250 [0.125, 0.375] |");
    expect(md[3]).toBe("| mico   |    5 |     3 | 0.500 [0.375, 0.625] | 0.375 [0.250, 0.500] |");
  });

  it("runsFrame lists stored runs in long form", () => {
    const root = tmp();
    const meta = { config: {}, tier: "smoke" as const, backend: { name: "cpu" }, wallTimeSec: 1 };
    writeRun({ root, chapter: "slides/acer", experiment: "e", method: "acer", seed: 0, rows: [{ step: 1, ret: 2 }], meta });
    writeRun({ root, chapter: "slides/acer", experiment: "e", method: "acer", seed: 1, rows: [{ step: 1, ret: 3 }, { step: 2, ret: 4 }], meta });
    const df = runsFrame(readRuns({ root, chapter: "slides/acer" }));
    expect(df.columns).toEqual(["experiment", "method", "seed", "step", "ret"]);
    expect(df.values).toEqual([
      ["e", "acer", 0, 1, 2],
      ["e", "acer", 1, 1, 3],
      ["e", "acer", 1, 2, 4],
    ]);
  });
});

describe("significant-digit columns", () => {
  it("prints small and large values in scientific notation, mid-range with n significant digits", async () => {
    const { formatSignificant } = await import("../../src/analysis/tables/format.js");
    expect(formatSignificant(9.87e-11, 2)).toBe("9.9e-11");
    expect(formatSignificant(0.02734, 2)).toBe("0.027");
    expect(formatSignificant(2.607, 3)).toBe("2.61");
    expect(formatSignificant(123456, 3)).toBe("1.23e+5");
    expect(formatSignificant(0, 3)).toBe("0");
    expect(() => formatSignificant(1, 0)).toThrow(/significant digits/);
  });
  it("applies per column in Markdown while CSV keeps full precision", async () => {
    const { toFrame, toMarkdown, toCsv } = await import("../../src/analysis/tables/table.js");
    const df = toFrame([{ id: "T1", err: 9.87e-11 }, { id: "T4", err: 0.02734 }]);
    const md = toMarkdown(df, { significant: { err: 2 } });
    expect(md).toContain("9.9e-11");
    expect(md).toContain("0.027");
    expect(toCsv(df)).toContain("9.87e-11");
  });
});
