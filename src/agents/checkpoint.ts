/**
 * Checkpoint files: one JSON (small state, with typed arrays replaced by references) plus one
 * binary file holding every typed array back to back. Written to a temporary folder and
 * renamed over the old checkpoint, so an interrupted write never leaves a half checkpoint.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ReproError } from "../core/errors.js";

type Typed = Float32Array | Float64Array | Uint8Array | Int32Array;
const CTORS = { Float32Array, Float64Array, Uint8Array, Int32Array } as const;
type CtorName = keyof typeof CTORS;

interface ArrayRef {
  $array: CtorName;
  offset: number;
  length: number;
}

function isTyped(x: unknown): x is Typed {
  return x instanceof Float32Array || x instanceof Float64Array || x instanceof Uint8Array || x instanceof Int32Array;
}

/** Save `state` (plain JSON plus typed arrays anywhere inside) into folder `dir`. */
export function saveCheckpoint(dir: string, state: unknown): void {
  const chunks: Buffer[] = [];
  let offset = 0;
  const encode = (x: unknown): unknown => {
    if (isTyped(x)) {
      const pad = (8 - (offset % 8)) % 8;
      if (pad) {
        chunks.push(Buffer.alloc(pad));
        offset += pad;
      }
      const ref: ArrayRef = { $array: x.constructor.name as CtorName, offset, length: x.length };
      chunks.push(Buffer.from(x.buffer, x.byteOffset, x.byteLength));
      offset += x.byteLength;
      return ref;
    }
    if (Array.isArray(x)) return x.map(encode);
    if (x !== null && typeof x === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(x)) out[k] = encode(v);
      return out;
    }
    if (typeof x === "number" && !Number.isFinite(x)) return { $number: String(x) };
    return x;
  };
  const json = JSON.stringify(encode(state));
  const parent = path.dirname(dir);
  fs.mkdirSync(parent, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  fs.writeFileSync(path.join(tmp, "arrays.bin"), Buffer.concat(chunks));
  fs.writeFileSync(path.join(tmp, "state.json"), json);
  const old = `${dir}.old-${process.pid}`;
  if (fs.existsSync(dir)) fs.renameSync(dir, old);
  fs.renameSync(tmp, dir);
  fs.rmSync(old, { recursive: true, force: true });
}

export function hasCheckpoint(dir: string): boolean {
  return fs.existsSync(path.join(dir, "state.json")) && fs.existsSync(path.join(dir, "arrays.bin"));
}

/** Load a checkpoint saved by `saveCheckpoint`. */
export function loadCheckpoint<T>(dir: string): T {
  if (!hasCheckpoint(dir)) throw new ReproError(`no checkpoint in ${dir}; run without --resume to start fresh`);
  const bin = fs.readFileSync(path.join(dir, "arrays.bin"));
  const buf = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  const decode = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(decode);
    if (x !== null && typeof x === "object") {
      const o = x as Record<string, unknown>;
      if (typeof o["$array"] === "string") {
        const ref = o as unknown as ArrayRef;
        const C = CTORS[ref.$array];
        if (!C) throw new ReproError(`checkpoint ${dir}: unknown array type ${ref.$array}`);
        return new C(buf.slice(ref.offset, ref.offset + ref.length * C.BYTES_PER_ELEMENT));
      }
      if (typeof o["$number"] === "string") return Number(o["$number"]);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(o)) out[k] = decode(v);
      return out;
    }
    return x;
  };
  return decode(JSON.parse(fs.readFileSync(path.join(dir, "state.json"), "utf8"))) as T;
}
