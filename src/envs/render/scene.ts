/**
 * A renderable snapshot of a MuJoCo scene: camera, primitive geoms with world poses and
 * colours, and thin line segments. Built from a `MujocoPhysics` (see `sceneFromPhysics`),
 * consumed by the software renderer. Plain numbers only, so the renderer has no wasm dependency.
 */

import { GeomType, type MujocoPhysics } from "../mujoco/adapter.js";

export interface CameraPose {
  /** World position. */
  pos: [number, number, number];
  /**
   * 3×3 rotation, row-major, columns = camera axes in world coordinates (MuJoCo's
   * `cam_xmat`): column 0 = right, column 1 = up, column 2 = backwards (the camera looks along −column 2).
   */
  mat: Float64Array;
  /** Vertical field of view in degrees. */
  fovy: number;
}

export interface SceneGeom {
  type: number; // GeomType value
  size: [number, number, number];
  pos: [number, number, number];
  /** Row-major 3×3 world rotation (local → world). */
  mat: Float64Array;
  rgb: [number, number, number];
  /** Planes only: draw a checker with this second colour. */
  checker?: [number, number, number];
  /** Planes only: checker period in metres (default 1: two 0.5 m squares). */
  checkerPeriod?: number;
  /**
   * Planes only: colour at world point (x, y), overriding rgb/checker (e.g. a road with lane
   * markings). Must return an array it owns (may be reused between calls).
   */
  texture?: (x: number, y: number) => readonly [number, number, number];
}

/**
 * The renderer's lights (Lambert): ambient + a headlight along the view ray + one directional
 * light; `tint` multiplies every lit colour (light colour). Absent: the renderer's defaults
 * (ambient 0.35, headlight 0.6, top light 0.25 from +z, white).
 */
export interface Lighting {
  ambient: number;
  headlight: number;
  directional: number;
  /** Unit vector towards the directional light (world). */
  direction: [number, number, number];
  tint: [number, number, number];
}

export interface Scene {
  camera: CameraPose;
  /** Lights; undefined = the renderer's fixed defaults (a distraction may set it per frame). */
  lighting?: Lighting;
  geoms: SceneGeom[];
  /** Line segments [x0,y0,z0,x1,y1,z1, ...] with one colour. */
  segments: number[];
  segmentRgb: [number, number, number];
}

export { GeomType };

/**
 * Fill (or create) a Scene from the physics' current state. Geoms in groups ≥ 3 (MuJoCo's
 * hidden-by-default groups) and fully transparent geoms are skipped. `checkerGeoms`
 * names the plane geoms drawn as a checkerboard with `checker2`.
 */
export class SceneExtractor {
  private readonly visible: number[] = [];
  private readonly camId: number;
  readonly scene: Scene;
  private readonly physics: MujocoPhysics;
  private readonly segmentsFn: ((out: number[]) => void) | undefined;
  private readonly checker2: [number, number, number];
  private readonly fovy: number;

  constructor(
    physics: MujocoPhysics,
    cameraName: string,
    checker2: [number, number, number],
    segments?: (out: number[]) => void,
  ) {
    this.physics = physics;
    this.camId = physics.id("camera", cameraName);
    this.segmentsFn = segments;
    this.checker2 = [...checker2] as [number, number, number];
    const group = physics.modelArray("geom_group") as unknown as Int32Array;
    const rgba = physics.modelArray("geom_rgba") as unknown as Float32Array;
    const type = physics.modelArray("geom_type") as unknown as Int32Array;
    const geoms: SceneGeom[] = [];
    for (let g = 0; g < physics.ngeom; g++) {
      if (group[g]! >= 3 || rgba[4 * g + 3]! <= 0) continue;
      this.visible.push(g);
      const t = type[g]!;
      geoms.push({
        type: t,
        size: [0, 0, 0],
        pos: [0, 0, 0],
        mat: new Float64Array(9),
        rgb: [rgba[4 * g]!, rgba[4 * g + 1]!, rgba[4 * g + 2]!],
        ...(t === GeomType.plane ? { checker: [...checker2] as [number, number, number] } : {}),
      });
    }
    const fovy = (physics.modelArray("cam_fovy") as Float64Array)[this.camId]!;
    this.fovy = fovy;
    this.scene = {
      camera: { pos: [0, 0, 0], mat: new Float64Array(9), fovy },
      geoms,
      segments: [],
      segmentRgb: [0.3, 0.3, 0.3],
    };
    this.update();
  }

  /** Copy the current poses (and sizes, which tasks may change) into `scene`. */
  update(): Scene {
    const p = this.physics;
    const xpos = p.dataArray("geom_xpos");
    const xmat = p.dataArray("geom_xmat");
    const size = p.modelArray("geom_size");
    const rgba = p.modelArray("geom_rgba") as unknown as Float32Array;
    for (let k = 0; k < this.visible.length; k++) {
      const g = this.visible[k]!;
      const sg = this.scene.geoms[k]!;
      for (let i = 0; i < 3; i++) {
        sg.pos[i] = xpos[3 * g + i]!;
        sg.size[i] = size[3 * g + i]!;
        sg.rgb[i] = rgba[4 * g + i]!;
      }
      for (let i = 0; i < 9; i++) sg.mat[i] = xmat[9 * g + i]!;
      if (sg.checker) for (let i = 0; i < 3; i++) sg.checker[i] = this.checker2[i]!;
    }
    const cp = p.dataArray("cam_xpos");
    const cm = p.dataArray("cam_xmat");
    const c = this.scene.camera;
    for (let i = 0; i < 3; i++) c.pos[i] = cp[3 * this.camId + i]!;
    for (let i = 0; i < 9; i++) c.mat[i] = cm[9 * this.camId + i]!;
    c.fovy = this.fovy;
    this.scene.segments.length = 0;
    if (this.segmentsFn) this.segmentsFn(this.scene.segments);
    return this.scene;
  }
}
