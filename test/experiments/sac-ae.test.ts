import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend/index.js";
import { validateClaims } from "../../src/analysis/tables/claims.js";
import { loadOrCompute } from "../../src/experiments/load-or-compute.js";
import { checkpointRootFor, readSessions } from "../../src/experiments/agent-study/index.js";
import { sacAeChapter, sacAeClaimRows, sacAeFigures, summarizeMethods, summaryTable, tierExperiments, type SacAeData } from "../../src/experiments/sac-ae/index.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "reprorl-sac-ae-"));
const root = path.join(tmp, "data", "results");
let data: SacAeData;

beforeAll(async () => {
  await initBackend({ quiet: true });
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("sac-ae smoke tier", () => {
  it("computes every method (in process), stores, reloads, and losses are finite; reconstruction losses fall", async () => {
    const first = await loadOrCompute(sacAeChapter, { tier: "smoke", root, workers: 0 });
    const exp = tierExperiments("smoke")[0]!;
    expect(first.computed.length).toBe(exp.methods.length);
    const curves = first.data.curves;
    expect(curves.length).toBe(exp.methods.length);
    for (const c of curves) {
      const last = c.rows.at(-1)!;
      expect(last["envSteps"]).toBe(exp.envSteps);
      if (c.method === "random") {
        // the random-policy anchor learns nothing: no losses, no updates, finite returns
        expect(c.rows.every((r) => r["updates"] === 0 && Number.isNaN(r["criticLoss"]!) && Number.isFinite(r["return_train"]!))).toBe(true);
        continue;
      }
      expect(c.rows.slice(1).every((r) => Number.isFinite(r["criticLoss"]!) || c.method.startsWith("vae-alt"))).toBe(true);
      if (c.method === "sac-ae" || c.method.startsWith("vae")) {
        const aux = c.rows.map((r) => r["auxLoss"]!).filter(Number.isFinite);
        expect(aux.length).toBeGreaterThan(1);
        expect(aux.at(-1)!).toBeLessThan(aux[0]!);
      }
    }
    // checkpoints live beside this store and are deleted once a run is stored
    expect(checkpointRootFor(root, "sac-ae", "smoke").startsWith(tmp)).toBe(true);
    expect(fs.existsSync(path.join(checkpointRootFor(root, "sac-ae", "smoke"), exp.name, "sac-ae", "seed-0"))).toBe(false);
    // the session is on file
    expect(readSessions(root, "sac-ae", "smoke").map((s) => s.computed)).toEqual([exp.methods.length]);
    // a second call loads everything that is stored
    const again = await loadOrCompute(sacAeChapter, { tier: "smoke", root, workers: 0 });
    expect(again.computed).toEqual([]);
    expect(again.reused).toBe(exp.methods.length);
    data = again.data;
  }, 300_000);

  it("rebuilds the summary table, figures and a valid claims table from the store alone", () => {
    const exp = tierExperiments("smoke")[0]!;
    const summaries = summarizeMethods(data.curves, exp.name, exp.methods.map((m) => m.name));
    expect(summaries.map((s) => s.method)).toEqual(exp.methods.map((m) => m.name));
    const table = summaryTable(summaries);
    expect(table[0]!["seeds"]).toBe(1);
    const figs = sacAeFigures({ curves: data.curves, summaries, experiment: exp.name, title: exp.title });
    expect(Object.keys(figs)).toEqual(expect.arrayContaining(["learning-curves", "final-scores", "critic-loss", "reconstruction-loss"]));
    const claims = sacAeClaimRows({ summaries, whatWeRan: "smoke", plannedSeeds: 1 });
    expect(() => validateClaims(claims)).not.toThrow();
    expect(claims.length).toBeGreaterThanOrEqual(6);
    expect(sacAeChapter.claims(data)).toEqual(sacAeClaimRows({ summaries: data.summaries, seed: 0, plannedSeeds: 1, whatWeRan: `smoke tier: ${exp.title}, ${exp.envSteps} env steps, final = mean of last 3 evals` }));
  });
});
