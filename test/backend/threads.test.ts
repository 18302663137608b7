/**
 * The wasm thread pool in Node (src/backend/wasm-threads.ts). Each case runs in a fresh child
 * process on the built package (the thread count is fixed once wasm starts in a process):
 * the pool really has the requested threads, training numbers are bit-identical between one
 * and two threads, the process exits on its own (pool workers do not hold the event loop),
 * bad values give one-line errors, a second incompatible request is refused, and an "auto"
 * request falls back to one thread when threads cannot start.
 */
import { execFile } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { isReproError } from "../../src/core/errors.js";
import { resolveWasmThreads } from "../../src/backend/select.js";
import { parseWasmThreads } from "../../src/backend/wasm-threads.js";
import { wasmThreadsPerWorker } from "../../src/agents/parallel.js";

const DIST = path.resolve(__dirname, "../../dist");

interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Run a CommonJS snippet in a child node with `env` added; resolves when it exits. */
function runChild(code: string, env: Record<string, string>, timeoutMs = 90_000): Promise<ChildResult> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["-e", code],
      { env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 8 << 20 },
      (err, stdout, stderr) => {
        const codeOut = err ? ((err as NodeJS.ErrnoException & { code?: number }).code as unknown as number | null) : 0;
        resolve({ code: typeof codeOut === "number" ? codeOut : err ? 1 : 0, stdout, stderr, ms: Date.now() - t0 });
      },
    );
  });
}

/** Child program: start wasm, train both bench steppers 3 steps, print JSON, end naturally. */
const TRAIN = `
const { backend } = require(${JSON.stringify(path.join(DIST, "index.js"))});
const enc = require(${JSON.stringify(path.join(DIST, "bench", "encoder-step.js"))});
(async () => {
  const info = await backend.initBackend({ prefer: "wasm", quiet: true });
  const small = { batch: 8, size: 32, channels: 9, filters: 16, latent: 20 };
  const losses = [];
  for (const make of [enc.makeEncoderStepper, enc.makeSacLikeStepper]) {
    const s = make(small);
    for (let i = 0; i < 3; i++) losses.push(s.step());
    s.dispose();
  }
  console.log(JSON.stringify({ threads: info.threads, note: info.note, losses }));
})().catch((e) => { console.error(e.message); process.exitCode = 1; });
`;

describe("wasm thread pool (child processes)", () => {
  it("two threads start, train bit-identically to one thread, and the process exits by itself", async () => {
    const [one, two] = await Promise.all([
      runChild(TRAIN, { REPRORL_WASM_THREADS: "1" }),
      runChild(TRAIN, { REPRORL_WASM_THREADS: "2" }),
    ]);
    expect(one.stderr).toBe("");
    expect(two.stderr).toBe("");
    expect(one.code).toBe(0);
    expect(two.code).toBe(0); // a pool worker holding the event loop would hit the timeout instead
    const r1 = JSON.parse(one.stdout) as { threads: number; note: string; losses: number[] };
    const r2 = JSON.parse(two.stdout) as { threads: number; note: string; losses: number[] };
    expect(r1.threads).toBe(1);
    expect(r2.threads).toBe(2);
    expect(r2.note).toContain("2 threads");
    expect(r1.losses).toHaveLength(6);
    expect(r1.losses.every(Number.isFinite)).toBe(true);
    // Training changes the loss (the steps really ran) ...
    expect(r1.losses[2]).not.toBe(r1.losses[0]);
    // ... and the thread count does not change a single bit of it.
    expect(r2.losses).toEqual(r1.losses);
  });

  it("an incompatible second request is refused in one line; a later 'auto' request reuses the pool", async () => {
    const code = `
const { backend } = require(${JSON.stringify(path.join(DIST, "index.js"))});
(async () => {
  const first = await backend.initBackend({ prefer: "wasm", quiet: true, threads: 2 });
  const again = await backend.initBackend({ prefer: "wasm", quiet: true, threads: "auto" });
  let message = "";
  try { await backend.initBackend({ prefer: "wasm", quiet: true, threads: 1 }); } catch (e) { message = e.message; }
  console.log(JSON.stringify({ first: first.threads, again: again.threads, message }));
})();
`;
    const r = await runChild(code, {});
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as { first: number; again: number; message: string };
    expect(out.first).toBe(2);
    expect(out.again).toBe(2);
    expect(out.message).toMatch(/already runs with 2 thread\(s\).*REPRORL_WASM_THREADS/);
    expect(out.message).not.toContain("\n");
  });

  it("'auto' falls back to one thread with the reason in the note when threads fail to start", async () => {
    const code = `
const { backend } = require(${JSON.stringify(path.join(DIST, "index.js"))});
const select = require(${JSON.stringify(path.join(DIST, "backend", "select.js"))});
select.wasmThreadsTestHooks.failThreadedStart = true;
(async () => {
  const info = await backend.initBackend({ prefer: "wasm", quiet: true, threads: "auto" });
  const tf = require("@tensorflow/tfjs");
  const y = tf.conv2d(tf.ones([1, 5, 5, 2]), tf.ones([3, 3, 2, 1]), 1, "valid").dataSync();
  console.log(JSON.stringify({ name: info.name, threads: info.threads, note: info.note, y: Array.from(y) }));
})();
`;
    const r = await runChild(code, {});
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as { name: string; threads: number; note: string; y: number[] };
    expect(out.name).toBe("wasm");
    expect(out.threads).toBe(1);
    expect(out.y).toEqual(new Array(9).fill(18));
    if (Math.min(8, os.cpus().length) > 1) {
      expect(out.note).toContain("wasm threads unavailable (threaded start disabled by a test hook), using 1");
    }
  });

  it("an explicit thread count that cannot start is an error, not a silent fallback", async () => {
    const code = `
const { backend } = require(${JSON.stringify(path.join(DIST, "index.js"))});
const select = require(${JSON.stringify(path.join(DIST, "backend", "select.js"))});
select.wasmThreadsTestHooks.failThreadedStart = true;
backend.initBackend({ quiet: true, threads: 2 }).then(
  (info) => console.log("started " + info.name),
  (e) => console.log("error: " + e.message),
);
`;
    const r = await runChild(code, {});
    expect(r.stdout.trim()).toMatch(/^error: wasm backend with 2 threads requested but it did not start: .*test hook/);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
  });
});

describe("thread-count parsing", () => {
  it("REPRORL_WASM_THREADS / threads option: integers 1–8 or auto; the API wins over the env", () => {
    const cpus = Math.min(8, os.cpus().length);
    expect(resolveWasmThreads(undefined, {})).toEqual({ threads: cpus, auto: true });
    expect(resolveWasmThreads(undefined, { REPRORL_WASM_THREADS: " AUTO " })).toEqual({ threads: cpus, auto: true });
    expect(resolveWasmThreads(undefined, { REPRORL_WASM_THREADS: "3" })).toEqual({ threads: 3, auto: false });
    expect(resolveWasmThreads(2, { REPRORL_WASM_THREADS: "1" })).toEqual({ threads: 2, auto: false });
    expect(resolveWasmThreads("auto", { REPRORL_WASM_THREADS: "1" })).toEqual({ threads: cpus, auto: true });
  });

  it("bad values give a one-line ReproError naming the source and the allowed values", () => {
    for (const [raw, where] of [
      ["0", "REPRORL_WASM_THREADS"],
      ["two", "REPRORL_WASM_THREADS"],
      ["9", "REPRORL_WASM_THREADS"],
      ["1.5", "REPRORL_WASM_THREADS"],
    ] as const) {
      let err: unknown;
      try {
        resolveWasmThreads(undefined, { REPRORL_WASM_THREADS: raw });
      } catch (e) {
        err = e;
      }
      expect(isReproError(err)).toBe(true);
      const msg = (err as Error).message;
      expect(msg).toContain(where);
      expect(msg).toContain(`"${raw}"`);
      expect(msg).toContain("1 to 8");
      expect(msg).not.toContain("\n");
    }
    expect(() => parseWasmThreads(-1, "initBackend({threads})")).toThrow(/initBackend\(\{threads\}\) is "-1"/);
  });

  it("parallel workers share the cores: threads per worker = floor(cpus / workers), at least 1", () => {
    expect(wasmThreadsPerWorker(1, 2)).toBe(2);
    expect(wasmThreadsPerWorker(2, 2)).toBe(1);
    expect(wasmThreadsPerWorker(3, 2)).toBe(1);
    expect(wasmThreadsPerWorker(2, 8)).toBe(4);
    expect(wasmThreadsPerWorker(1, 32)).toBe(8);
  });
});
