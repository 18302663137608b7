/**
 * Benchmark plumbing: the runner's argument parsing and result merging, and the encoder
 * stepper at a small size (it trains: the loss falls; it does not leak tensors).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/backend/select.js";
import { BENCHES, main, mergeResults, parseArgs } from "../../src/bench/index.js";
import { makeEncoderStepper, timeSteps } from "../../src/bench/encoder-step.js";

beforeAll(async () => {
  await initBackend({ prefer: "wasm", quiet: true });
});

describe("bench runner", () => {
  it("parses names and --flags", () => {
    expect(parseArgs(["encoder", "--cpu-reps=0", "--verbose"])).toEqual({
      names: ["encoder"],
      flags: { "cpu-reps": "0", verbose: "true" },
    });
    expect(BENCHES.map((b) => b.name)).toContain("encoder");
  });

  it("merges a record under its name and keeps other benchmarks' records", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reprorl-bench-"));
    const file = path.join(dir, "bench", "results.json");
    mergeResults({ other: { ms: 1 } }, file);
    mergeResults({ encoder: { ms: 2 } }, file);
    mergeResults({ encoder: { ms: 3 } }, file);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({ other: { ms: 1 }, encoder: { ms: 3 } });
    expect(fs.readdirSync(path.dirname(file))).toEqual(["results.json"]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("rejects an unknown benchmark name, listing the available ones", async () => {
    await expect(main(["nope"])).rejects.toThrow(/unknown benchmark\(s\) nope; available: encoder/);
  });
});

describe("encoder stepper (small size, wasm + project kernels)", () => {
  it("trains (loss falls), times steps, and keeps tensor counts stable", () => {
    const stepper = makeEncoderStepper({ batch: 4, size: 24, channels: 9, filters: 8, latent: 6 }, 3);
    const timing = timeSteps(stepper, 1, 25);
    expect(timing.msAll).toHaveLength(25);
    expect(timing.msMedian).toBeGreaterThan(0);
    expect(timing.lossLast).toBeLessThan(timing.lossFirst);
    const n0 = tf.memory().numTensors;
    stepper.step();
    stepper.step();
    expect(tf.memory().numTensors).toBe(n0);
    stepper.dispose();
  });
});

describe("encoder bench child (the other wasm thread count)", () => {
  it("`encoder-step.js --time-only` times the reference step with the env's thread count and prints one JSON line", async () => {
    const { execFile } = await import("node:child_process");
    const script = path.resolve(__dirname, "../../dist/bench/encoder-step.js");
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [script, "--time-only", "1"], { env: { ...process.env, REPRORL_WASM_THREADS: "2" } }, (err, stdout, stderr) =>
        err ? reject(new Error(stderr || err.message)) : resolve(stdout),
      ),
    );
    const lines = out.trim().split("\n");
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]!) as { threads: number; msMedian: number; reps: number; lossFirst: number; lossLast: number };
    expect(r.threads).toBe(2);
    expect(r.reps).toBe(1);
    expect(r.msMedian).toBeGreaterThan(0);
    expect(r.lossLast).toBeLessThan(r.lossFirst);
  });
});
