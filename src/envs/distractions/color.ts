/**
 * Colour distraction in the style of the Distracting Control Suite (Stone et al. 2021):
 * at each episode start every material colour (here: every distinct geom colour, so geoms
 * sharing a colour change together, like a shared material) is shifted per channel by
 * U(−max_delta, max_delta), clipped to [0, 1]; when dynamic it then random-walks with
 * N(0, step_std) steps per frame, kept within ±max_delta of the original and [0, 1].
 * DCS parameters: max_delta = scale, step_std = 0.03·scale (dynamic) with scale 0.1/0.2/0.3.
 */

import { ReproError } from "../../core/errors.js";
import type { Rng } from "../../core/rng.js";
import type { PixelDistraction } from "../dmc/control-env.js";
import type { Scene } from "../render/scene.js";

export class ColorJitter implements PixelDistraction {
  readonly name = "color";
  readonly maxDelta: number;
  readonly stepStd: number;
  private keys: string[] = [];
  private offsets = new Map<string, [number, number, number]>();
  private rng: Rng | null = null;

  constructor(scale: number, dynamic: boolean) {
    if (!(scale >= 0 && scale <= 1)) throw new ReproError(`colour distraction scale must be in [0, 1], got ${scale}`);
    this.maxDelta = scale;
    this.stepStd = dynamic ? 0.03 * scale : 0;
  }

  private static key(rgb: readonly number[]): string {
    return `${rgb[0]!.toFixed(4)},${rgb[1]!.toFixed(4)},${rgb[2]!.toFixed(4)}`;
  }

  reset(rng: Rng, scene: Scene): void {
    this.rng = rng;
    this.offsets.clear();
    this.keys = [];
    for (const g of scene.geoms) {
      const k = ColorJitter.key(g.rgb);
      if (this.offsets.has(k)) continue;
      this.keys.push(k);
      this.offsets.set(k, [0, 1, 2].map((c) => {
        const d = rng.uniformIn(-this.maxDelta, this.maxDelta);
        return clamp(g.rgb[c]! + d, 0, 1) - g.rgb[c]!;
      }) as [number, number, number]);
    }
  }

  apply(scene: Scene, frame: number): undefined {
    if (this.rng === null) throw new ReproError("colour distraction used before reset");
    if (this.stepStd > 0 && frame > 0) {
      for (const k of this.keys) {
        const off = this.offsets.get(k)!;
        const base = k.split(",").map(Number);
        for (let c = 0; c < 3; c++) {
          const v = off[c]! + this.rng.normal(0, this.stepStd);
          const lo = Math.max(-this.maxDelta, -base[c]!), hi = Math.min(this.maxDelta, 1 - base[c]!);
          off[c] = clamp(v, lo, hi);
        }
      }
    }
    for (const g of scene.geoms) {
      const off = this.offsets.get(ColorJitter.key(g.rgb));
      if (!off) continue;
      for (let c = 0; c < 3; c++) {
        g.rgb[c] = g.rgb[c]! + off[c]!;
        if (g.checker) g.checker[c] = clamp(g.checker[c]! + off[c]!, 0, 1);
      }
    }
    return undefined;
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
