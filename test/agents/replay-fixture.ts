/**
 * A replay buffer filled with random transitions for agent tests (one helper for the golden
 * fingerprints, the agent tests and the fidelity tests). Random draws happen in a fixed order
 * (observation, then per step: action, reward, observation), so the golden fixtures recorded on
 * f0eb35c stay bit-identical.
 */
import type { AgentSpec } from "../../src/agents/config.js";
import { FrameReplay } from "../../src/agents/replay.js";
import type { Rng } from "../../src/core/rng.js";

export interface FilledReplayOptions {
  /** Pixel side (pixel specs), default 16. */
  px?: number;
  /** Transitions to add, default 60. */
  steps?: number;
  /** Terminate every n-th transition (notDone = 0 in some batches) and start a new episode; default never. */
  terminateEvery?: number;
}

export function filledReplay(spec: AgentSpec, rng: Rng, opts: FilledReplayOptions = {}): FrameReplay {
  const px = opts.px ?? 16;
  const pixels = spec.observation === "pixels";
  const fs = pixels ? px * px * 3 : 5;
  const r = new FrameReplay({ capacity: 200, frameSize: fs, stack: pixels ? 3 : 1, actionDim: 2, dtype: pixels ? "uint8" : "float32", frameShape: pixels ? [px, px, 3] : undefined });
  const obs = () => (pixels ? Uint8Array.from({ length: fs * 3 }, () => rng.int(256)) : Float32Array.from({ length: 5 }, () => rng.normal()));
  r.startEpisode(obs());
  for (let i = 0; i < (opts.steps ?? 60); i++) {
    const terminated = opts.terminateEvery !== undefined && i % opts.terminateEvery === opts.terminateEvery - 1;
    r.add([rng.uniformIn(-1, 1), rng.uniformIn(-1, 1)], rng.normal(), obs(), terminated);
    if (terminated) r.startEpisode(obs());
  }
  return r;
}
