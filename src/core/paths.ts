/**
 * Where the project's folders are, independent of the process's working directory.
 *
 * Notebooks run with cwd = the notebook's folder and the CLI may run from anywhere, so
 * paths are resolved from the package root: the nearest folder above this file whose
 * package.json has `"name": "reprorl"`. Works from `src/` (vitest, tslab via ts) and from
 * `dist/` (compiled) alike.
 */

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ReproError } from "./errors.js";

const PACKAGE_NAME = "reprorl";

let cachedRoot: string | null = null;

/** True when `dir/package.json` exists and names the reprorl package. */
function isPackageRoot(dir: string): boolean {
  const file = path.join(dir, "package.json");
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    return (
      typeof parsed === "object" &&
      parsed !== null &&
      (parsed as { name?: unknown }).name === PACKAGE_NAME
    );
  } catch {
    return false;
  }
}

/**
 * Walk up from `start` to the first folder whose package.json is named "reprorl".
 * Exposed for tests; use `packageRoot()` in library code.
 */
export function findPackageRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (isPackageRoot(dir)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new ReproError(
        `could not find the reprorl package root above ${start}: no package.json with "name": "reprorl"; run from an installed reprorl checkout`,
      );
    }
    dir = parent;
  }
}

/** Absolute path of the reprorl package root (cached after the first call). */
export function packageRoot(): string {
  if (cachedRoot === null) cachedRoot = findPackageRoot(__dirname);
  return cachedRoot;
}

/** `<package root>/data/results`: stored per-seed results. */
export function resultsRoot(): string {
  return path.join(packageRoot(), "data", "results");
}

/** `<package root>/figures`: exported figures and tables per chapter id. */
export function figuresRoot(): string {
  return path.join(packageRoot(), "figures");
}

/** The `version` field of the reprorl package.json ("unknown" if absent). */
export function packageVersion(): string {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as {
      version?: unknown;
    };
    return typeof parsed.version === "string" ? parsed.version : "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * Where a run of this tier writes its results and figures. `small` and `paper` write into the
 * package (data/results, figures) — those are the committed outputs. `smoke` runs (tests, CI,
 * quick checks) write under the OS temp folder, so they never overwrite committed results.
 * `REPRORL_OUTPUT_ROOT` overrides both (a folder that gets data/results and figures inside).
 */
export function outputRoot(tier: string): string {
  const override = process.env.REPRORL_OUTPUT_ROOT;
  if (override !== undefined && override !== "") return path.resolve(override);
  return tier === "smoke" ? path.join(os.tmpdir(), "reprorl-smoke") : packageRoot();
}

/** `outputRoot(tier)/data/results`. */
export function resultsRootFor(tier: string): string {
  return path.join(outputRoot(tier), "data", "results");
}

/**
 * `outputRoot(tier)/figures`; the medium tier's under `figures/medium`, so a chapter's small
 * and medium figures and claims tables sit side by side (its results share one store: the
 * experiments of the two tiers have different names).
 */
export function figuresRootFor(tier: string): string {
  return tier === "medium" ? path.join(outputRoot(tier), "figures", "medium") : path.join(outputRoot(tier), "figures");
}
