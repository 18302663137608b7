/**
 * The one place that talks to the official MuJoCo WebAssembly module (npm `mujoco-js` 0.0.7).
 *
 * Why one module: the bindings are young (the API keeps moving upstream), ESM-only while this
 * package is CommonJS, and manage memory by hand (`delete()`). Everything else in `src/envs`
 * uses `MujocoPhysics` and never touches the wasm objects.
 *
 * Memory rules kept here:
 * - one `MjModel` + one `MjData` per physics object, created once; episodes reuse them via
 *   `mj_resetData` (no allocation per episode), so the wasm heap stays flat over resets;
 * - typed-array views into the wasm heap are cached and re-fetched when the heap grows
 *   (growth detaches the old `ArrayBuffer`, whose `byteLength` then reads 0);
 * - `dispose()` frees both objects; using a disposed physics throws.
 *
 * Step semantics follow dm_control's `Physics.step`: after `step()` every position- and
 * velocity-dependent quantity (geom poses, camera poses, velocity sensors) matches the new
 * `qpos`/`qvel`. With the Euler integrator this is `mj_step2` followed by `mj_step1` (the
 * forward pass of the new state is shared with the next step); other integrators run
 * `mj_step` followed by `mj_step1`.
 */

import { ReproError } from "../../core/errors.js";

/** The loaded Emscripten module. Typed loosely: the upstream .d.ts is ESM-only and unstable. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MujocoModule = any;

let modulePromise: Promise<MujocoModule> | null = null;
let loadedModule: MujocoModule | null = null;
let fileCounter = 0;

/** Load (once per process) and return the MuJoCo wasm module. */
export function loadMujoco(): Promise<MujocoModule> {
  if (modulePromise === null) {
    modulePromise = (async () => {
      let factory: (opts?: unknown) => Promise<MujocoModule>;
      try {
        // Stays a real dynamic import in the CommonJS output (module: node16).
        const ns = (await import("mujoco-js")) as { default: typeof factory };
        factory = ns.default;
      } catch (err) {
        throw new ReproError(
          `could not import the MuJoCo wasm module 'mujoco-js' (${String(err)}); run npm ci in the project root`,
        );
      }
      const mj = await factory();
      loadedModule = mj;
      return mj;
    })();
  }
  return modulePromise;
}

/** The module if already loaded (synchronous access for code that ran `loadMujoco` before). */
export function loadedMujoco(): MujocoModule {
  if (loadedModule === null) {
    throw new ReproError("MuJoCo is not loaded yet; await loadMujoco() (or use the async makeEnv) first");
  }
  return loadedModule;
}

/** MuJoCo version number (e.g. 338 for 3.3.8). */
export function mujocoVersion(): number {
  return loadedMujoco().mj_version() as number;
}

/** Current size of the wasm linear memory in bytes (the heap grows but never shrinks). */
export function wasmHeapBytes(): number {
  loadedMujoco();
  // The module does not export HEAP8; any typed-array view into the heap reports its size.
  // The heap only grows while allocating (model/data creation), which refreshes the probe.
  if (probeView !== null && probeView.buffer.byteLength > 0) return probeView.buffer.byteLength;
  throw new ReproError("cannot read the wasm heap size: create a MujocoPhysics first");
}
let probeView: Float64Array | null = null;

/** MuJoCo object types used with `name2id` (mjtObj). */
export const ObjType = { body: 1, joint: 3, dof: 4, geom: 5, site: 6, camera: 7, actuator: 19, sensor: 20 } as const;
export type ObjTypeName = keyof typeof ObjType;

/** MuJoCo geom types (mjtGeom). */
export const GeomType = { plane: 0, hfield: 1, sphere: 2, capsule: 3, ellipsoid: 4, cylinder: 5, box: 6, mesh: 7 } as const;

/** MuJoCo joint types (mjtJoint). */
export const JointType = { free: 0, ball: 1, slide: 2, hinge: 3 } as const;

type ModelField =
  | "geom_type" | "geom_size" | "geom_rgba" | "geom_pos" | "geom_bodyid" | "geom_group" | "geom_contype"
  | "jnt_type" | "jnt_limited" | "jnt_range" | "jnt_qposadr" | "jnt_dofadr"
  | "actuator_ctrlrange" | "dof_damping" | "site_size" | "site_rgba" | "site_pos"
  | "cam_fovy" | "cam_pos" | "cam_quat" | "cam_mode" | "cam_bodyid" | "geom_friction"
  | "body_mass" | "body_pos" | "sensor_adr" | "sensor_dim";
type DataField =
  | "qpos" | "qvel" | "ctrl" | "act" | "xpos" | "xmat" | "geom_xpos" | "geom_xmat" | "site_xpos" | "site_xmat"
  | "cam_xpos" | "cam_xmat" | "subtree_com" | "sensordata" | "qacc_warmstart";

/** One MuJoCo model + data pair with dm_control-like stepping. */
export class MujocoPhysics {
  readonly name: string;
  readonly nq: number;
  readonly nv: number;
  readonly nu: number;
  readonly ngeom: number;
  readonly nbody: number;
  readonly njnt: number;
  readonly nsite: number;
  readonly ncam: number;
  readonly timestep: number;
  private readonly mj: MujocoModule;
  private model: MujocoModule;
  private data: MujocoModule;
  private readonly euler: boolean;
  private views = new Map<string, Float64Array | Int32Array | Float32Array>();
  private disposed = false;

  private constructor(mj: MujocoModule, model: MujocoModule, data: MujocoModule, name: string) {
    this.mj = mj;
    this.model = model;
    this.data = data;
    this.name = name;
    this.nq = model.nq;
    this.nv = model.nv;
    this.nu = model.nu;
    this.ngeom = model.ngeom;
    this.nbody = model.nbody;
    this.njnt = model.njnt;
    this.nsite = model.nsite;
    this.ncam = model.ncam;
    this.timestep = model.opt.timestep;
    this.euler = model.opt.integrator === 0;
    probeView = data.qpos as Float64Array;
  }

  /** Compile an MJCF string. The module must be loaded (`await loadMujoco()`). */
  static fromXml(xml: string, name: string): MujocoPhysics {
    const mj = loadedMujoco();
    const path = `/reprorl_${name.replace(/[^A-Za-z0-9_-]/g, "_")}_${fileCounter++}.xml`;
    mj.FS.writeFile(path, xml);
    let model: MujocoModule;
    try {
      model = mj.MjModel.loadFromXML(path);
    } catch (err) {
      throw new ReproError(`MuJoCo could not compile the MJCF model '${name}' (${String(err)}); check the XML`);
    } finally {
      try {
        mj.FS.unlink(path);
      } catch {
        /* file already gone */
      }
    }
    if (!model) throw new ReproError(`MuJoCo returned no model for '${name}'; check the XML`);
    const data = new mj.MjData(model);
    const physics = new MujocoPhysics(mj, model, data, name);
    physics.forward();
    return physics;
  }

  private check(): void {
    if (this.disposed) throw new ReproError(`physics '${this.name}' was disposed; create a new environment`);
  }

  private view(owner: "m" | "d", field: string): Float64Array {
    const key = owner + field;
    let v = this.views.get(key);
    if (v === undefined || v.buffer.byteLength === 0) {
      this.check();
      v = (owner === "m" ? this.model[field] : this.data[field]) as Float64Array;
      this.views.set(key, v);
    }
    return v as Float64Array;
  }

  /** A live view of an `mjModel` array (writable: changes take effect on the next step). */
  modelArray(field: ModelField): Float64Array {
    return this.view("m", field);
  }
  /** A live view of an `mjData` array. */
  dataArray(field: DataField): Float64Array {
    return this.view("d", field);
  }

  get qpos(): Float64Array { return this.view("d", "qpos"); }
  get qvel(): Float64Array { return this.view("d", "qvel"); }
  get ctrl(): Float64Array { return this.view("d", "ctrl"); }
  get sensordata(): Float64Array { return this.view("d", "sensordata"); }
  get time(): number { this.check(); return this.data.time as number; }
  set time(t: number) { this.check(); this.data.time = t; }
  /** Number of active contacts after the last forward pass. */
  get ncon(): number { this.check(); return this.data.ncon as number; }

  /** Id of a named object, or throws a one-line error if it does not exist. */
  id(type: ObjTypeName, name: string): number {
    this.check();
    const i = this.mj.mj_name2id(this.model, ObjType[type], name) as number;
    if (i < 0) throw new ReproError(`model '${this.name}' has no ${type} named '${name}'`);
    return i;
  }

  /** Position-dependent and velocity-dependent quantities for the current qpos/qvel. */
  forward(): void {
    this.check();
    this.mj.mj_forward(this.model, this.data);
  }

  /** Advance `nstep` physics steps; afterwards all kinematic quantities match the new state. */
  step(nstep = 1): void {
    this.check();
    const mj = this.mj;
    const m = this.model;
    const d = this.data;
    for (let i = 0; i < nstep; i++) {
      if (this.euler) {
        mj.mj_step2(m, d);
      } else {
        mj.mj_step(m, d);
      }
      mj.mj_step1(m, d);
    }
  }

  /** Reset the data to the model defaults (qpos0, zero velocity, time 0) without allocating. */
  resetData(): void {
    this.check();
    this.mj.mj_resetData(this.model, this.data);
  }

  /** Free the wasm objects. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.views.clear();
    this.data.delete();
    this.model.delete();
    this.data = null;
    this.model = null;
  }
}
