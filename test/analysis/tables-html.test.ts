/** Tables as notebook display bundles: an HTML table (verdicts coloured and marked), Markdown, plain text. */
import { describe, expect, it } from "vitest";
import { cellTone, claimsFrame, tableBundle, toFrame, toHtml, type ClaimRow } from "../../src/analysis/tables/index.js";

const claims: ClaimRow[] = [
  { claim: "A beats B <by far>", source: "§1", whatWeRan: "small tier", ourNumbers: "P = 0.9 [0.8, 1.0]", verdict: "reproduced" },
  { claim: "C beats D", source: "§2", whatWeRan: "small tier", ourNumbers: "P = 0.2", verdict: "not reproduced", why: "D is better" },
  { claim: "E learns", source: "§3", whatWeRan: "small tier", ourNumbers: "—", verdict: "inconclusive", why: "did not learn" },
  { claim: "F at scale", source: "§4", whatWeRan: "—", ourNumbers: "—", verdict: "not reproducible here", why: "needs a GPU" },
];

describe("table display bundles", () => {
  it("the claims table: one header row of 6 columns, one row per claim, each verdict marked", () => {
    const html = toHtml(claimsFrame(claims), {}, "Claims");
    expect(html.match(/<tr>/g)).toHaveLength(1 + claims.length);
    expect(html.match(/<th /g)).toHaveLength(6);
    expect(html.match(/<td /g)).toHaveLength(6 * claims.length);
    expect(html).toContain("<caption");
    expect(html).toContain("A beats B &lt;by far&gt;");
    expect([...html.matchAll(/class="verdict verdict-(\w+)"[^>]*>([^<]*)</g)].map((m) => [m[1], m[2]])).toEqual([
      ["good", "✓ reproduced"],
      ["bad", "✗ not reproduced"],
      ["unsure", "? inconclusive"],
      ["none", "– not reproducible here"],
    ]);
  });

  it("numbers right-aligned, yes/no in a passed column marked, other text left alone", () => {
    const html = toHtml(toFrame([{ check: "T1", statistic: 1.5e-10, passed: "yes" }, { check: "T2", statistic: 0.25, passed: "no" }]), { significant: { statistic: 2 } });
    expect(html).toMatch(/text-align:right;white-space:nowrap">0.25</);
    expect(html).toMatch(/verdict-good[^>]*>✓ yes</);
    expect(html).toMatch(/verdict-bad[^>]*>✗ no</);
    expect(cellTone("check", "yes")).toBeUndefined();
    expect(cellTone("Verdict", "reproduced")).toBe("good");
  });

  it("bundles HTML, Markdown and a plain-text fallback of the same cells", () => {
    const b = tableBundle(toFrame([{ method: "SAC", score: 1.25 }]), {}, "Scores");
    expect(Object.keys(b).sort()).toEqual(["text/html", "text/markdown", "text/plain"]);
    expect(b["text/markdown"]).toBe("**Scores**\n\n| method | score |\n| ------ | ----: |\n| SAC    |  1.25 |\n");
    expect(b["text/plain"]).toBe("Scores\n\n| method | score |\n| ------ | ----: |\n| SAC    |  1.25 |\n");
    expect(b["text/html"]).toContain(">1.25</td>");
  });
});
