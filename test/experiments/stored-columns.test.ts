/**
 * Every stored run of every chapter, at every tier the chapter has, reads back with the columns
 * its plan declares (experiments/load-or-compute.ts `readRunTables`, analysis/results/typed.ts
 * `tableRows`): no stored table has a column its plan does not declare or lacks one it does, and
 * no stored run is stale. A chapter whose tier is not complete (so it refuses to load) is checked
 * run by run here all the same, so a schema slip surfaces the day the run is stored, not the day
 * the tier is complete (the case found: AMBS ablation runs stored with a "c" column their method
 * did not declare).
 */
import { describe, expect, it } from "vitest";
import { tableRows } from "../../src/analysis/results/typed.js";
import { resultsRoot } from "../../src/core/paths.js";
import { readRunTables } from "../../src/experiments/load-or-compute.js";
import { CHAPTERS } from "../../src/experiments/registry.js";

describe("stored runs read back with their plans' columns", () => {
  const defined = CHAPTERS.filter((c) => c.definition !== undefined);
  it.each(defined.map((c) => [c.id, c] as const))("%s", async (_id, chapter) => {
    const def = await chapter.definition!();
    let checked = 0;
    const problems: string[] = [];
    for (const tier of chapter.tiers.filter((t) => t === "small" || t === "medium")) {
      for (const run of def.runs({ tier, seed: 0 })) {
        let stored;
        try {
          stored = readRunTables(run, def.id, resultsRoot(), tier);
        } catch (err) {
          problems.push(`${tier} ${run.label}: ${(err as Error).message}`);
          continue;
        }
        if (stored === undefined) continue;
        for (const table of run.tables) {
          const s = stored.find((x) => x.experiment === table.experiment && x.method === table.method);
          if (s === undefined) continue;
          try {
            tableRows(s, table);
            checked++;
          } catch (err) {
            problems.push(`${tier} ${run.label} ${table.experiment}/${table.method}: ${(err as Error).message}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked, "every defined chapter has stored runs").toBeGreaterThan(0);
  }, 120_000);
});
