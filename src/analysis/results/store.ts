/**
 * The results store: one file pair per run,
 *
 *   <root>/<chapter-id>/<experiment>/<method>/seed-<k>.csv   per-step (or per-eval) rows
 *   <root>/<chapter-id>/<experiment>/<method>/seed-<k>.json  metadata (`RunMeta`)
 *
 * `root` defaults to `<package root>/data/results`. Everything is validated before the
 * first byte is written, and both files are written atomically (temp file in the same
 * folder, then rename; CSV first, JSON last). The JSON records the CSV's SHA-256 and row
 * count, so a CSV that was cut short, edited, or left from an interrupted overwrite is
 * caught on reading. Readers name the offending file in a one-line ReproError.
 */

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ReproError } from "../../core/errors.js";
import { packageRoot, packageVersion, resultsRoot } from "../../core/paths.js";
import { writeFilesAtomic, isHiddenFile } from "./atomic.js";
import { CsvSyntaxError, formatCsv, formatNumberCell, parseCsv, parseNumberCell } from "./csv.js";
import { checkChapterId, checkSeed, checkSegment } from "./names.js";
import { TIERS, type Tier } from "../../core/tiers.js";

export const RUN_SCHEMA = "reprorl.run/1";

export type Cell = number | string;
export type Row = Record<string, Cell>;
export type ColumnType = "number" | "string";
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** What the caller supplies about a run. */
export interface RunMetaInput {
  /** The experiment config (plain JSON). */
  config: Record<string, unknown>;
  tier: Tier;
  /** Backend description (plain JSON), e.g. { name: "wasm", simd: true }. */
  backend: Record<string, unknown>;
  /** Wall time of the run in seconds. */
  wallTimeSec: number;
  /** Anything else worth keeping (plain JSON), e.g. final evaluation numbers. */
  notes?: Record<string, unknown>;
}

/** The stored metadata JSON. */
export interface RunMeta {
  schema: typeof RUN_SCHEMA;
  chapter: string;
  experiment: string;
  method: string;
  seed: number;
  tier: Tier;
  config: Record<string, JsonValue>;
  backend: Record<string, JsonValue>;
  gitCommit: string;
  wallTimeSec: number;
  createdAt: string;
  reprorlVersion: string;
  columns: { name: string; type: ColumnType }[];
  rowCount: number;
  csvSha256: string;
  notes?: Record<string, JsonValue>;
}

export interface WriteRunArgs {
  /** Store root (default `resultsRoot()`). */
  root?: string;
  chapter: string;
  experiment: string;
  method: string;
  seed: number;
  rows: readonly Row[];
  meta: RunMetaInput;
  /** Replace an existing run with the same seed (default true). */
  overwrite?: boolean;
}

/** A run read back from the store. */
export interface StoredRun {
  chapter: string;
  experiment: string;
  method: string;
  seed: number;
  meta: RunMeta;
  /** Column names in file order. */
  columns: string[];
  rows: Row[];
  csvPath: string;
  metaPath: string;
}

/** Folder of one (chapter, experiment, method). */
export function runFolder(root: string, chapter: string, experiment: string, method: string): string {
  return path.join(root, ...checkChapterId(chapter).split("/"), checkSegment(experiment, "experiment"), checkSegment(method, "method"));
}

/** Paths of one run's CSV and JSON. */
export function runPaths(
  root: string,
  chapter: string,
  experiment: string,
  method: string,
  seed: number,
): { csvPath: string; metaPath: string } {
  const dir = runFolder(root, chapter, experiment, method);
  const k = checkSeed(seed);
  return { csvPath: path.join(dir, `seed-${k}.csv`), metaPath: path.join(dir, `seed-${k}.json`) };
}

/** `git rev-parse HEAD` in `dir` (default: package root); "unknown" outside a git checkout. */
export function gitCommit(dir?: string): string {
  try {
    const out = execFileSync("git", ["rev-parse", "HEAD"], {
      cwd: dir ?? packageRoot(),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 10_000,
    }).trim();
    return /^[0-9a-f]{40,64}$/.test(out) ? out : "unknown";
  } catch {
    return "unknown";
  }
}

/** Check that `value` is plain JSON (no NaN/Infinity, functions, undefined, class instances, cycles). */
function checkJson(value: unknown, where: string, seen: Set<object> = new Set()): void {
  if (value === null || typeof value === "boolean" || typeof value === "string") return;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new ReproError(`${where} is ${value}; JSON metadata needs finite numbers (store it as a string)`);
    return;
  }
  if (typeof value !== "object") {
    throw new ReproError(`${where} is a ${typeof value}; metadata must be plain JSON (objects, arrays, strings, finite numbers, booleans, null)`);
  }
  if (seen.has(value)) throw new ReproError(`${where} refers back to itself; metadata must be plain JSON without cycles`);
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkJson(v, `${where}[${i}]`, seen));
  } else {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      throw new ReproError(`${where} is a ${(value as object).constructor?.name ?? "non-plain"} object; metadata must be plain JSON objects`);
    }
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) throw new ReproError(`${where}.${k} is undefined; drop the key or use null`);
      checkJson(v, `${where}.${k}`, seen);
    }
  }
  seen.delete(value);
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** Validate rows and turn them into header, column types and CSV text. */
function rowsToCsv(rows: readonly Row[]): { columns: { name: string; type: ColumnType }[]; csv: string } {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new ReproError("rows must be a non-empty array of objects (one per logged step or evaluation)");
  }
  if (!isPlainObject(rows[0])) throw new ReproError("rows[0] must be an object mapping column names to numbers or strings");
  const names = Object.keys(rows[0]);
  if (names.length === 0) throw new ReproError("rows[0] has no columns; log at least one value per row");
  const types: ColumnType[] = names.map((n) => (typeof rows[0]![n] === "number" ? "number" : "string"));
  const records: string[][] = [];
  rows.forEach((row, i) => {
    if (!isPlainObject(row)) throw new ReproError(`rows[${i}] must be an object mapping column names to numbers or strings`);
    const keys = Object.keys(row);
    if (keys.length !== names.length || keys.some((k) => !(k in rows[0]!))) {
      throw new ReproError(
        `rows[${i}] has columns [${keys.join(", ")}] but rows[0] has [${names.join(", ")}]; every row needs the same columns`,
      );
    }
    records.push(
      names.map((name, j) => {
        const v = row[name];
        if (typeof v === "number") {
          if (types[j] !== "number") throw new ReproError(`column "${name}" mixes strings and numbers (rows[${i}] is ${v}); keep one type per column`);
          return formatNumberCell(v);
        }
        if (typeof v === "string") {
          if (types[j] !== "string") throw new ReproError(`column "${name}" mixes numbers and strings (rows[${i}] is "${v}"); keep one type per column`);
          return v;
        }
        throw new ReproError(`rows[${i}].${name} is ${v === null ? "null" : typeof v}; cells must be numbers or strings`);
      }),
    );
  });
  return { columns: names.map((name, j) => ({ name, type: types[j]! })), csv: formatCsv(names, records) };
}

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** One run validated and serialised, ready to be written. */
interface PreparedRun {
  csvPath: string;
  metaPath: string;
  csv: string;
  json: string;
  meta: RunMeta;
}

/** Validate one run and render its two files (nothing is written). */
function prepareRun(args: WriteRunArgs): PreparedRun {
  const root = args.root ?? resultsRoot();
  const { csvPath, metaPath } = runPaths(root, args.chapter, args.experiment, args.method, args.seed);
  const m = args.meta;
  if (!isPlainObject(m)) throw new ReproError("meta must be an object with config, tier, backend and wallTimeSec");
  if (!TIERS.includes(m.tier)) throw new ReproError(`meta.tier must be one of ${TIERS.join(", ")}, got ${JSON.stringify(m.tier)}`);
  if (!isPlainObject(m.config)) throw new ReproError("meta.config must be the run's config object");
  if (!isPlainObject(m.backend)) throw new ReproError("meta.backend must be an object describing the backend, e.g. { name: \"wasm\" }");
  if (typeof m.wallTimeSec !== "number" || !Number.isFinite(m.wallTimeSec) || m.wallTimeSec < 0) {
    throw new ReproError(`meta.wallTimeSec must be a non-negative number of seconds, got ${JSON.stringify(m.wallTimeSec)}`);
  }
  checkJson(m.config, "meta.config");
  checkJson(m.backend, "meta.backend");
  if (m.notes !== undefined) {
    if (!isPlainObject(m.notes)) throw new ReproError("meta.notes must be an object when given");
    checkJson(m.notes, "meta.notes");
  }
  const { columns, csv } = rowsToCsv(args.rows);
  if (args.overwrite === false && (fs.existsSync(csvPath) || fs.existsSync(metaPath))) {
    throw new ReproError(`${csvPath} already exists; pass overwrite: true or use another seed`);
  }
  const meta: RunMeta = {
    schema: RUN_SCHEMA,
    chapter: args.chapter,
    experiment: args.experiment,
    method: args.method,
    seed: args.seed,
    tier: m.tier,
    config: m.config as Record<string, JsonValue>,
    backend: m.backend as Record<string, JsonValue>,
    gitCommit: gitCommit(),
    wallTimeSec: m.wallTimeSec,
    createdAt: new Date().toISOString(),
    reprorlVersion: packageVersion(),
    columns,
    rowCount: args.rows.length,
    csvSha256: sha256(csv),
    ...(m.notes !== undefined ? { notes: m.notes as Record<string, JsonValue> } : {}),
  };
  return { csvPath, metaPath, csv, json: JSON.stringify(meta, null, 2) + "\n", meta };
}

/**
 * Store one run (CSV rows + metadata JSON). Returns the written paths and metadata.
 * Throws a ReproError before writing anything if any argument is invalid.
 */
export function writeRun(args: WriteRunArgs): { csvPath: string; metaPath: string; meta: RunMeta } {
  const p = prepareRun(args);
  writeFilesAtomic([
    { path: p.csvPath, content: p.csv },
    { path: p.metaPath, content: p.json },
  ]);
  return { csvPath: p.csvPath, metaPath: p.metaPath, meta: p.meta };
}

/**
 * Store several runs that one computation produced (e.g. every table of one seed) as a
 * group: all are validated and rendered before anything is written, every temporary file is
 * written before the first rename, and the renames go CSVs first, then the JSONs in reverse
 * order, so the FIRST run's JSON appears last. A reader that finds that file therefore finds
 * the whole group (the first run is the group's marker: see `readStoredRun`).
 */
export function writeRunGroup(runs: readonly WriteRunArgs[]): { csvPath: string; metaPath: string; meta: RunMeta }[] {
  if (runs.length === 0) throw new ReproError("writeRunGroup needs at least one run");
  const prepared = runs.map(prepareRun);
  const paths = new Set<string>();
  for (const p of prepared) {
    if (paths.has(p.csvPath)) throw new ReproError(`the group writes ${p.csvPath} twice; give each run its own experiment/method/seed`);
    paths.add(p.csvPath);
  }
  writeFilesAtomic([
    ...prepared.map((p) => ({ path: p.csvPath, content: p.csv })),
    ...[...prepared].reverse().map((p) => ({ path: p.metaPath, content: p.json })),
  ]);
  return prepared.map((p) => ({ csvPath: p.csvPath, metaPath: p.metaPath, meta: p.meta }));
}

// ---------------------------------------------------------------- reading

const REQUIRED: readonly [keyof RunMeta, string][] = [
  ["schema", "string"],
  ["chapter", "string"],
  ["experiment", "string"],
  ["method", "string"],
  ["seed", "number"],
  ["tier", "string"],
  ["config", "object"],
  ["backend", "object"],
  ["gitCommit", "string"],
  ["wallTimeSec", "number"],
  ["createdAt", "string"],
  ["reprorlVersion", "string"],
  ["columns", "array"],
  ["rowCount", "number"],
  ["csvSha256", "string"],
];

/**
 * A stored run that cannot be read is never treated as missing (that would recompute it and
 * overwrite the file): the error names the file and the two ways out.
 */
function fail(file: string, detail: string): never {
  throw new ReproError(
    `bad stored result ${file}: ${detail}; restore it with \`git checkout -- ${file}\` if it is committed, or delete the run's seed-<k>.csv and seed-<k>.json to recompute it`,
  );
}

/** True when reading `file` failed because it does not exist (the only meaning of "missing"). */
export function isNotFound(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "ENOENT";
}

function readMeta(metaPath: string, expect: { chapter: string; experiment: string; method: string; seed: number }): RunMeta {
  let text: string;
  try {
    text = fs.readFileSync(metaPath, "utf8");
  } catch (err) {
    fail(metaPath, isNotFound(err) ? "metadata file is missing" : `metadata file is unreadable (${describeError(err)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    fail(metaPath, `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!isPlainObject(parsed)) fail(metaPath, "metadata must be a JSON object");
  const obj = parsed;
  const missing = REQUIRED.filter(([k]) => !(k in obj)).map(([k]) => k);
  if (missing.length > 0) fail(metaPath, `metadata is missing key${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
  for (const [k, type] of REQUIRED) {
    const v = obj[k];
    const ok = type === "array" ? Array.isArray(v) : type === "object" ? isPlainObject(v) : typeof v === type;
    if (!ok) fail(metaPath, `metadata key "${k}" should be ${type === "array" ? "an array" : `a ${type}`}`);
  }
  const meta = obj as unknown as RunMeta;
  if (meta.schema !== RUN_SCHEMA) fail(metaPath, `unknown schema "${meta.schema}" (expected "${RUN_SCHEMA}")`);
  if (meta.seed !== expect.seed) fail(metaPath, `metadata seed ${meta.seed} does not match the file name seed-${expect.seed}`);
  for (const k of ["chapter", "experiment", "method"] as const) {
    if (meta[k] !== expect[k]) fail(metaPath, `metadata ${k} "${meta[k]}" does not match its folder "${expect[k]}"`);
  }
  if (!TIERS.includes(meta.tier)) fail(metaPath, `tier "${meta.tier}" is not one of ${TIERS.join(", ")}`);
  meta.columns.forEach((c, i) => {
    if (!isPlainObject(c) || typeof c.name !== "string" || (c.type !== "number" && c.type !== "string")) {
      fail(metaPath, `columns[${i}] must be { name, type: "number" | "string" }`);
    }
  });
  return meta;
}

function readCsv(csvPath: string, meta: RunMeta, metaPath: string): Row[] {
  let text: string;
  try {
    text = fs.readFileSync(csvPath, "utf8");
  } catch (err) {
    fail(csvPath, `CSV file is ${isNotFound(err) ? "missing" : `unreadable (${describeError(err)})`} (its metadata ${path.basename(metaPath)} exists)`);
  }
  if (text.length === 0) fail(csvPath, "file is empty (no header)");
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) fail(csvPath, err.message);
    throw err;
  }
  const names = meta.columns.map((c) => c.name);
  const header = records[0] ?? [];
  if (header.length !== names.length || header.some((h, i) => h !== names[i])) {
    fail(csvPath, `header [${header.join(", ")}] is missing or differs from the columns in its metadata [${names.join(", ")}]`);
  }
  const rows: Row[] = [];
  for (let i = 1; i < records.length; i++) {
    const rec = records[i]!;
    if (rec.length !== names.length) {
      fail(csvPath, `row ${i} (line ${i + 1}) has ${rec.length} fields but the header has ${names.length} (file cut short?)`);
    }
    const row: Row = {};
    meta.columns.forEach((c, j) => {
      if (c.type === "number") {
        const v = parseNumberCell(rec[j]!);
        if (v === null) fail(csvPath, `row ${i} (line ${i + 1}) column "${c.name}" is "${rec[j]}", not a number`);
        row[c.name] = v;
      } else {
        row[c.name] = rec[j]!;
      }
    });
    rows.push(row);
  }
  if (!text.endsWith("\n")) fail(csvPath, "last line has no line break (file cut short)");
  if (rows.length !== meta.rowCount) {
    fail(csvPath, `has ${rows.length} rows but its metadata says ${meta.rowCount} (file cut short?)`);
  }
  if (sha256(text) !== meta.csvSha256) {
    fail(csvPath, `content does not match the checksum in ${path.basename(metaPath)} (edited, or left from an interrupted write)`);
  }
  return rows;
}

/** Read and validate one stored run. */
export function readRun(args: { root?: string; chapter: string; experiment: string; method: string; seed: number }): StoredRun {
  const root = args.root ?? resultsRoot();
  const { csvPath, metaPath } = runPaths(root, args.chapter, args.experiment, args.method, args.seed);
  const meta = readMeta(metaPath, args);
  const rows = readCsv(csvPath, meta, metaPath);
  return {
    chapter: args.chapter,
    experiment: args.experiment,
    method: args.method,
    seed: args.seed,
    meta,
    columns: meta.columns.map((c) => c.name),
    rows,
    csvPath,
    metaPath,
  };
}

function describeError(err: unknown): string {
  return err instanceof Error ? err.message.split("\n")[0]! : String(err);
}

/**
 * One run if it is stored, `undefined` if it is not: "not stored" means neither its CSV nor
 * its JSON exists. Anything else — one file of the pair missing, a truncated or edited CSV,
 * broken JSON, a checksum mismatch — is a one-line ReproError naming the file.
 */
export function readStoredRun(args: { root?: string; chapter: string; experiment: string; method: string; seed: number }): StoredRun | undefined {
  const root = args.root ?? resultsRoot();
  const { csvPath, metaPath } = runPaths(root, args.chapter, args.experiment, args.method, args.seed);
  if (!exists(csvPath) && !exists(metaPath)) return undefined;
  return readRun({ ...args, root });
}

/** `fs.existsSync` that lets errors other than "does not exist" (permissions, I/O) through. */
function exists(file: string): boolean {
  try {
    fs.statSync(file);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw new ReproError(`cannot read ${file}: ${describeError(err)}; check its permissions`);
  }
}

function subfolders(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !isHiddenFile(d.name))
    .map((d) => d.name)
    .sort();
}

const RUN_FILE = /^seed-(0|[1-9]\d*)\.(csv|json)$/;

/** Seeds present in a method folder; a CSV without its JSON (or the reverse) is an error. */
function seedsIn(dir: string): number[] {
  const csv = new Set<number>();
  const json = new Set<number>();
  for (const name of fs.readdirSync(dir)) {
    const m = RUN_FILE.exec(name);
    if (!m) continue;
    (m[2] === "csv" ? csv : json).add(Number(m[1]));
  }
  for (const k of csv) if (!json.has(k)) fail(path.join(dir, `seed-${k}.csv`), `its metadata seed-${k}.json is missing`);
  for (const k of json) if (!csv.has(k)) fail(path.join(dir, `seed-${k}.json`), `its data file seed-${k}.csv is missing`);
  return [...csv].sort((a, b) => a - b);
}

/** One stored (experiment, method) with its seeds. */
export interface StoredGroup {
  experiment: string;
  method: string;
  seeds: number[];
}

/**
 * What is stored for a chapter, from file names only (fast; contents are checked by
 * `readRuns`). Unpaired files raise an error naming them.
 */
export function listStored(chapter: string, opts: { root?: string } = {}): StoredGroup[] {
  const root = opts.root ?? resultsRoot();
  const chapterDir = path.join(root, ...checkChapterId(chapter).split("/"));
  const out: StoredGroup[] = [];
  for (const experiment of subfolders(chapterDir)) {
    for (const method of subfolders(path.join(chapterDir, experiment))) {
      const seeds = seedsIn(path.join(chapterDir, experiment, method));
      if (seeds.length > 0) out.push({ experiment, method, seeds });
    }
  }
  return out;
}

/** Stored runs and the sum of their recorded wall times, per tier. */
export interface TierWallTime {
  tier: Tier;
  runs: number;
  /** Σ of the runs' `wallTimeSec` (runs in parallel workers overlap: a session's wall clock is shorter). */
  wallTimeSec: number;
}

/** Per tier, how many runs of a chapter are stored and their summed wall time (from each run's metadata). */
export function storedWallTimes(chapter: string, opts: { root?: string } = {}): TierWallTime[] {
  const root = opts.root ?? resultsRoot();
  const by = new Map<Tier, TierWallTime>();
  for (const g of listStored(chapter, { root })) {
    for (const seed of g.seeds) {
      const meta = readMeta(runPaths(root, chapter, g.experiment, g.method, seed).metaPath, { chapter, experiment: g.experiment, method: g.method, seed });
      const t = by.get(meta.tier) ?? { tier: meta.tier, runs: 0, wallTimeSec: 0 };
      t.runs++;
      t.wallTimeSec += Number.isFinite(meta.wallTimeSec) ? meta.wallTimeSec : 0;
      by.set(meta.tier, t);
    }
  }
  return TIERS.flatMap((t) => (by.has(t) ? [by.get(t)!] : []));
}

/** True if at least one run is stored for the chapter. */
export function hasResults(chapter: string, opts: { root?: string } = {}): boolean {
  return listStored(chapter, opts).length > 0;
}

/**
 * Read and validate every stored run of a chapter (optionally one experiment and/or
 * method), sorted by experiment, method, seed.
 */
export function readRuns(args: { root?: string; chapter: string; experiment?: string; method?: string }): StoredRun[] {
  if (args.experiment !== undefined) checkSegment(args.experiment, "experiment");
  if (args.method !== undefined) checkSegment(args.method, "method");
  const runs: StoredRun[] = [];
  for (const g of listStored(args.chapter, { root: args.root })) {
    if (args.experiment !== undefined && g.experiment !== args.experiment) continue;
    if (args.method !== undefined && g.method !== args.method) continue;
    for (const seed of g.seeds) {
      runs.push(readRun({ root: args.root, chapter: args.chapter, experiment: g.experiment, method: g.method, seed }));
    }
  }
  return runs;
}

/** A numeric column of a stored run as a Float64Array. */
export function numericColumn(run: StoredRun, name: string): Float64Array {
  const col = run.meta.columns.find((c) => c.name === name);
  if (!col) throw new ReproError(`${run.csvPath} has no column "${name}"; columns are ${run.columns.join(", ")}`);
  if (col.type !== "number") throw new ReproError(`column "${name}" of ${run.csvPath} holds strings, not numbers`);
  return Float64Array.from(run.rows, (r) => r[name] as number);
}
