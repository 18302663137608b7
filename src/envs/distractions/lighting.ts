/**
 * Lighting distraction (Robosuite-style "lighting source and luminance", thesis §5.8.2): per
 * episode the software renderer's lights are redrawn — ambient, headlight and directional
 * intensities each scaled by U(1 − s, 1 + s), the directional light's direction tilted from
 * vertical by up to (π/2)·s towards a uniform azimuth, and a light colour (tint) per channel
 * in U(1 − s/2, 1 + s/2) — with s the difficulty scale. Static within the episode (`dynamic`:
 * the intensities random-walk per frame with std 0.03·s, kept in their range).
 *
 * Deviation: MuJoCo's own `<light>` elements are not read — the project renders with its own
 * software renderer (render/renderer.ts: ambient + headlight + one directional light), so the
 * lights randomised are that renderer's lights. Shading changes per surface normal, so this is
 * real relighting, not a brightness transform of the finished frame; the sky is not lit.
 */

import { ReproError } from "../../core/errors.js";
import type { Rng } from "../../core/rng.js";
import type { PixelDistraction } from "../dmc/control-env.js";
import type { Lighting, Scene } from "../render/scene.js";

/** The renderer's default lights (render/renderer.ts). */
export const DEFAULT_LIGHTING: Readonly<Lighting> = { ambient: 0.35, headlight: 0.6, directional: 0.25, direction: [0, 0, 1], tint: [1, 1, 1] };

export class LightingJitter implements PixelDistraction {
  readonly name = "lighting";
  readonly scale: number;
  readonly dynamic: boolean;
  private lighting: Lighting | null = null;
  private base: [number, number, number] = [0, 0, 0];
  private rng: Rng | null = null;

  constructor(scale: number, dynamic = false) {
    if (!(scale >= 0 && scale <= 1)) throw new ReproError(`lighting distraction scale must be in [0, 1], got ${scale}`);
    this.scale = scale;
    this.dynamic = dynamic;
  }

  /** The episode's lights (after reset). */
  get state(): Lighting | null {
    return this.lighting;
  }

  reset(rng: Rng, _scene: Scene): void {
    const s = this.scale;
    const f = () => rng.uniformIn(1 - s, 1 + s);
    const tilt = rng.uniformIn(0, (Math.PI / 2) * s);
    const azimuth = rng.uniformIn(0, 2 * Math.PI);
    const d = DEFAULT_LIGHTING;
    this.lighting = {
      ambient: d.ambient * f(),
      headlight: d.headlight * f(),
      directional: d.directional * f(),
      direction: [Math.sin(tilt) * Math.cos(azimuth), Math.sin(tilt) * Math.sin(azimuth), Math.cos(tilt)],
      tint: [0, 1, 2].map(() => rng.uniformIn(1 - s / 2, 1 + s / 2)) as [number, number, number],
    };
    this.base = [this.lighting.ambient, this.lighting.headlight, this.lighting.directional];
    this.rng = rng;
  }

  apply(scene: Scene, frame: number): undefined {
    const L = this.lighting;
    if (!L || !this.rng) throw new ReproError("lighting distraction used before reset");
    if (this.dynamic && frame > 0 && this.scale > 0) {
      const keys = ["ambient", "headlight", "directional"] as const;
      keys.forEach((k, i) => {
        const b = this.base[i]!;
        const lo = b * (1 - this.scale), hi = b * (1 + this.scale);
        L[k] = Math.min(hi, Math.max(lo, L[k] + this.rng!.normal(0, 0.03 * this.scale * b)));
      });
    }
    scene.lighting = L;
    return undefined;
  }
}
