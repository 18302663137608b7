/**
 * Benchmark: one Adam step of the reference pixel encoder.
 *
 * Reference encoder (SAC-AE style): input 3 stacked RGB frames 64×64 (NHWC [B,64,64,9]),
 * conv 3×3×32 stride 2, three conv 3×3×32 stride 1 ('valid', ReLU after each conv, with
 * biases; conv+bias+ReLU as tf.fused.conv2d, which is what tf.layers.conv2d runs), flatten, dense 50, mean-square loss against a random target, batch 64, Adam.
 *
 * Measured in one run: wasm with the project kernels at this process's thread count and, in a
 * child process, at the other count of {1, CPUs} (the wasm thread pool is fixed per process);
 * the same step in PyTorch at both thread counts when `python3` can import torch, in two rounds
 * interleaved with the wasm runs (pytorch-anchor.ts; ratios only at equal thread counts); wasm
 * with stock kernels (cannot train: no Conv2DBackpropFilter), the tfjs cpu backend, and native
 * TensorFlow when present.
 */

import { execFile } from "node:child_process";
import * as os from "node:os";
import * as tf from "@tensorflow/tfjs";
import { median } from "../analysis/stats/quantile.js";
import { Rng } from "../core/rng.js";
import {
  equalThreadRatios,
  findTorchPython,
  NO_PYTORCH_ANCHOR,
  poolTimings,
  timeTorchStep,
  type TorchTiming,
} from "./pytorch-anchor.js";
import { glorotUniform, randomNormal } from "../core/tf-random.js";
import { initBackend, type BackendInfo } from "../backend/select.js";
import { parseWasmThreads } from "../backend/wasm-threads.js";
import {
  PROJECT_KERNEL_NAMES,
  registerProjectKernels,
  unregisterProjectKernels,
} from "../backend/wasm-kernels/register.js";


export interface EncoderConfig {
  batch: number;
  size: number;
  channels: number;
  filters: number;
  latent: number;
}

export const REFERENCE_ENCODER: EncoderConfig = { batch: 64, size: 64, channels: 9, filters: 32, latent: 50 };

let stepperCount = 0;

/** One trainable encoder + Adam + fixed batch on the current backend. */
export interface EncoderStepper {
  /** One Adam step; returns the loss (forces completion). */
  step(): number;
  dispose(): void;
}

/** Parameter shapes of the reference encoder: 3×3 convs (first stride 2, 'valid'), then dense. */
function encoderParamShapes(cfg: EncoderConfig): Array<[string, number[]]> {
  const { size, channels, filters, latent } = cfg;
  const o4 = Math.floor((size - 3) / 2) + 1 - 6; // stride-2 conv, then three 'valid' 3×3 convs
  return [
    ["conv1/w", [3, 3, channels, filters]],
    ["conv1/b", [filters]],
    ["conv2/w", [3, 3, filters, filters]],
    ["conv2/b", [filters]],
    ["conv3/w", [3, 3, filters, filters]],
    ["conv3/b", [filters]],
    ["conv4/w", [3, 3, filters, filters]],
    ["conv4/b", [filters]],
    ["fc/w", [o4 * o4 * filters, latent]],
    ["fc/b", [latent]],
  ];
}

export function makeEncoderStepper(cfg: EncoderConfig = REFERENCE_ENCODER, seed = 1): EncoderStepper {
  const rng = new Rng(seed);
  stepperCount++;
  const { batch, size, channels, filters, latent } = cfg;
  const shapes = encoderParamShapes(cfg);
  const vars = shapes.map(([name, shape]) =>
    tf.tidy(() =>
      tf.variable(shape.length === 1 ? tf.zeros(shape) : glorotUniform(rng, shape), true, `bench_encoder_${stepperCount}/${name}`),
    ),
  );
  const obs = tf.tidy(() => randomNormal(rng, [batch, size, size, channels]).clipByValue(-2, 2)) as tf.Tensor4D;
  const target = randomNormal(rng, [batch, latent]) as tf.Tensor2D;
  const optimizer = tf.train.adam(1e-3);
  const loss = (): tf.Scalar => {
    let h: tf.Tensor4D = obs;
    for (let l = 0; l < 4; l++) {
      const w = vars[2 * l] as tf.Variable<tf.Rank.R4>;
      const b = vars[2 * l + 1] as tf.Variable<tf.Rank.R1>;
      // conv + bias + ReLU as one fused op, as tf.layers.conv2d does
      h = tf.fused.conv2d({ x: h, filter: w, strides: l === 0 ? 2 : 1, pad: "valid", bias: b, activation: "relu" });
    }
    const flat = tf.reshape(h, [batch, -1]) as tf.Tensor2D;
    const z = tf.add(tf.matMul(flat, vars[8] as tf.Variable<tf.Rank.R2>), vars[9]!);
    return tf.mean(tf.square(tf.sub(z, target)));
  };
  return {
    step(): number {
      const l = optimizer.minimize(loss, true, vars) as tf.Scalar;
      const v = l.dataSync()[0]!;
      l.dispose();
      return v;
    },
    dispose(): void {
      optimizer.dispose();
      tf.dispose([obs, target, ...vars]);
    },
  };
}

/**
 * A pixel-SAC-like update on the reference encoder, for profiling the op mix (not an
 * algorithm): encoder → dense 50 → LayerNorm → tanh; two Q heads (50+6 → 256 → 256 → 1, ReLU)
 * regressed on a random target; a tanh-Gaussian policy head (Exp of log-std, log-prob with the
 * tanh correction) with an entropy-regularised actor term; Adam on everything.
 */
export function makeSacLikeStepper(cfg: EncoderConfig = REFERENCE_ENCODER, seed = 2): EncoderStepper {
  const rng = new Rng(seed);
  stepperCount++;
  const { batch, size, channels, filters, latent } = cfg;
  const act = 6;
  const hidden = 256;
  const named: Array<[string, number[]]> = [
    ...encoderParamShapes(cfg),
    ["ln/g", [latent]],
    ["ln/b", [latent]],
  ];
  for (const q of ["q1", "q2"]) {
    named.push([`${q}/w1`, [latent + act, hidden]], [`${q}/b1`, [hidden]]);
    named.push([`${q}/w2`, [hidden, hidden]], [`${q}/b2`, [hidden]]);
    named.push([`${q}/w3`, [hidden, 1]], [`${q}/b3`, [1]]);
  }
  named.push(["pi/w1", [latent, hidden]], ["pi/b1", [hidden]], ["pi/w2", [hidden, 2 * act]], ["pi/b2", [2 * act]]);
  const vars = named.map(([name, shape]) =>
    tf.tidy(() => {
      const init = name === "ln/g" ? tf.ones(shape) : shape.length === 1 ? tf.zeros(shape) : glorotUniform(rng, shape);
      return tf.variable(init, true, `bench_sac_${stepperCount}/${name}`);
    }),
  );
  const v = new Map(named.map(([name], i) => [name, vars[i]!]));
  const get = (name: string): tf.Tensor => v.get(name)!;
  const obs = tf.tidy(() => randomNormal(rng, [batch, size, size, channels]).clipByValue(-2, 2)) as tf.Tensor4D;
  const action = tf.tidy(() => tf.tanh(randomNormal(rng, [batch, act])));
  const target = randomNormal(rng, [batch, 1]);
  const noise = randomNormal(rng, [batch, act]);
  const optimizer = tf.train.adam(1e-3);
  const dense = (x: tf.Tensor, w: string, b: string): tf.Tensor => tf.add(tf.matMul(x as tf.Tensor2D, get(w) as tf.Tensor2D), get(b));
  const loss = (): tf.Scalar => {
    let h: tf.Tensor4D = obs;
    for (let l = 0; l < 4; l++) {
      const w = get(`conv${l + 1}/w`) as tf.Tensor4D;
      const bias = get(`conv${l + 1}/b`);
      h = tf.fused.conv2d({ x: h, filter: w, strides: l === 0 ? 2 : 1, pad: "valid", bias, activation: "relu" });
    }
    const z = dense(tf.reshape(h, [batch, -1]), "fc/w", "fc/b");
    const mean = tf.mean(z, -1, true);
    const centered = tf.sub(z, mean);
    const variance = tf.mean(tf.square(centered), -1, true);
    const normed = tf.mul(centered, tf.rsqrt(tf.add(variance, 1e-5)));
    const feat = tf.tanh(tf.add(tf.mul(normed, get("ln/g")), get("ln/b")));
    const sa = tf.concat([feat, action], 1);
    let criticLoss = tf.scalar(0);
    for (const q of ["q1", "q2"]) {
      const h1 = tf.relu(dense(sa, `${q}/w1`, `${q}/b1`));
      const h2 = tf.relu(dense(h1, `${q}/w2`, `${q}/b2`));
      const qv = dense(h2, `${q}/w3`, `${q}/b3`);
      criticLoss = tf.add(criticLoss, tf.mean(tf.square(tf.sub(qv, target))));
    }
    const p1 = tf.relu(dense(feat, "pi/w1", "pi/b1"));
    const out = dense(p1, "pi/w2", "pi/b2");
    const [mu, logStdRaw] = tf.split(out, 2, 1) as [tf.Tensor, tf.Tensor];
    const logStd = tf.add(-5, tf.mul(3.5, tf.add(tf.tanh(logStdRaw), 1)));
    const u = tf.add(mu, tf.mul(tf.exp(logStd), noise));
    const a = tf.tanh(u);
    const logp = tf.sub(
      tf.sum(tf.sub(tf.mul(-0.5, tf.square(noise)), logStd), 1),
      tf.sum(tf.log(tf.add(tf.sub(1, tf.square(a)), 1e-6)), 1),
    );
    const actorLoss = tf.mean(tf.sub(tf.mul(0.1, logp), tf.sum(a, 1)));
    return tf.add(criticLoss, actorLoss);
  };
  return {
    step(): number {
      const l = optimizer.minimize(loss, true, vars) as tf.Scalar;
      const val = l.dataSync()[0]!;
      l.dispose();
      return val;
    },
    dispose(): void {
      optimizer.dispose();
      tf.dispose([obs, action, target, noise, ...vars]);
    },
  };
}

export interface StepTiming {
  /** Median wall-clock ms per step over the timed reps. */
  msMedian: number;
  msAll: number[];
  /** Median process CPU ms per step (user+system): steadier than wall time on a shared machine. */
  cpuMsMedian: number;
  warmup: number;
  reps: number;
  /** Loss before and after the timed steps (it should fall). */
  lossFirst: number;
  lossLast: number;
}

/** Time steps on the current backend. */
export function timeSteps(stepper: EncoderStepper, warmup: number, reps: number): StepTiming {
  let lossFirst = NaN;
  for (let i = 0; i < warmup; i++) {
    const l = stepper.step();
    if (i === 0) lossFirst = l;
  }
  const msAll: number[] = [];
  const cpuMs: number[] = [];
  let lossLast = NaN;
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    lossLast = stepper.step();
    msAll.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuMs.push((c.user + c.system) / 1000);
    if (warmup === 0 && i === 0) lossFirst = lossLast;
  }
  return {
    msMedian: round1(median(msAll)),
    msAll: msAll.map(round1),
    cpuMsMedian: round1(median(cpuMs)),
    warmup,
    reps,
    lossFirst,
    lossLast,
  };
}

export interface KernelShare {
  kernel: string;
  ms: number;
  calls: number;
  share: number;
}

/** Per-kernel time of one step (tf.profile; wasm kernels are synchronous so times are exact). */
export async function profileStep(stepper: EncoderStepper): Promise<{ totalMs: number; kernels: KernelShare[] }> {
  const prof = await tf.profile(() => {
    stepper.step();
  });
  const byName = new Map<string, { ms: number; calls: number }>();
  let total = 0;
  for (const k of prof.kernels) {
    const ms = typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0;
    total += ms;
    const e = byName.get(k.name) ?? { ms: 0, calls: 0 };
    e.ms += ms;
    e.calls += 1;
    byName.set(k.name, e);
  }
  const kernels = [...byName.entries()]
    .map(([kernel, e]) => ({
      kernel,
      ms: Math.round(e.ms * 10) / 10,
      calls: e.calls,
      share: Math.round((e.ms / total) * 1000) / 1000,
    }))
    .sort((a, b) => b.ms - a.ms);
  return { totalMs: Math.round(total * 10) / 10, kernels };
}

export interface EncoderBenchOptions {
  /** Timed reps on wasm (median reported); at least 10. */
  wasmReps?: number;
  /** Timed reps on the cpu backend (each ~100+ s); 0 skips it. */
  cpuReps?: number;
  /** Do not look for PyTorch (the result then says why there is no anchor). */
  skipPytorch?: boolean;
  log?: (line: string) => void;
}

export interface EncoderBenchResult extends Record<string, unknown> {
  config: EncoderConfig & { optimizer: string; convPadding: string };
  backendInfo: BackendInfo;
  wasmProject: StepTiming;
  /** The project-kernel step by wasm thread count ("1", "2", …), this process and a child. */
  wasmProjectByThreads: Record<string, StepTiming & { threads: number }>;
  wasmStock: { status: string; error?: string; filterOnly?: StepTiming };
  cpu: StepTiming | { status: string };
  tensorflow: StepTiming | { status: string };
  profileWasmProject: { totalMs: number; kernels: KernelShare[] };
  /** Pixel-SAC-like update (see makeSacLikeStepper): timing and kernels above 1 %. */
  sacLikeWasmProject: StepTiming & { profile: { totalMs: number; kernels: KernelShare[] } };
  ratios: Record<string, number | null>;
  /** PyTorch measured in this run by thread count, or why there is no anchor. */
  pytorch: { python: string; torch: string; byThreads: Record<string, TorchTiming> } | { status: string };
  /** wasm + project kernels / PyTorch, at equal thread counts (keys: threads); empty without torch. */
  wasmOverPytorchByThreads: Record<string, number>;
  machine: { cpus: number; cpuModel: string; node: string; platform: string; loadavg1: number };
  date: string;
}

/** Run the whole encoder benchmark (see module doc). */
export async function runEncoderBench(opts: EncoderBenchOptions = {}): Promise<EncoderBenchResult> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const wasmReps = Math.max(10, opts.wasmReps ?? 15);
  const cpuReps = opts.cpuReps ?? 1;
  const cfg = REFERENCE_ENCODER;
  const loadavg1 = os.loadavg()[0]!;

  const info = await initBackend({ prefer: "wasm", quiet: true });
  log(`[encoder] ${info.note}`);
  const otherThreads = info.threads === 1 ? parseWasmThreads("auto", "bench") : 1;
  const threadCounts = [...new Set([1, info.threads, otherThreads])].sort((a, b) => a - b);

  // PyTorch anchor, round 1 of 2 (round 2 after the wasm runs, so load drifts hit both alike)
  const torchPython = opts.skipPytorch ? { reason: "skipped (--pytorch=0)" } : await findTorchPython();
  const torchRounds = new Map<number, TorchTiming[]>();
  const torchRound = async (): Promise<void> => {
    if (!("python" in torchPython)) return;
    for (const t of threadCounts) {
      const r = await timeTorchStep(torchPython.python, t, Math.ceil(wasmReps / 2));
      torchRounds.set(t, [...(torchRounds.get(t) ?? []), r]);
    }
  };
  if ("python" in torchPython) log(`[encoder] PyTorch ${torchPython.torch} (${torchPython.python}): round 1 at ${threadCounts.join(" and ")} thread(s) ...`);
  else log(`[encoder] ${NO_PYTORCH_ANCHOR}: ${torchPython.reason}`);
  await torchRound();

  // wasm + project kernels
  let stepper = makeEncoderStepper(cfg);
  const wasmProject = timeSteps(stepper, 3, wasmReps);
  log(
    `[encoder] wasm + project kernels: ${wasmProject.msMedian.toFixed(1)} ms/step ` +
      `(median of ${wasmReps}; CPU time ${wasmProject.cpuMsMedian.toFixed(1)} ms; load avg ${loadavg1.toFixed(1)} on ${os.cpus().length} cpus)`,
  );
  const profileWasmProject = await profileStep(stepper);
  stepper.dispose();
  const wasmProjectByThreads: EncoderBenchResult["wasmProjectByThreads"] = {
    [String(info.threads)]: { ...wasmProject, threads: info.threads },
  };
  if (otherThreads !== info.threads) {
    const other = await timeInChild(otherThreads, wasmReps);
    wasmProjectByThreads[String(other.threads)] = other;
    log(
      `[encoder] wasm + project kernels, ${other.threads} thread${other.threads === 1 ? "" : "s"} (child process): ` +
        `${other.msMedian.toFixed(1)} ms/step (CPU time ${other.cpuMsMedian.toFixed(1)} ms)`,
    );
  }
  await torchRound();
  const torchByThreads: Record<string, TorchTiming> = {};
  for (const [t, rounds] of torchRounds) torchByThreads[String(t)] = poolTimings(rounds);
  const wasmOverPytorchByThreads = equalThreadRatios(wasmProjectByThreads, torchByThreads);
  for (const [t, timing] of Object.entries(torchByThreads)) {
    log(`[encoder] PyTorch ${timing.torch} (${timing.cpuCapability ?? "unknown SIMD"}), ${t} thread${t === "1" ? "" : "s"}: ${timing.msMedian.toFixed(1)} ms/step (median of ${timing.msAll.length} over 2 rounds; CPU time ${timing.cpuMsMedian.toFixed(1)} ms)`);
  }
  stepper = makeSacLikeStepper(cfg);
  const sacTiming = timeSteps(stepper, 2, 5);
  const sacProfile = await profileStep(stepper);
  sacProfile.kernels = sacProfile.kernels.filter((k) => k.share >= 0.01);
  stepper.dispose();
  const sacLikeWasmProject = { ...sacTiming, profile: sacProfile };
  log(
    `[encoder] pixel-SAC-like update (encoder+LayerNorm+tanh, 2 Q heads, policy): ` +
      `${sacTiming.msMedian.toFixed(1)} ms/step; kernels > 5 %: ` +
      sacProfile.kernels
        .filter((k) => k.share > 0.05)
        .map((k) => `${k.kernel} ${(k.share * 100).toFixed(0)}%`)
        .join(", "),
  );

  // wasm, stock kernels
  let wasmStock: EncoderBenchResult["wasmStock"];
  unregisterProjectKernels();
  try {
    stepper = makeEncoderStepper(cfg);
    try {
      stepper.step();
      wasmStock = { status: "trains (unexpected for tfjs-backend-wasm 4.22)" };
    } catch (err) {
      wasmStock = { status: "cannot train", error: (err as Error).message.split("\n")[0] };
    } finally {
      stepper.dispose();
    }
    // Stock kernels plus only the project's Conv2DBackpropFilter: shows what the other two buy.
    registerProjectKernels(["Conv2DBackpropFilter"]);
    stepper = makeEncoderStepper(cfg);
    wasmStock.filterOnly = timeSteps(stepper, 1, 3);
    stepper.dispose();
  } finally {
    unregisterProjectKernels();
    registerProjectKernels();
  }
  log(`[encoder] wasm stock kernels: ${wasmStock.status}${wasmStock.error ? ` (${wasmStock.error})` : ""}`);
  log(
    `[encoder] wasm stock + project Conv2DBackpropFilter only: ${wasmStock.filterOnly!.msMedian.toFixed(1)} ms/step`,
  );

  // native TensorFlow
  let tensorflow: EncoderBenchResult["tensorflow"];
  try {
    await initBackend({ prefer: "tensorflow", quiet: true });
    stepper = makeEncoderStepper(cfg);
    tensorflow = timeSteps(stepper, 2, 10);
    stepper.dispose();
    log(`[encoder] native tensorflow: ${tensorflow.msMedian.toFixed(1)} ms/step`);
  } catch (err) {
    tensorflow = { status: `not available: ${(err as Error).message}` };
    log(`[encoder] native tensorflow: not available`);
  }

  // cpu
  let cpu: EncoderBenchResult["cpu"];
  if (cpuReps > 0) {
    await initBackend({ prefer: "cpu", quiet: true });
    log(`[encoder] cpu backend: 1 warm-up + ${cpuReps} timed step(s), ~100+ s each ...`);
    stepper = makeEncoderStepper(cfg);
    cpu = timeSteps(stepper, 1, cpuReps);
    stepper.dispose();
    log(`[encoder] cpu: ${cpu.msMedian.toFixed(0)} ms/step`);
  } else {
    cpu = { status: "skipped (cpuReps = 0)" };
  }
  await initBackend({ prefer: "wasm", quiet: true });

  const w = wasmProject.msMedian;
  const w1 = wasmProjectByThreads["1"]?.msMedian ?? null;
  const ratios: Record<string, number | null> = {
    cpuOverWasmProject: "msMedian" in cpu ? round2(cpu.msMedian / w) : null,
    cpuOverWasmProjectOneThread: "msMedian" in cpu && w1 !== null ? round2(cpu.msMedian / w1) : null,
    wasmFilterOnlyOverWasmProject: round2(wasmStock.filterOnly!.msMedian / w),
    wasmProjectOverTensorflow: "msMedian" in tensorflow ? round2(w / tensorflow.msMedian) : null,
  };
  const torchRatioText = Object.keys(wasmOverPytorchByThreads).length === 0
    ? NO_PYTORCH_ANCHOR
    : "wasm/PyTorch at equal threads: " +
      Object.entries(wasmOverPytorchByThreads).map(([t, r]) => `${t} thread${t === "1" ? "" : "s"} ${r}×`).join(", ");
  log(
    `[encoder] ratios: ${torchRatioText}` +
      (ratios["cpuOverWasmProject"] !== null ? `; cpu/wasm = ${ratios["cpuOverWasmProject"]}×` : "") +
      `; stock-except-filter/wasm = ${ratios["wasmFilterOnlyOverWasmProject"]}×`,
  );
  return {
    config: { ...cfg, optimizer: "adam(1e-3)", convPadding: "valid" },
    backendInfo: info,
    wasmProject,
    wasmProjectByThreads,
    wasmStock,
    cpu,
    tensorflow,
    profileWasmProject,
    sacLikeWasmProject,
    ratios,
    pytorch: "python" in torchPython ? { python: torchPython.python, torch: torchPython.torch, byThreads: torchByThreads } : { status: `${NO_PYTORCH_ANCHOR}: ${torchPython.reason}` },
    wasmOverPytorchByThreads,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      loadavg1: Math.round(loadavg1 * 100) / 100,
    },
    date: new Date().toISOString(),
  };
}

/** Time the reference step in a child process whose wasm pool has `threads` threads. */
function timeInChild(threads: number, reps: number): Promise<StepTiming & { threads: number }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [__filename, "--time-only", String(reps)],
      { env: { ...process.env, REPRORL_WASM_THREADS: String(threads) }, maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`encoder bench child (${threads} threads) failed: ${stderr.trim() || err.message}`));
        resolve(JSON.parse(stdout.trim().split("\n").pop()!) as StepTiming & { threads: number });
      },
    );
  });
}

/** Child entry: time the reference step with the env's thread count; print one JSON line. */
async function timeOnlyMain(reps: number): Promise<void> {
  const info = await initBackend({ prefer: "wasm", quiet: true });
  const stepper = makeEncoderStepper(REFERENCE_ENCODER);
  const timing = timeSteps(stepper, 3, reps);
  stepper.dispose();
  console.log(JSON.stringify({ ...timing, threads: info.threads }));
}

if (require.main === module && process.argv[2] === "--time-only") {
  timeOnlyMain(Math.max(1, Number(process.argv[3] ?? 15))).catch((err: unknown) => {
    console.error((err as Error).message);
    process.exitCode = 1;
  });
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export { PROJECT_KERNEL_NAMES };
