/**
 * ES-module-only packages in notebook cells.
 *
 * tslab compiles a cell to CommonJS: `import x from "pkg"` and `await import("pkg")` both
 * become `require("pkg")`. Node ≥ 20.19 can `require()` a synchronous ES module, but not one
 * with top-level await (ERR_REQUIRE_ASYNC_MODULE) nor a package that exports only an
 * `import` condition (ERR_PACKAGE_PATH_NOT_EXPORTED). So before a cell runs, every package it
 * imports that resolves to an ES module is loaded with a real `import()` and kept here; the
 * cell's `require` returns that namespace (marked `__esModule`, as Node's own require(esm)
 * does, so TypeScript's default-import interop picks `default`).
 */
import { builtinModules } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

/** Module specifiers a cell imports (static imports, re-exports, `import()` and `require()` with a literal). */
export function importedSpecifiers(code: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /\bimport\s+(?:type\s+)?[\w$*{}\s,]*?\s*from\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bexport\s+[\w$*{}\s,]*?\s*from\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.add(m[1]!);
  return [...found];
}

/** A bare package specifier (not relative, absolute, a URL or a Node builtin). */
export function isPackageSpecifier(spec: string): boolean {
  if (spec.startsWith(".") || spec.startsWith("/") || /^[a-z]+:/i.test(spec)) return false;
  return !builtinModules.includes(spec) && !builtinModules.includes(spec.split("/")[0]!);
}

type Exports = string | null | Exports[] | { [key: string]: Exports };

/** Resolves a package `exports` target for one subpath and condition list (Node's algorithm, without pattern trailers). */
export function resolveExports(exportsField: Exports, subpath: string, conditions: readonly string[]): string | undefined {
  const pick = (target: Exports, star?: string): string | undefined => {
    if (typeof target === "string") return star === undefined ? target : target.split("*").join(star);
    if (target === null) return undefined;
    if (Array.isArray(target)) {
      for (const t of target) {
        const r = pick(t, star);
        if (r !== undefined) return r;
      }
      return undefined;
    }
    for (const [key, value] of Object.entries(target)) {
      if (key === "default" || conditions.includes(key)) {
        const r = pick(value, star);
        if (r !== undefined) return r;
      }
    }
    return undefined;
  };
  const isSubpathMap =
    typeof exportsField === "object" && exportsField !== null && !Array.isArray(exportsField) && Object.keys(exportsField).some((k) => k.startsWith("."));
  if (!isSubpathMap) return subpath === "." ? pick(exportsField) : undefined;
  const map = exportsField as Record<string, Exports>;
  if (subpath in map) return pick(map[subpath]!);
  for (const [key, value] of Object.entries(map)) {
    const star = key.indexOf("*");
    if (star < 0) continue;
    const [pre, post] = [key.slice(0, star), key.slice(star + 1)];
    if (subpath.startsWith(pre) && subpath.endsWith(post) && subpath.length >= key.length - 1) {
      return pick(value, subpath.slice(pre.length, subpath.length - post.length));
    }
  }
  return undefined;
}

/** The file `import(spec)` would load from `fromDir` (node_modules lookup + `exports` with the import conditions), or undefined. */
export function resolveImport(spec: string, fromDir: string): string | undefined {
  const parts = spec.split("/");
  const name = spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
  const subpath = "." + spec.slice(name.length);
  for (let dir = path.resolve(fromDir); ; dir = path.dirname(dir)) {
    const pkgDir = path.join(dir, "node_modules", name);
    const pkgJson = path.join(pkgDir, "package.json");
    if (existsSync(pkgJson)) {
      const pkg = JSON.parse(readFileSync(pkgJson, "utf8")) as { exports?: Exports; module?: string; main?: string };
      const target =
        pkg.exports !== undefined ? resolveExports(pkg.exports, subpath, ["node", "import"]) : subpath === "." ? pkg.main ?? "index.js" : subpath;
      return target === undefined ? undefined : path.join(pkgDir, target);
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** True when Node loads `file` as an ES module (.mjs, or .js under a `"type": "module"` package.json). */
export function isEsmFile(file: string): boolean {
  if (file.endsWith(".mjs")) return true;
  if (!file.endsWith(".js")) return false;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const pkgJson = path.join(dir, "package.json");
    if (existsSync(pkgJson)) return (JSON.parse(readFileSync(pkgJson, "utf8")) as { type?: string }).type === "module";
    if (path.dirname(dir) === dir) return false;
  }
}

/** The namespace as CommonJS interop expects it: live getters plus `__esModule: true`. */
function interopNamespace(ns: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(ns)) Object.defineProperty(out, key, { enumerable: true, get: () => ns[key] });
  Object.defineProperty(out, "__esModule", { value: true });
  return out;
}

type RequireFn = NodeJS.Require;

/** Loads and remembers ES-module packages for the cells of one kernel. */
export class EsmPackages {
  private readonly loaded = new Map<string, Record<string, unknown>>();

  constructor(
    private readonly cwd: string,
    private readonly resolveCjs: (spec: string) => string,
  ) {}

  /** Imports every ES-module package `code` uses that is not loaded yet. Throws what the import throws. */
  async preload(code: string): Promise<void> {
    for (const spec of importedSpecifiers(code)) {
      if (!isPackageSpecifier(spec) || this.loaded.has(spec)) continue;
      let file: string | undefined;
      try {
        file = this.resolveCjs(spec);
      } catch {
        file = resolveImport(spec, this.cwd); // e.g. a package whose exports have only `import`
      }
      if (file === undefined || !isEsmFile(file)) continue;
      const ns = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      this.loaded.set(spec, interopNamespace(ns));
    }
  }

  /** `require` for cells: preloaded ES-module packages first, then the given require. */
  wrap(req: RequireFn): RequireFn {
    const loaded = this.loaded;
    return new Proxy(req, {
      apply(target, thisArg, args: unknown[]) {
        const hit = typeof args[0] === "string" ? loaded.get(args[0]) : undefined;
        return hit ?? Reflect.apply(target, thisArg, args);
      },
    });
  }
}
