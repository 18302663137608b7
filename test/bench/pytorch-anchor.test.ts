/**
 * The encoder benchmark's PyTorch anchor is measured, never remembered: a Python that cannot
 * import torch gives "no PyTorch anchor" and no ratio; a Python that can is asked for timings at
 * the requested thread counts; ratios pair equal thread counts only. A fake `python` (a shell
 * script answering like encoder_step.py) stands in for torch so these run on any machine.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  equalThreadRatios,
  findTorchPython,
  poolTimings,
  pytorchScript,
  timeTorchStep,
  type TorchTiming,
} from "../../src/bench/pytorch-anchor.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reprorl-torch-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A stand-in interpreter: `-c …` prints a torch version; the script call echoes its --threads. */
function fakePython(ms: number): string {
  const file = path.join(dir, `python-${ms}`);
  fs.writeFileSync(
    file,
    `#!/bin/sh
if [ "$1" = "-c" ]; then echo 9.9.9; exit 0; fi
threads=1
while [ $# -gt 0 ]; do [ "$1" = "--threads" ] && threads=$2; shift; done
echo "some warning line"
echo '{"msMedian": ${ms}, "cpuMsMedian": ${ms}, "msAll": [${ms}], "threads": '$threads', "torch": "9.9.9", "lossFirst": 2, "lossLast": 1}'
`,
    { mode: 0o755 },
  );
  return file;
}

const timing = (msAll: number[], threads = 1): TorchTiming => ({
  msMedian: NaN, cpuMsMedian: msAll[0]!, msAll, threads, torch: "x", lossFirst: 1, lossLast: 0,
});

describe("PyTorch anchor", () => {
  it("the script the bench runs ships with the package", () => {
    expect(fs.existsSync(pytorchScript())).toBe(true);
    expect(fs.readFileSync(pytorchScript(), "utf8")).toMatch(/torch\.optim\.Adam\(enc\.parameters\(\), lr=1e-3\)/);
  });

  it("a Python without torch means no anchor, with the reason", async () => {
    const r = await findTorchPython({ REPRORL_PYTHON: path.join(dir, "no-such-python") });
    expect("reason" in r && r.reason).toMatch(/no-such-python: .*apt-get install python3-torch/);
  });

  it("a Python with torch is used, and asked for the requested thread count", async () => {
    const py = fakePython(80);
    expect(await findTorchPython({ REPRORL_PYTHON: py })).toEqual({ python: py, torch: "9.9.9" });
    const t = await timeTorchStep(py, 2, 3);
    expect(t.threads).toBe(2);
    expect(t.msMedian).toBe(80);
  });

  it("a failing run is an error naming the thread count", async () => {
    const bad = path.join(dir, "python-bad");
    fs.writeFileSync(bad, "#!/bin/sh\necho 'ModuleNotFoundError: torch' >&2\nexit 1\n", { mode: 0o755 });
    await expect(timeTorchStep(bad, 1, 3)).rejects.toThrow(/PyTorch anchor \(1 threads\) failed: ModuleNotFoundError: torch/);
  });

  it("pools rounds by the median over all their reps", () => {
    const p = poolTimings([timing([10, 30, 50]), timing([20, 40])]);
    expect(p.msMedian).toBe(30);
    expect(p.msAll).toEqual([10, 30, 50, 20, 40]);
  });

  it("divides wasm by torch only at equal thread counts", () => {
    expect(equalThreadRatios({ "1": { msMedian: 300 }, "2": { msMedian: 200 } }, { "1": { msMedian: 75 } })).toEqual({ "1": 4 });
    expect(equalThreadRatios({ "1": { msMedian: 300 }, "2": { msMedian: 200 } }, { "1": { msMedian: 75 }, "2": { msMedian: 50 } })).toEqual({ "1": 4, "2": 4 });
    expect(equalThreadRatios({ "2": { msMedian: 200 } }, {})).toEqual({});
  });
});
