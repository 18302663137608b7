import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { estimateRemaining, formatDuration, previousTimings, sourceHash, timingsPath } from "../../src/notebook/progress.js";

describe("progress", () => {
  it("formats durations", () => {
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(59.4)).toBe("59s");
    expect(formatDuration(187)).toBe("3:07");
    expect(formatDuration(3723)).toBe("1:02:03");
  });
  it("ETA sums the previous times of the remaining cells matched by source hash", () => {
    const prev = [
      { sha: sourceHash("a"), seconds: 10 },
      { sha: sourceHash("b"), seconds: 5 },
      { sha: sourceHash("c"), seconds: 1.5 },
    ];
    expect(estimateRemaining(prev, [sourceHash("b"), sourceHash("c")])).toBe(6.5);
    // an edited cell (unknown hash) contributes nothing; all unknown → no estimate
    expect(estimateRemaining(prev, [sourceHash("b"), sourceHash("new")])).toBe(5);
    expect(estimateRemaining(prev, [sourceHash("new")])).toBeUndefined();
    expect(estimateRemaining([], [sourceHash("a")])).toBeUndefined();
  });
  it("reads timings from an executed notebook's metadata, and nothing from junk", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "reprorl-prog-"));
    const good = path.join(dir, "a.ipynb");
    writeFileSync(good, JSON.stringify({ metadata: { reprorl: { cells: [{ sha: "abc", seconds: 2 }, { sha: 1 }] } } }));
    expect(previousTimings(good)).toEqual([{ sha: "abc", seconds: 2 }]);
    const bad = path.join(dir, "b.ipynb");
    writeFileSync(bad, "{not json");
    expect(previousTimings(bad)).toEqual([]);
    expect(previousTimings(path.join(dir, "missing.ipynb"))).toEqual([]);
  });
  it("reads timings from the git-ignored sidecar first, the notebook's metadata (older runs) otherwise", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "reprorl-prog-"));
    const nb = path.join(dir, "ch.small.ipynb");
    writeFileSync(nb, JSON.stringify({ metadata: { reprorl: { cells: [{ sha: "old", seconds: 1 }] } } }));
    expect(previousTimings(nb)).toEqual([{ sha: "old", seconds: 1 }]);
    expect(timingsPath(nb)).toBe(path.join(dir, ".reprorl", "ch.small.timings.json"));
    mkdirSync(path.dirname(timingsPath(nb)));
    writeFileSync(timingsPath(nb), JSON.stringify({ cells: [{ sha: "new", seconds: 3 }] }));
    expect(previousTimings(nb)).toEqual([{ sha: "new", seconds: 3 }]);
  });
});
