/**
 * Per-run checkpoints of a Chapter 6 seed: each finished run (method × keep ratio × variant) is
 * written to `<checkpoint root>/seed-<k>/<run id>.json` the moment it ends, so a cut seed
 * resumes after its last finished run instead of from scratch (a medium-tier seed is ≈ 1 h on a
 * free core). The folder is keyed by the tier's config hash: a changed config never resumes
 * from another config's runs. The chapter removes it once the seed's tables are stored.
 *
 * JSON has no NaN (the learning curves store NaN where a method has no such agent): numbers
 * that are not finite are written as strings and read back.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../../../analysis/results/atomic.js";
import { ReproError } from "../../../core/errors.js";
import type { RunOneResult, RunSeedOptions } from "./run.js";

const NON_FINITE = new Set(["NaN", "Infinity", "-Infinity"]);

function encode(result: RunOneResult): string {
  return JSON.stringify({ nonFinite: true, result }, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v));
}

function decode(text: string, file: string): RunOneResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (_k, v: unknown) => (typeof v === "string" && NON_FINITE.has(v) ? Number(v) : v));
  } catch (e) {
    throw new ReproError(`Chapter 6 run checkpoint ${file} is not valid JSON (${(e as Error).message}); delete it to recompute that run`);
  }
  const r = (parsed as { result?: RunOneResult }).result;
  if (!r || typeof r.row?.id !== "string" || !Array.isArray(r.curve)) throw new ReproError(`Chapter 6 run checkpoint ${file} has no run result; delete it to recompute that run`);
  return r;
}

/** The checkpoint folder of one seed under `root`, keyed by a hash of the tier's config. */
export function seedCheckpointFolder(root: string, config: unknown, seed: number): string {
  const hash = createHash("sha256").update(JSON.stringify(config)).digest("hex").slice(0, 12);
  return path.join(root, `config-${hash}`, `seed-${seed}`);
}

/** A per-run checkpoint store in `folder` (created on first save). */
export function runCheckpoints(folder: string): NonNullable<RunSeedOptions["checkpoint"]> {
  const file = (id: string) => path.join(folder, `${id.replace(/[^A-Za-z0-9@._-]/g, "_")}.json`);
  return {
    done(id) {
      const f = file(id);
      if (!fs.existsSync(f)) return undefined;
      const r = decode(fs.readFileSync(f, "utf8"), f);
      if (r.row.id !== id) throw new ReproError(`Chapter 6 run checkpoint ${f} holds run '${r.row.id}', not '${id}'; delete it to recompute that run`);
      return r;
    },
    save(id, result) {
      fs.mkdirSync(folder, { recursive: true });
      writeFileAtomic(file(id), encode(result));
    },
  };
}
