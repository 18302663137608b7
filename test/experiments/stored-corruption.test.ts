/**
 * A stored run that cannot be read is an error, never "missing": nothing is recomputed or
 * overwritten. Each case corrupts one file in a temp copy of the committed results and checks
 * that (a) load-or-compute — and the notebook's `chapters.load` — stops with a one-line
 * ReproError naming the file and what to do, (b) that file is byte for byte untouched, and
 * (c) nothing else in the store was written. Only "neither file of the run exists" computes.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isReproError } from "../../src/core/errors.js";
import { resultsRoot } from "../../src/core/paths.js";
import * as chapters from "../../src/experiments/chapters.js";
import type { ChapterDefinition } from "../../src/experiments/contract.js";
import { configMismatch, loadOrCompute } from "../../src/experiments/load-or-compute.js";
import { ch2Chapter } from "../../src/experiments/drl-thesis/ch2-background/chapter.js";
import { sacAeChapter } from "../../src/experiments/sac-ae/chapter.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "reprorl-corrupt-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;

/** A fresh temp results root holding a copy of one chapter's committed results. */
function copyOf(chapter: string): string {
  const root = path.join(tmp, `case-${n++}`, "data", "results");
  fs.cpSync(path.join(resultsRoot(), ...chapter.split("/")), path.join(root, ...chapter.split("/")), { recursive: true });
  return root;
}

/** Every file below the case folder (the store and anything beside it, e.g. checkpoints) with its hash. */
function snapshot(root: string): Record<string, string> {
  const base = path.dirname(path.dirname(root));
  const out: Record<string, string> = {};
  for (const d of fs.readdirSync(base, { recursive: true, withFileTypes: true })) {
    if (!d.isFile()) continue;
    const p = path.join(d.parentPath, d.name);
    out[path.relative(base, p)] = createHash("sha256").update(fs.readFileSync(p)).digest("hex");
  }
  return out;
}

/** The chapter with compute replaced by a recorder: a recompute attempt fails fast instead of training for minutes. */
function recording<D>(def: ChapterDefinition<D>): { def: ChapterDefinition<D>; computed: string[] } {
  const computed: string[] = [];
  const fail = (labels: string[]) => {
    computed.push(...labels);
    throw new Error(`recompute attempted: ${labels.join(", ")}`);
  };
  return {
    computed,
    def: { ...def, computeRun: async (run) => fail([run.label]), computeRuns: async (runs) => fail(runs.map((r) => r.label)) },
  };
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected an error, none was thrown");
}

function expectOneLineNaming(err: Error, file: string): void {
  expect(isReproError(err), err.message).toBe(true);
  expect(err.message).not.toContain("\n");
  expect(err.message).toContain(file);
  expect(err.message).toMatch(/git checkout -- .*or delete the run's seed-<k>\.csv and seed-<k>\.json to recompute it/);
}

describe("a corrupt stored sac-ae run is not retrained over (the data-loss case)", () => {
  it("a CSV cut short: one-line error, file untouched, nothing trained or written", async () => {
    const root = copyOf("sac-ae");
    const file = path.join(root, "sac-ae", "pixels32", "sac-ae", "seed-3.csv");
    const text = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, text.slice(0, Math.floor(text.length * 0.6)));
    const before = snapshot(root);
    const { def, computed } = recording(sacAeChapter);
    const err = await rejection(loadOrCompute(def, { tier: "small", root, workers: 0 }));
    expectOneLineNaming(err, file);
    expect(computed).toEqual([]);
    expect(snapshot(root)).toEqual(before);
  });
});

describe("ch2-background through the notebook path (chapters.load)", () => {
  const key = (root: string, exp: string, method: string, ext: string) => path.join(root, "drl-thesis", "ch2-background", exp, method, `seed-0.${ext}`);
  const corruptions: [string, (root: string) => string][] = [
    ["truncated metadata JSON", (root) => {
      const f = key(root, "checks", "numeric", "json");
      fs.writeFileSync(f, fs.readFileSync(f, "utf8").slice(0, 200));
      return f;
    }],
    ["a CSV whose metadata partner is gone", (root) => {
      fs.rmSync(key(root, "monte-carlo", "rollouts", "json"));
      return key(root, "monte-carlo", "rollouts", "json"); // the error names the missing partner
    }],
    ["a number edited in a CSV (checksum mismatch)", (root) => {
      const f = key(root, "dqn-sgd", "replay", "csv");
      const lines = fs.readFileSync(f, "utf8").split("\n");
      lines[1] = lines[1]!.replace(/,([0-9.e-]+)$/, ",0.5");
      fs.writeFileSync(f, lines.join("\n"));
      return f;
    }],
    ["a CSV with a broken quote", (root) => {
      const f = key(root, "checks", "numeric", "csv");
      fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace(/\n$/, '"\n'));
      return f;
    }],
  ];
  it.each(corruptions)("%s: one-line error naming the file, nothing recomputed or written", async (_what, corrupt) => {
    const root = copyOf("drl-thesis/ch2-background");
    const file = corrupt(root);
    const bytes = fs.existsSync(file) ? fs.readFileSync(file) : null;
    const before = snapshot(root);
    const err = await rejection(chapters.load("drl-thesis/ch2-background", { tier: "small", root, figuresRoot: path.join(tmp, "figs"), log: () => {} }));
    expectOneLineNaming(err, file);
    if (bytes !== null) expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(snapshot(root)).toEqual(before);
  });

  it("a run stored for another tier is an error, not missing", async () => {
    const root = copyOf("drl-thesis/ch2-background");
    const before = snapshot(root);
    const { def, computed } = recording(ch2Chapter);
    const err = await rejection(loadOrCompute(def, { tier: "paper", root }));
    expect(err.message).toMatch(/holds a small-tier run, not paper/);
    expect(computed).toEqual([]);
    expect(snapshot(root)).toEqual(before);
  });

  it("a group whose key table is gone but whose other tables remain is partly stored: an error", async () => {
    const root = copyOf("drl-thesis/ch2-background");
    fs.rmSync(key(root, "checks", "numeric", "csv"));
    fs.rmSync(key(root, "checks", "numeric", "json"));
    const before = snapshot(root);
    const { def, computed } = recording(ch2Chapter);
    const err = await rejection(loadOrCompute(def, { tier: "small", root }));
    expect(err.message).toMatch(/run seed-0 of drl-thesis\/ch2-background is partly stored/);
    expect(computed).toEqual([]);
    expect(snapshot(root)).toEqual(before);
  });

  it("figuresOnly with nothing stored names the first missing run and computes nothing", async () => {
    const root = path.join(tmp, "empty", "data", "results");
    const { def, computed } = recording(ch2Chapter);
    const err = await rejection(loadOrCompute(def, { tier: "small", root, figuresOnly: true }));
    expect(err.message).toMatch(/^drl-thesis\/ch2-background \(small tier\): 1 of 1 runs are not stored, e\.g\. checks\/numeric\/seed-0 under .*; run without figuresOnly/);
    expect(computed).toEqual([]);
    expect(fs.existsSync(root)).toBe(false);
  });

  it("only a run whose files do not exist at all is computed (smoke tier, in this process)", async () => {
    const root = path.join(tmp, "smoke", "data", "results");
    const first = await loadOrCompute(ch2Chapter, { tier: "smoke", root });
    expect(first.computed.map((r) => r.label)).toEqual(["seed-0"]);
    const stored = snapshot(root);
    const again = await loadOrCompute(ch2Chapter, { tier: "smoke", root });
    expect(again.computed).toEqual([]);
    expect(snapshot(root)).toEqual(stored);
    expect(JSON.stringify(ch2Chapter.claims(again.data))).toBe(JSON.stringify(ch2Chapter.claims(first.data)));
  }, 120_000);
});

describe("a stored run made under another plan is stale: an error, never mixed with the new plan's runs", () => {
  /** Edit one value of a stored sac-ae run's metadata config (the JSON has no checksum; its CSV stays valid). */
  function editConfig(root: string, edit: (config: Record<string, any>) => void): string {
    const file = path.join(root, "sac-ae", "pixels32", "sac-ae", "seed-3.json");
    const meta = JSON.parse(fs.readFileSync(file, "utf8"));
    edit(meta.config);
    fs.writeFileSync(file, JSON.stringify(meta, null, 2) + "\n");
    return file;
  }
  const edits: [string, (c: Record<string, any>) => void, RegExp][] = [
    ["another budget (envSteps)", (c) => { c.envSteps = 20_000; }, /config\.envSteps = 20000, the plan now says 10000/],
    ["another eval schedule", (c) => { c.evalEpisodes = 7; }, /config\.evalEpisodes = 7, the plan now says/],
    ["another task setting", (c) => { c.env.size = 48; }, /config\.env\.size = 48, the plan now says 32/],
    ["a method hyperparameter the plan sets", (c) => { c.agent.batchSize = 7; }, /config\.agent\.batchSize = 7, the plan now says/],
  ];
  it.each(edits)("%s: one-line error naming the file, nothing recomputed or written", async (_what, edit, says) => {
    const root = copyOf("sac-ae");
    const file = editConfig(root, edit);
    const before = snapshot(root);
    const { def, computed } = recording(sacAeChapter);
    const err = await rejection(loadOrCompute(def, { tier: "small", root, workers: 0 }));
    expect(isReproError(err), err.message).toBe(true);
    expect(err.message).not.toContain("\n");
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/is stale/);
    expect(err.message).toMatch(says);
    expect(computed).toEqual([]);
    expect(snapshot(root)).toEqual(before);
  });

  it("a default the plan does not set may differ (the stored agent config holds every default): still loads", async () => {
    const root = copyOf("sac-ae");
    editConfig(root, (c) => { c.agent.someLaterDefault = 1; });
    const { def, computed } = recording(sacAeChapter);
    const loaded = await loadOrCompute(def, { tier: "small", root, workers: 0 });
    expect(loaded.missing).toEqual([]);
    expect(computed).toEqual([]);
  });

  it("configMismatch: a deep partial match that names the first differing path", () => {
    expect(configMismatch({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 2], d: 3 }, e: 4 }, "config")).toBeUndefined();
    expect(configMismatch({ b: { c: [1, 2] } }, { b: { c: [1, 2, 3] } }, "config")).toEqual({ path: "config.b.c", planned: [1, 2], stored: [1, 2, 3] });
    expect(configMismatch({ b: { c: [1, 2] } }, { b: { c: [1, 5] } }, "config")).toEqual({ path: "config.b.c[1]", planned: 2, stored: 5 });
    expect(configMismatch({ b: { c: 1 } }, { b: 1 }, "x")).toEqual({ path: "x.b", planned: { c: 1 }, stored: 1 });
    expect(configMismatch({ a: 1 }, {}, "x")).toEqual({ path: "x.a", planned: 1, stored: undefined });
    expect(configMismatch({ a: undefined }, {}, "x")).toBeUndefined();
  });
});
