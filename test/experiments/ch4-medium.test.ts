/**
 * drl-thesis/ch4-ambs's medium tier beside the small tier's store: the finite-MDP diagnostics are
 * the small tier's (stored once, tier "small"), so the medium tier must not plan them — planning
 * them made `reprorl figures drl-thesis/ch4-ambs --tier medium` stop at the small-tier file.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resultsRoot } from "../../src/core/paths.js";
import { ch4Chapter } from "../../src/experiments/drl-thesis/ch4-ambs/chapter.js";
import { loadOrCompute } from "../../src/experiments/load-or-compute.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "reprorl-ch4-medium-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("drl-thesis/ch4-ambs medium tier", () => {
  it("plans the RL runs only (video32-100k and vector16-80k), no finite-MDP run", () => {
    const experiments = new Set(ch4Chapter.runs({ tier: "medium", seed: 0 }).map((r) => r.tables[0]!.experiment));
    expect(experiments).toEqual(new Set(["video32-100k", "vector16-80k"]));
    expect(new Set(ch4Chapter.runs({ tier: "small", seed: 0 }).map((r) => r.tables[0]!.experiment))).toContain("finite-mdp");
  });

  it("builds from the pieces stored so far in a store that also holds the small tier's runs", async () => {
    const root = path.join(tmp, "data", "results");
    fs.cpSync(path.join(resultsRoot(), "drl-thesis", "ch4-ambs"), path.join(root, "drl-thesis", "ch4-ambs"), { recursive: true });
    const loaded = await loadOrCompute(ch4Chapter, { tier: "medium", figuresOnly: true, root });
    expect(loaded.stored.every((r) => r.meta.tier === "medium")).toBe(true);
    expect(ch4Chapter.claims(loaded.data).some((r) => /finite MDP/.test(r.claim))).toBe(false);
  });
});
