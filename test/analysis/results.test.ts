import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { figuresRoot, findPackageRoot, packageRoot, resultsRoot } from "../../src/core/paths.js";
import {
  formatCsv,
  gitCommit,
  hasResults,
  listStored,
  numericColumn,
  parseCsv,
  readRun,
  readRuns,
  writeRun,
  type Row,
  type RunMetaInput,
} from "../../src/analysis/results/index.js";

const REPO = path.resolve(__dirname, "../..");
const tmpRoots: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "reprorl-results-"));
  tmpRoots.push(d);
  return d;
}
afterAll(() => {
  for (const d of tmpRoots) fs.rmSync(d, { recursive: true, force: true });
});

const META: RunMetaInput = {
  config: { steps: 1000, lr: 3e-4, encoder: { filters: 32 } },
  tier: "smoke",
  backend: { name: "wasm", simd: true },
  wallTimeSec: 12.5,
};
const ROWS: Row[] = [
  { step: 0, ret: 1.5, phase: "warmup" },
  { step: 500, ret: 0.1, phase: "train, eval" },
  { step: 1000, ret: -2e-7, phase: 'say "hi"' },
];

describe("core/paths", () => {
  it("finds the package root from the source folder, not the cwd", () => {
    expect(packageRoot()).toBe(REPO);
    expect(resultsRoot()).toBe(path.join(REPO, "data", "results"));
    expect(figuresRoot()).toBe(path.join(REPO, "figures"));
  });

  it("walks up to the folder whose package.json is named reprorl", () => {
    const root = tmp();
    fs.writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "reprorl" }));
    const nested = path.join(root, "node_modules", "other", "lib");
    fs.mkdirSync(nested, { recursive: true });
    fs.writeFileSync(path.join(root, "node_modules", "other", "package.json"), JSON.stringify({ name: "other" }));
    expect(findPackageRoot(nested)).toBe(root);
    const lonely = tmp();
    expect(() => findPackageRoot(lonely)).toThrow(/could not find the reprorl package root/);
  });
});

describe("CSV (RFC 4180 quoting)", () => {
  it("round-trips commas, quotes, line breaks and empty strings", () => {
    const records = [
      ["a,b", 'x"y', "line1\nline2", ""],
      ["plain", "ü±", " spaced ", "\r\n"],
    ];
    const text = formatCsv(["h1", "h,2", "h3", "h4"], records);
    expect(text.split("\n")[0]).toBe('h1,"h,2",h3,h4');
    expect(text).toContain('"x""y"');
    expect(parseCsv(text)).toEqual([["h1", "h,2", "h3", "h4"], ...records]);
  });

  it("accepts CRLF line ends and a missing final line break", () => {
    expect(parseCsv("a,b\r\n1,2\r\n")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(parseCsv("a,b\n1,")).toEqual([
      ["a", "b"],
      ["1", ""],
    ]);
  });

  it("rejects unterminated quotes and stray quotes with a line number", () => {
    expect(() => parseCsv('a,b\n"1,2\n')).toThrow(/line 2: quoted field is never closed/);
    expect(() => parseCsv('a,b\n1,x"y\n')).toThrow(/line 2: double quote inside an unquoted field/);
    expect(() => parseCsv('a\n"x"y\n')).toThrow(/line 2: text after a closing quote/);
  });
});

describe("writeRun", () => {
  let root: string;
  beforeEach(() => {
    root = tmp();
  });

  it("writes seed-<k>.csv and seed-<k>.json under <root>/<chapter>/<experiment>/<method>", () => {
    const out = writeRun({ root, chapter: "drl-thesis/ch5-rap", experiment: "distractors", method: "rap", seed: 3, rows: ROWS, meta: META });
    const dir = path.join(root, "drl-thesis", "ch5-rap", "distractors", "rap");
    expect(out.csvPath).toBe(path.join(dir, "seed-3.csv"));
    expect(out.metaPath).toBe(path.join(dir, "seed-3.json"));
    expect(fs.readdirSync(dir).sort()).toEqual(["seed-3.csv", "seed-3.json"]); // no temp files left
    expect(fs.readFileSync(out.csvPath, "utf8")).toBe(
      'step,ret,phase\n0,1.5,warmup\n500,0.1,"train, eval"\n1000,-2e-7,"say ""hi"""\n',
    );
    const meta = JSON.parse(fs.readFileSync(out.metaPath, "utf8"));
    expect(meta.seed).toBe(3);
    expect(meta.tier).toBe("smoke");
    expect(meta.config).toEqual(META.config);
    expect(meta.backend).toEqual(META.backend);
    expect(meta.wallTimeSec).toBe(12.5);
    expect(meta.chapter).toBe("drl-thesis/ch5-rap");
    const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: REPO, encoding: "utf8" }).trim();
    expect(meta.gitCommit).toBe(head);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
    expect(meta.reprorlVersion).toBe(pkg.version);
    expect(Math.abs(Date.parse(meta.createdAt) - Date.now())).toBeLessThan(60_000);
    expect(meta.columns).toEqual([
      { name: "step", type: "number" },
      { name: "ret", type: "number" },
      { name: "phase", type: "string" },
    ]);
    expect(meta.rowCount).toBe(3);
  });

  it("git commit is 'unknown' outside a git checkout", () => {
    expect(gitCommit(tmp())).toBe("unknown");
  });

  it("round-trips through readRun with typed cells, including NaN, ±Infinity, -0 and tiny floats", () => {
    const rows: Row[] = [
      { x: 0.1, y: Number.NaN, s: "" },
      { x: 5e-324, y: Number.POSITIVE_INFINITY, s: "a\nb" },
      { x: -0, y: Number.NEGATIVE_INFINITY, s: "3" },
      { x: 1 / 3, y: 1e300, s: "x" },
    ];
    writeRun({ root, chapter: "sac-ae", experiment: "e", method: "m", seed: 0, rows, meta: { ...META, notes: { final: 0.5 } } });
    const run = readRun({ root, chapter: "sac-ae", experiment: "e", method: "m", seed: 0 });
    expect(run.columns).toEqual(["x", "y", "s"]);
    expect(run.rows).toEqual(rows);
    expect(Object.is(run.rows[2]!.x, -0)).toBe(true);
    expect(run.rows[2]!.s).toBe("3"); // strings stay strings even when they look numeric
    expect(run.meta.notes).toEqual({ final: 0.5 });
    expect(Array.from(numericColumn(run, "x"))).toEqual([0.1, 5e-324, -0, 1 / 3]);
    expect(() => numericColumn(run, "s")).toThrow(/holds strings/);
    expect(() => numericColumn(run, "nope")).toThrow(/has no column "nope"/);
  });

  it("validates everything before writing: bad input leaves no folder and no file", () => {
    const base = { root, chapter: "sac-ae", experiment: "e", method: "m", seed: 1, rows: ROWS, meta: META };
    const cases: [Partial<typeof base> & Record<string, unknown>, RegExp][] = [
      [{ rows: [] }, /rows must be a non-empty array/],
      [{ rows: [{ a: 1 }, { a: "x" }] }, /column "a" mixes numbers and strings/],
      [{ rows: [{ a: 1 }, { b: 1 }] }, /rows\[1\] has columns \[b\] but rows\[0\] has \[a\]/],
      [{ rows: [{ a: 1, b: null }] as unknown as Row[] }, /rows\[0\]\.b is null/],
      [{ meta: { ...META, tier: "huge" as "smoke" } }, /meta\.tier must be one of smoke, small, medium, paper/],
      [{ meta: { ...META, config: { lr: Number.NaN } } }, /meta\.config\.lr is NaN/],
      [{ meta: { ...META, backend: { f: () => 1 } } }, /meta\.backend\.f is a function/],
      [{ meta: { ...META, wallTimeSec: -1 } }, /wallTimeSec must be a non-negative number/],
      [{ seed: -1 }, /seed must be an integer/],
      [{ seed: 1.5 }, /seed must be an integer/],
      [{ chapter: "../escape" }, /chapter id "\.\.\/escape" is not valid/],
      [{ experiment: "a/b" }, /experiment "a\/b" is not valid/],
      [{ method: "" }, /method "" is not valid/],
    ];
    for (const [patch, re] of cases) {
      const args = { ...base, ...patch } as Parameters<typeof writeRun>[0];
      let message = "";
      try {
        writeRun(args);
      } catch (err) {
        message = (err as Error).message;
        expect((err as Error).name).toBe("ReproError");
      }
      expect(message).toMatch(re);
      expect(message).not.toContain("\n");
    }
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it("an invalid overwrite leaves the stored run untouched", () => {
    const args = { root, chapter: "sac-ae", experiment: "e", method: "m", seed: 2, rows: ROWS, meta: META };
    const { csvPath, metaPath } = writeRun(args);
    const before = [fs.readFileSync(csvPath, "utf8"), fs.readFileSync(metaPath, "utf8")];
    expect(() => writeRun({ ...args, rows: [{ a: 1 }, { a: "b" }] })).toThrow();
    expect([fs.readFileSync(csvPath, "utf8"), fs.readFileSync(metaPath, "utf8")]).toEqual(before);
    expect(() => writeRun({ ...args, overwrite: false })).toThrow(/already exists/);
    writeRun({ ...args, rows: [{ a: 7 }] }); // a valid overwrite replaces both files
    expect(readRun(args).rows).toEqual([{ a: 7 }]);
  });

  it("a failing write removes its temporary files and names the target", () => {
    const dir = path.join(root, "sac-ae", "e", "m");
    fs.mkdirSync(path.join(dir, "seed-4.csv"), { recursive: true }); // a folder where the CSV should go
    expect(() => writeRun({ root, chapter: "sac-ae", experiment: "e", method: "m", seed: 4, rows: ROWS, meta: META })).toThrow(
      `could not write ${path.join(dir, "seed-4.csv")}`,
    );
    expect(fs.readdirSync(dir)).toEqual(["seed-4.csv"]);
  });
});

describe("readers and listing", () => {
  let root: string;
  const chapter = "notes/ch10-exploration";
  function store(experiment: string, method: string, seed: number, rows: Row[] = ROWS) {
    return writeRun({ root, chapter, experiment, method, seed, rows, meta: META });
  }
  beforeEach(() => {
    root = tmp();
  });

  it("lists and reads stored runs sorted by experiment, method, seed; ignores temp and other files", () => {
    expect(listStored(chapter, { root })).toEqual([]);
    expect(hasResults(chapter, { root })).toBe(false);
    store("bandit", "ucb", 10);
    store("bandit", "ucb", 2);
    store("bandit", "eps-greedy", 0);
    store("maze", "rnd", 1);
    const dir = path.join(root, "notes", "ch10-exploration", "bandit", "ucb");
    fs.writeFileSync(path.join(dir, ".seed-5.csv.123.1.tmp"), "half");
    fs.writeFileSync(path.join(dir, "README.txt"), "notes");
    expect(listStored(chapter, { root })).toEqual([
      { experiment: "bandit", method: "eps-greedy", seeds: [0] },
      { experiment: "bandit", method: "ucb", seeds: [2, 10] },
      { experiment: "maze", method: "rnd", seeds: [1] },
    ]);
    expect(hasResults(chapter, { root })).toBe(true);
    expect(hasResults("notes/ch1-other", { root })).toBe(false);
    const all = readRuns({ root, chapter });
    expect(all.map((r) => `${r.experiment}/${r.method}/${r.seed}`)).toEqual([
      "bandit/eps-greedy/0",
      "bandit/ucb/2",
      "bandit/ucb/10",
      "maze/rnd/1",
    ]);
    expect(readRuns({ root, chapter, experiment: "bandit", method: "ucb" }).map((r) => r.seed)).toEqual([2, 10]);
    expect(readRuns({ root, chapter, method: "rnd" }).map((r) => r.experiment)).toEqual(["maze"]);
    expect(all[0]!.rows).toEqual(ROWS);
  });

  /** Store one run, corrupt it with `edit`, and expect `readRuns` to name `which` file. */
  function expectCorrupt(which: "csv" | "json", edit: (text: string) => string, re: RegExp) {
    const { csvPath, metaPath } = store("exp", "m", 1);
    const file = which === "csv" ? csvPath : metaPath;
    fs.writeFileSync(file, edit(fs.readFileSync(file, "utf8")));
    let message = "";
    try {
      readRuns({ root, chapter });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(`bad stored result ${file}:`);
    expect(message).toMatch(re);
    expect(message).not.toContain("\n");
  }

  it("truncated CSV mid-line", () => {
    expectCorrupt("csv", (t) => t.slice(0, t.indexOf("0.1") + 2), /row 2 \(line 3\) has 2 fields but the header has 3/);
  });

  it("truncated CSV at a line break", () => {
    expectCorrupt("csv", (t) => t.split("\n").slice(0, 3).join("\n") + "\n", /has 2 rows but its metadata says 3/);
  });

  it("truncated CSV inside a quoted field", () => {
    expectCorrupt("csv", (t) => t.slice(0, t.indexOf("train") + 3), /quoted field is never closed/);
  });

  it("empty CSV", () => {
    expectCorrupt("csv", () => "", /file is empty/);
  });

  it("CSV without its header", () => {
    expectCorrupt("csv", (t) => t.split("\n").slice(1).join("\n"), /header \[0, 1\.5, warmup\] is missing or differs/);
  });

  it("non-numeric cell in a numeric column", () => {
    expectCorrupt("csv", (t) => t.replace("500,", "five hundred,"), /row 2 \(line 3\) column "step" is "five hundred", not a number/);
    fs.rmSync(root, { recursive: true, force: true });
    root = tmp();
    expectCorrupt("csv", (t) => t.replace("500,", ","), /column "step" is "", not a number/);
  });

  it("edited CSV that still parses fails the checksum", () => {
    expectCorrupt("csv", (t) => t.replace("1.5", "2.5"), /does not match the checksum in seed-1\.json/);
  });

  it("metadata JSON missing keys", () => {
    expectCorrupt(
      "json",
      (t) => {
        const o = JSON.parse(t);
        delete o.seed;
        delete o.tier;
        return JSON.stringify(o);
      },
      /metadata is missing keys seed, tier/,
    );
  });

  it("metadata JSON with a key of the wrong type", () => {
    expectCorrupt("json", (t) => JSON.stringify({ ...JSON.parse(t), config: "lr=3" }), /key "config" should be a object/);
  });

  it("metadata seed that does not match the file name", () => {
    expectCorrupt("json", (t) => JSON.stringify({ ...JSON.parse(t), seed: 7 }), /metadata seed 7 does not match the file name seed-1/);
  });

  it("metadata in the wrong folder", () => {
    expectCorrupt("json", (t) => JSON.stringify({ ...JSON.parse(t), method: "other" }), /method "other" does not match its folder "m"/);
  });

  it("truncated metadata JSON", () => {
    expectCorrupt("json", (t) => t.slice(0, 40), /not valid JSON/);
  });

  it("a CSV without its JSON (and the reverse) is named", () => {
    const { csvPath, metaPath } = store("exp", "m", 1);
    fs.rmSync(metaPath);
    expect(() => listStored(chapter, { root })).toThrow(`bad stored result ${csvPath}: its metadata seed-1.json is missing`);
    store("exp", "m", 1);
    fs.rmSync(csvPath);
    expect(() => readRuns({ root, chapter })).toThrow(`bad stored result ${metaPath}: its data file seed-1.csv is missing`);
  });
});
