/**
 * Config validation with one-line errors that name the bad key and the allowed values.
 *
 * A schema maps each key to a field spec; `validateConfig` fills defaults, rejects unknown
 * keys (with a "did you mean" hint), and checks types, ranges and enum members. The result
 * is typed from the schema, so experiment code reads `cfg.batchSize` as a number.
 */
import { ReproError } from "./errors.js";
import { hasOwnName } from "./names.js";

/**
 * One key of a schema. `optional`: the key has no default and is left out of the result when
 * absent (an option added later whose absence means "off", so configs written before it — stored
 * runs, checkpoint fingerprints, golden fixtures — stay exactly as they were).
 */
export type FieldSpec =
  | { type: "number"; default?: number; min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean; exclusiveMax?: boolean; optional?: boolean; doc?: string }
  | { type: "boolean"; default?: boolean; optional?: boolean; doc?: string }
  | { type: "string"; default?: string; optional?: boolean; doc?: string }
  | { type: "enum"; values: readonly string[]; default?: string; optional?: boolean; doc?: string }
  | { type: "numberArray"; default?: readonly number[]; optional?: boolean; doc?: string };

export type Schema = Record<string, FieldSpec>;

type ValueOf<F extends FieldSpec> = F extends { type: "number" }
  ? number
  : F extends { type: "boolean" }
    ? boolean
    : F extends { type: "enum"; values: readonly (infer V)[] }
      ? V
      : F extends { type: "numberArray" }
        ? number[]
        : string;

/** Keys of `S` marked `optional: true`. */
type OptionalKeys<S extends Schema> = { [K in keyof S]: S[K] extends { optional: true } ? K : never }[keyof S];

export type ConfigOf<S extends Schema> = { -readonly [K in Exclude<keyof S, OptionalKeys<S>>]: ValueOf<S[K]> } & { -readonly [K in OptionalKeys<S>]?: ValueOf<S[K]> };

/** Levenshtein distance, for "did you mean" hints. */
function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The closest allowed name to `key`, if it is close enough to be a likely typo. */
export function closestName(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const name of allowed) {
    const d = editDistance(key.toLowerCase(), name.toLowerCase());
    if (d < bestDist) {
      bestDist = d;
      best = name;
    }
  }
  return best !== undefined && bestDist <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

function checkField(where: string, key: string, spec: FieldSpec, value: unknown): unknown {
  const bad = (what: string) => new ReproError(`${where}: key "${key}" ${what}, got ${describe(value)}`);
  switch (spec.type) {
    case "number": {
      const x = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
      if (typeof x !== "number" || !Number.isFinite(x)) throw bad("must be a finite number");
      if (spec.integer && !Number.isInteger(x)) throw bad("must be an integer");
      if (spec.min !== undefined && (spec.exclusiveMin ? x <= spec.min : x < spec.min)) {
        throw bad(`must be ${spec.exclusiveMin ? ">" : "≥"} ${spec.min}`);
      }
      if (spec.max !== undefined && (spec.exclusiveMax ? x >= spec.max : x > spec.max)) {
        throw bad(`must be ${spec.exclusiveMax ? "<" : "≤"} ${spec.max}`);
      }
      return x;
    }
    case "boolean": {
      if (value === "true") return true;
      if (value === "false") return false;
      if (typeof value !== "boolean") throw bad("must be true or false");
      return value;
    }
    case "string":
      if (typeof value !== "string") throw bad("must be a string");
      return value;
    case "enum":
      if (typeof value !== "string" || !spec.values.includes(value)) {
        throw bad(`must be one of ${spec.values.join("|")}`);
      }
      return value;
    case "numberArray": {
      const arr = typeof value === "string" ? value.split(",").map((s) => Number(s.trim())) : value;
      if (!Array.isArray(arr) || arr.some((x) => typeof x !== "number" || !Number.isFinite(x))) {
        throw bad("must be a list of finite numbers");
      }
      return [...arr];
    }
  }
}

/**
 * Validate `raw` against `schema`: unknown keys, wrong types, out-of-range numbers and
 * missing required keys throw a one-line ReproError naming `name`, the key and what is allowed.
 * String values are accepted for numbers/booleans/lists so CLI `key=value` parameters work.
 */
export function validateConfig<S extends Schema>(name: string, schema: S, raw: Record<string, unknown> = {}): ConfigOf<S> {
  const where = `config "${name}"`;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new ReproError(`${where}: expected an object of key/value settings`);
  }
  const allowed = Object.keys(schema);
  for (const key of Object.keys(raw)) {
    if (!hasOwnName(schema, key)) {
      const hint = closestName(key, allowed);
      throw new ReproError(
        `${where}: unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}; allowed keys: ${allowed.join(", ")}`,
      );
    }
  }
  const out: Record<string, unknown> = {};
  for (const key of allowed) {
    const spec = schema[key]!;
    const value = raw[key] !== undefined ? raw[key] : spec.default;
    if (value === undefined && spec.optional) continue;
    if (value === undefined) {
      throw new ReproError(`${where}: missing required key "${key}"${spec.type === "enum" ? ` (one of ${spec.values.join("|")})` : ""}`);
    }
    out[key] = checkField(where, key, spec, value);
  }
  return out as ConfigOf<S>;
}

/** Parse CLI-style `key=value` pairs into an object of strings (values keep their text). */
export function parseKeyValues(pairs: readonly string[]): Record<string, string> {
  // no prototype: a key named "__proto__" or "toString" is an ordinary (and then unknown) key
  const out = Object.create(null) as Record<string, string>;
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new ReproError(`bad parameter "${pair}": write it as key=value`);
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  return out;
}
