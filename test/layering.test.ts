/**
 * Layering of src/ (issue 11 item 5; STYLE.md "Library code importing experiments, bench or the
 * notebook runner" is what to move away from). Every relative import of every src/**\/*.ts file
 * is parsed with the TypeScript compiler — static `import … from` (type-only too), `export … from`,
 * `import x = require()`, dynamic `import()`, `require()` and `typeof import()` types — resolved
 * to a file and checked against the allowed directions below. A failure lists every offending
 * import as `file:line → target (rule)`.
 *
 * The layers (an area may import itself and what its row names):
 *   library     core < backend < {mdp, ot, data, envs, analysis} < metrics (mdp, ot),
 *               agents (envs, data) < pruning (data, agents)
 *   experiments the library and other experiments
 *   bench       the library only (a shared measurement lives in the library, used by both)
 *   notebook    the library and the experiments registry (src/experiments/registry.ts) only
 *   src/index.ts  everything
 * Nothing imports bench or notebook except src/index.ts (which does not).
 * Algorithms used by more than one layer (the PPO clipped surrogate, the compact-forward timing,
 * the env throughput measurement, tslab's display hook) are declared once, in the library.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const LIBRARY: Record<string, readonly string[]> = {
  core: [],
  backend: ["core"],
  mdp: ["core", "backend"],
  ot: ["core", "backend"],
  data: ["core", "backend"],
  envs: ["core", "backend"],
  analysis: ["core", "backend"],
  metrics: ["core", "backend", "mdp", "ot"],
  agents: ["core", "backend", "envs", "data"],
  pruning: ["core", "backend", "data", "agents"],
};
const LIBRARY_AREAS = Object.keys(LIBRARY);
const REGISTRY = "experiments/registry.ts";

/** The area of a path relative to src/: its first folder, or the file itself at the root. */
function areaOf(rel: string): string {
  return rel.split("/")[0]!;
}

/** Why `from` (relative to src/) may not import `to`, or null when it may. */
export function violation(from: string, to: string | null): string | null {
  if (to === null) return "does not resolve to a file under src/";
  const a = areaOf(from);
  const b = areaOf(to);
  if (a === "index.ts" || a === b) return null;
  if (a in LIBRARY) return LIBRARY[a]!.includes(b) ? null : `${a} may import only ${[a, ...LIBRARY[a]!].join(", ")}`;
  if (a === "experiments") return LIBRARY_AREAS.includes(b) ? null : "experiments may import the library and experiments only";
  if (a === "bench") return LIBRARY_AREAS.includes(b) ? null : "bench may import the library only";
  if (a === "notebook") {
    return LIBRARY_AREAS.includes(b) || to === REGISTRY ? null : "notebook may import the library and experiments/registry.ts only";
  }
  return `area ${a} has no layering rule; add it to test/layering.test.ts`;
}

export interface ImportSite {
  line: number;
  specifier: string;
}

/** Every module specifier in `source` (comments and strings that are not specifiers ignored). */
export function importSites(fileName: string, source: string): ImportSite[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const sites: ImportSite[] = [];
  const add = (node: ts.Node | undefined) => {
    if (node && ts.isStringLiteralLike(node)) {
      sites.push({ line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, specifier: node.text });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const dynamicImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const req = ts.isIdentifier(callee) && callee.text === "require";
      if ((dynamicImport || req) && node.arguments.length > 0) add(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return sites;
}

const SRC = path.resolve(__dirname, "..", "src");

/** The src/-relative file a relative specifier names (`./x.js` → x.ts, `./dir` → dir/index.ts), or null. */
function resolve(fromAbs: string, specifier: string): string | null {
  const base = path.resolve(path.dirname(fromAbs), specifier);
  const candidates = [base, base.replace(/\.js$/, ".ts"), `${base}.ts`, path.join(base, "index.ts")];
  for (const c of candidates) {
    if (c.endsWith(".ts") && fs.existsSync(c) && fs.statSync(c).isFile()) {
      const rel = path.relative(SRC, c);
      return rel.startsWith("..") ? null : rel.split(path.sep).join("/");
    }
  }
  return null;
}

function srcFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return srcFiles(p);
    return e.name.endsWith(".ts") ? [p] : [];
  });
}

describe("layering of src/", () => {
  it("finds every import form, and no specifier inside comments or strings", () => {
    const src = [
      'import { a } from "./a.js";',
      'import type { B } from "../b.js";',
      'export * from "./c.js";',
      'export { d } from "./d.js";',
      'import e = require("./e");',
      'const f = await import("./f.js");',
      'const g = require("./g.js");',
      'type H = typeof import("./h.js");',
      '// import { no } from "./comment.js"; require("./comment2.js")',
      'const s = "require(\\"./string.js\\")";',
      'import "./side-effect.js";',
    ].join("\n");
    expect(importSites("x.ts", src)).toEqual([
      { line: 1, specifier: "./a.js" },
      { line: 2, specifier: "../b.js" },
      { line: 3, specifier: "./c.js" },
      { line: 4, specifier: "./d.js" },
      { line: 5, specifier: "./e" },
      { line: 6, specifier: "./f.js" },
      { line: 7, specifier: "./g.js" },
      { line: 8, specifier: "./h.js" },
      { line: 11, specifier: "./side-effect.js" },
    ]);
  });

  it("the rules reject each wrong direction", () => {
    expect(violation("core/rng.ts", "backend/index.ts")).toMatch(/core may import only core/);
    expect(violation("analysis/figures/display.ts", "notebook/display.ts")).toMatch(/analysis may import only/);
    expect(violation("pruning/agent.ts", "experiments/drl-thesis/ch2-background/ppo-clip.ts")).not.toBeNull();
    expect(violation("bench/pruning.ts", "experiments/drl-thesis/ch6-pruning/run.ts")).toMatch(/bench may import the library only/);
    expect(violation("experiments/drl-thesis/envs/throughput.ts", "bench/envs.ts")).toMatch(/experiments may import/);
    expect(violation("experiments/registry.ts", "notebook/cli.ts")).not.toBeNull();
    expect(violation("notebook/cli.ts", "experiments/sac-ae/index.ts")).not.toBeNull();
    expect(violation("metrics/checks.ts", "mdp/create.ts")).toBeNull();
    expect(violation("notebook/cli.ts", "experiments/registry.ts")).toBeNull();
    expect(violation("experiments/agent-study/run.ts", "agents/index.ts")).toBeNull();
    expect(violation("index.ts", "experiments/registry.ts")).toBeNull();
    expect(violation("core/rng.ts", null)).not.toBeNull();
  });

  it("every relative import in src/ goes in an allowed direction", () => {
    const offending: string[] = [];
    let checked = 0;
    for (const file of srcFiles(SRC)) {
      const from = path.relative(SRC, file).split(path.sep).join("/");
      for (const site of importSites(file, fs.readFileSync(file, "utf8"))) {
        if (!site.specifier.startsWith(".")) continue;
        checked++;
        const to = resolve(file, site.specifier);
        const why = violation(from, to);
        if (why !== null) offending.push(`src/${from}:${site.line} → ${to === null ? site.specifier : `src/${to}`} (${why})`);
      }
    }
    expect(checked).toBeGreaterThan(500);
    if (offending.length > 0) {
      throw new Error(`${offending.length} import(s) against the layering of src/:\n  ${offending.join("\n  ")}`);
    }
  });

  it("shared algorithms are declared once, in the library, and the PPO clip is not re-derived", () => {
    const shared = ["ppoClipObjective", "ppoClipObjectiveTf", "minMs", "timeCompact", "benchEnvs", "tslabDisplayHook"];
    const declared = new Map<string, string[]>(shared.map((n) => [n, []]));
    // clip(r, 1 − ε, 1 + ε) written out: the surrogate's signature expression.
    const clipRatio = /clipByValue\([^,()]+,\s*1\s*-\s*[^,]+,\s*1\s*\+/;
    const copies: string[] = [];
    for (const file of srcFiles(SRC)) {
      const rel = path.relative(SRC, file).split(path.sep).join("/");
      const text = fs.readFileSync(file, "utf8");
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
      sf.forEachChild((node) => {
        if (ts.isFunctionDeclaration(node) && node.name && declared.has(node.name.text)) declared.get(node.name.text)!.push(rel);
      });
      if (rel !== "agents/ppo-clip.ts") {
        text.split("\n").forEach((l, i) => {
          if (clipRatio.test(l)) copies.push(`src/${rel}:${i + 1}`);
        });
      }
    }
    const wrong = [...declared].filter(([, files]) => files.length !== 1 || !(areaOf(files[0]!) in LIBRARY));
    expect(wrong.map(([name, files]) => `${name} declared in [${files.join(", ")}]`)).toEqual([]);
    expect(copies, "PPO clip written out again; use ppoClipObjectiveTf of src/agents/ppo-clip.ts").toEqual([]);
  });
});
