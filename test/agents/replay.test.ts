import { describe, expect, it } from "vitest";
import { FrameReplay } from "../../src/agents/replay.js";
import { FrameStack } from "../../src/envs/frame-stack.js";
import { Rng } from "../../src/core/rng.js";

const H = 4;
const W = 5;
const K = 3;
const FRAME = H * W * 3;

/** A frame whose every byte encodes (episode, step) so stacks can be checked by eye. */
function frame(ep: number, t: number, rng: Rng): Uint8Array {
  const f = new Uint8Array(FRAME);
  for (let i = 0; i < FRAME; i++) f[i] = (ep * 50 + t * 7 + rng.int(3)) % 256;
  return f;
}

/** Run episodes through an independent reference (the envs' FrameStack) and the replay. */
function fill(replay: FrameReplay, episodes: number[], rng: Rng, terminalLast: boolean[]) {
  const expected: { obs: Uint8Array; next: Uint8Array; action: number[]; reward: number; notDone: number }[] = [];
  episodes.forEach((len, ep) => {
    const stack = new FrameStack(K, W, H, "hwc");
    stack.reset(frame(ep, 0, rng));
    let obs = stack.observation();
    replay.startEpisode(obs);
    for (let t = 0; t < len; t++) {
      stack.push(frame(ep, t + 1, rng));
      const next = stack.observation();
      const action = [rng.uniformIn(-1, 1), rng.uniformIn(-1, 1)];
      const reward = rng.normal();
      const terminated = terminalLast[ep]! && t === len - 1;
      replay.add(action, reward, next, terminated);
      expected.push({ obs, next, action, reward, notDone: terminated ? 0 : 1 });
      obs = next;
    }
    replay.endEpisode();
  });
  return expected;
}

function key(a: ArrayLike<number>): string {
  return Array.from(a).join(",");
}

describe("FrameReplay (pixels)", () => {
  it("rebuilds every (obs, next obs) stack exactly as the environment's frame stack produced it, across episode boundaries", () => {
    const rng = new Rng(1);
    const replay = new FrameReplay({ capacity: 100, frameSize: FRAME, stack: K, actionDim: 2, dtype: "uint8", frameShape: [H, W, 3] });
    const expected = fill(replay, [5, 1, 7], rng, [false, true, false]);
    expect(replay.size).toBe(13);
    const byObs = new Map(expected.map((e) => [key(e.obs) + "|" + key(e.next), e]));
    const batch = replay.sample(200, new Rng(2));
    const seen = new Set<string>();
    for (let b = 0; b < batch.size; b++) {
      const o = batch.obs.subarray(b * FRAME * K, (b + 1) * FRAME * K);
      const n = batch.nextObs.subarray(b * FRAME * K, (b + 1) * FRAME * K);
      const e = byObs.get(key(o) + "|" + key(n));
      expect(e, `sampled transition ${b} is not one that was added`).toBeDefined();
      expect(batch.rewards[b]).toBeCloseTo(e!.reward, 5);
      expect(Array.from(batch.actions.subarray(2 * b, 2 * b + 2))).toEqual(e!.action.map((x) => expect.closeTo(x, 5)));
      expect(batch.notDones[b]).toBe(e!.notDone);
      seen.add(key(o) + "|" + key(n));
    }
    expect(seen.size).toBe(13); // 200 uniform draws over 13 transitions hit all of them
  });

  it("marks termination as notDone = 0 and time-limit truncation as notDone = 1 (bootstrap)", () => {
    const rng = new Rng(3);
    const replay = new FrameReplay({ capacity: 50, frameSize: FRAME, stack: K, actionDim: 2, dtype: "uint8", frameShape: [H, W, 3] });
    fill(replay, [3, 3], rng, [true, false]); // episode 0 terminates, episode 1 is truncated
    const batch = replay.sample(300, new Rng(4));
    const zeros = Array.from(batch.notDones).filter((x) => x === 0).length;
    expect(zeros / 300).toBeGreaterThan(0.08); // 1 of 6 transitions is terminal
    expect(zeros / 300).toBeLessThan(0.3);
  });

  it("stores about one frame per transition and never samples transitions whose frames were overwritten", () => {
    const rng = new Rng(5);
    const cap = 20;
    const replay = new FrameReplay({ capacity: cap, frameSize: FRAME, stack: K, actionDim: 2, dtype: "uint8", frameShape: [H, W, 3] });
    const expected = fill(replay, [10, 10, 10], rng, [false, false, false]);
    // memory: frame bytes + action (8) + reward (4) + flags (2) + position (4) per slot
    expect(replay.bytesPerTransition).toBe(FRAME + 8 + 4 + 1 + 1 + 4);
    const live = new Set(expected.slice(-17).map((e) => key(e.obs) + "|" + key(e.next)));
    const batch = replay.sample(300, new Rng(6));
    for (let b = 0; b < batch.size; b++) {
      const o = batch.obs.subarray(b * FRAME * K, (b + 1) * FRAME * K);
      const n = batch.nextObs.subarray(b * FRAME * K, (b + 1) * FRAME * K);
      expect(live.has(key(o) + "|" + key(n))).toBe(true);
    }
  });

  it("round-trips through snapshot/restore and samples the same batch", () => {
    const rng = new Rng(7);
    const a = new FrameReplay({ capacity: 30, frameSize: FRAME, stack: K, actionDim: 2, dtype: "uint8", frameShape: [H, W, 3] });
    fill(a, [12, 9], rng, [false, true]);
    const b = new FrameReplay({ capacity: 30, frameSize: FRAME, stack: K, actionDim: 2, dtype: "uint8", frameShape: [H, W, 3] });
    const snap = a.snapshot();
    b.restore(snap.meta, snap.arrays);
    const x = a.sample(16, new Rng(8));
    const y = b.sample(16, new Rng(8));
    expect(key(x.obs)).toBe(key(y.obs));
    expect(key(x.nextObs)).toBe(key(y.nextObs));
  });

  it("refuses add() before startEpisode and a wrong observation size", () => {
    const replay = new FrameReplay({ capacity: 10, frameSize: FRAME, stack: K, actionDim: 2, dtype: "uint8", frameShape: [H, W, 3] });
    expect(() => replay.add([0, 0], 0, new Uint8Array(FRAME * K), false)).toThrow(/startEpisode/);
    expect(() => replay.startEpisode(new Uint8Array(FRAME))).toThrow(/elements/);
  });
});

describe("FrameReplay (states)", () => {
  it("stores state vectors (k = 1) and returns consecutive pairs", () => {
    const replay = new FrameReplay({ capacity: 10, frameSize: 2, stack: 1, actionDim: 1, dtype: "float32" });
    replay.startEpisode([0, 0]);
    for (let t = 1; t <= 4; t++) replay.add([t], t, [t, -t], false);
    const batch = replay.sample(50, new Rng(1));
    for (let b = 0; b < 50; b++) {
      const o = batch.obs[2 * b]!;
      expect(batch.nextObs[2 * b]).toBe(o + 1);
      expect(batch.rewards[b]).toBe(o + 1);
      expect(batch.actions[b]).toBe(o + 1);
    }
  });
});

describe("FrameReplay chunked storage", () => {
  it("allocates frame chunks lazily and stays exact across chunk boundaries and wrap-around", () => {
    const replay = new FrameReplay({ capacity: 5000, frameSize: 1, stack: 1, actionDim: 1, dtype: "float32" });
    expect(replay.bytes).toBeLessThan(5000 * 4 + 5000 * 14 + 1); // no frame chunk yet
    replay.startEpisode([0]);
    for (let t = 1; t <= 6000; t++) replay.add([t], t, [t], false);
    const batch = replay.sample(500, new Rng(1));
    for (let b = 0; b < 500; b++) {
      expect(batch.nextObs[b]).toBe(batch.obs[b]! + 1);
      expect(batch.obs[b]).toBeGreaterThanOrEqual(6001 - 5000);
    }
    const copy = new FrameReplay({ capacity: 5000, frameSize: 1, stack: 1, actionDim: 1, dtype: "float32" });
    const snap = replay.snapshot();
    copy.restore(snap.meta, snap.arrays);
    expect(Array.from(copy.sample(50, new Rng(2)).obs)).toEqual(Array.from(replay.sample(50, new Rng(2)).obs));
  });
});
