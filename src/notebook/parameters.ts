/**
 * Notebook parameters, papermill convention: defaults live in the (first) code cell tagged
 * `parameters`; a run's values are injected as a NEW code cell tagged `injected-parameters`
 * right after it (replacing an earlier injected cell, as papermill does when a notebook is
 * re-run). The injected cell redeclares each overridden name with the SAME keyword and type
 * annotation as the default, so `const tier: Tier = "small"` becomes `const tier: Tier = "smoke"`
 * and the kernel type-checks the new value (tslab allows redeclaring across cells).
 *
 * The defaults cell is TypeScript; only top-level `const|let|var name[: Type] = value`
 * declarations are parameters. The scanner below splits top-level statements while
 * skipping strings, template literals, comments and bracketed spans.
 */
import { ReproError } from "../core/errors.js";
import { joinSource, splitLines, tagsOf, type CodeCell, type Notebook } from "./nbformat.js";

export const PARAMETERS_TAG = "parameters";
export const INJECTED_TAG = "injected-parameters";

export interface ParameterDecl {
  name: string;
  keyword: "const" | "let" | "var";
  /** Type annotation text without the colon, or undefined. */
  type: string | undefined;
  /** Default value expression as written. */
  defaultExpr: string;
  /** When `type` names a `type X = …` alias declared in the same cell: the aliased type text. */
  aliasOf?: string;
}

/** Splits TypeScript source into top-level statements (text of each, comments removed). */
export function topLevelStatements(src: string): string[] {
  const out: string[] = [];
  let cur = "";
  let depth = 0;
  let i = 0;
  const n = src.length;
  const flush = (): void => {
    if (cur.trim() !== "") out.push(cur.trim());
    cur = "";
  };
  const continues = (): boolean => {
    // the statement goes on past a newline if it ends with an operator, or the next line starts with one
    const t = cur.trimEnd();
    if (t === "" || /[=,+\-*/%|&?:.(<!~^]$/.test(t)) return true;
    const rest = src.slice(i + 1).replace(/^\s+/, "");
    return /^([|&?:.+\-*/%=,)\]}>]|as\b|satisfies\b)/.test(rest) && !/^\/[/*]/.test(rest);
  };
  while (i < n) {
    const ch = src[i]!;
    const next = src[i + 1];
    if (ch === "/" && next === "/") {
      while (i < n && src[i] !== "\n") i++;
      continue; // the newline itself is handled on the next loop turn
    }
    if (ch === "/" && next === "*") {
      const end = src.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
      cur += " ";
      continue;
    }
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < n && src[j] !== ch && src[j] !== "\n") j += src[j] === "\\" ? 2 : 1;
      cur += src.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === "`") {
      let j = i + 1;
      let inner = 0;
      while (j < n) {
        if (src[j] === "\\") {
          j += 2;
          continue;
        }
        if (inner === 0 && src[j] === "`") break;
        if (src[j] === "$" && src[j + 1] === "{") {
          inner++;
          j += 2;
          continue;
        }
        if (inner > 0 && src[j] === "}") inner--;
        j++;
      }
      cur += src.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    if (ch === ")" || ch === "]" || ch === "}") depth = Math.max(0, depth - 1);
    if (depth === 0 && ch === ";") {
      flush();
      i++;
      continue;
    }
    if (depth === 0 && ch === "\n" && !continues()) {
      flush();
      i++;
      continue;
    }
    cur += ch;
    i++;
  }
  flush();
  return out;
}

/** Index of the first top-level `=` that is an assignment (not `==`, `=>`, `<=`, …). */
function assignmentIndex(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '"' || ch === "'" || ch === "`") {
      let j = i + 1;
      while (j < s.length && s[j] !== ch) j += s[j] === "\\" ? 2 : 1;
      i = j;
      continue;
    }
    if ("([{<".includes(ch)) depth++;
    else if (")]}".includes(ch) || (ch === ">" && s[i - 1] !== "=")) depth = Math.max(0, depth - 1);
    else if (ch === "=" && depth === 0) {
      const prev = s[i - 1] ?? "";
      const nxt = s[i + 1] ?? "";
      if (nxt === "=" || nxt === ">" || (prev !== "" && "=!<>".includes(prev))) continue;
      return i;
    }
  }
  return -1;
}

const DECL = /^(?:export\s+)?(const|let|var)\s+([A-Za-z_$][\w$]*)\s*([\s\S]*)$/;

/** The parameter declarations of a `parameters` cell source. */
export function parseParameterCell(src: string): ParameterDecl[] {
  const decls: ParameterDecl[] = [];
  const aliases = new Map<string, string>();
  for (const stmt of topLevelStatements(src)) {
    const alias = /^(?:export\s+)?type\s+([A-Za-z_$][\w$]*)\s*=\s*([\s\S]+)$/.exec(stmt);
    if (alias) aliases.set(alias[1]!, alias[2]!.trim());
    const m = DECL.exec(stmt);
    if (!m) continue;
    const rest = m[3]!;
    const eq = assignmentIndex(rest);
    if (eq < 0) continue;
    const head = rest.slice(0, eq).trim();
    if (head !== "" && !head.startsWith(":")) continue; // e.g. destructuring or several declarators
    const type = head.startsWith(":") ? head.slice(1).trim() : undefined;
    decls.push({
      name: m[2]!,
      keyword: m[1] as ParameterDecl["keyword"],
      type: type === "" ? undefined : type,
      defaultExpr: rest.slice(eq + 1).trim(),
    });
  }
  for (const d of decls) {
    const aliased = d.type !== undefined ? aliases.get(d.type) : undefined;
    if (aliased !== undefined) d.aliasOf = aliased;
  }
  return decls;
}

/** Index of the first code cell tagged `parameters`, or -1. */
export function findParametersCell(nb: Notebook): number {
  return nb.cells.findIndex((c) => c.cell_type === "code" && tagsOf(c).includes(PARAMETERS_TAG));
}

/** Declared parameters of a notebook (empty if it has no `parameters` cell). */
export function notebookParameters(nb: Notebook): ParameterDecl[] {
  const at = findParametersCell(nb);
  return at < 0 ? [] : parseParameterCell(joinSource(nb.cells[at]!.source));
}

function isStringLiteral(expr: string): boolean {
  return /^(["'`])[\s\S]*\1$/.test(expr.trim());
}

/**
 * Turns a command-line `value` (from `--param key=value`) into a JS value, papermill-like:
 * JSON (numbers, true/false, null, arrays, objects, "quoted strings") where it parses,
 * otherwise the raw text as a string. When the default is a string literal, an unquoted
 * value stays a string (so `--param name=123` keeps name a string).
 */
export function parseCliValue(raw: string, decl?: ParameterDecl): unknown {
  if (decl && isStringLiteral(decl.defaultExpr) && !/^".*"$/s.test(raw)) return raw;
  if (raw === "undefined") return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** What the CLI can check of a parameter's declared type before any kernel starts. */
export type ParameterKind =
  | { kind: "number" }
  | { kind: "boolean" }
  | { kind: "string" }
  | { kind: "literals"; members: string[] }
  | { kind: "other" };

/** The text of a double-quoted literal (as JSON; on odd escapes, the text between the quotes). */
function unquote(lit: string): string {
  try {
    return JSON.parse(lit) as string;
  } catch {
    return lit.slice(1, -1);
  }
}

const STRING_LITERAL = /^\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*$/;

/**
 * The checkable kind of a parameter: from its type annotation (through a `type X = …`
 * alias of the same cell), else from its default literal (`= 0` → number, `= true` →
 * boolean, `= "x"` → string). Anything else (arrays, objects, other types) is "other":
 * the value is passed as JSON and the kernel type-checks it.
 */
export function parameterKind(decl: ParameterDecl): ParameterKind {
  const type = (decl.aliasOf ?? decl.type)?.trim();
  if (type === undefined) {
    const d = decl.defaultExpr.trim();
    if (/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(d)) return { kind: "number" };
    if (d === "true" || d === "false") return { kind: "boolean" };
    if (isStringLiteral(d) && !d.startsWith("`")) return { kind: "string" };
    return { kind: "other" };
  }
  if (type === "number") return { kind: "number" };
  if (type === "boolean") return { kind: "boolean" };
  if (type === "string") return { kind: "string" };
  const parts = type.replace(/^\|/, "").split("|");
  const members: string[] = [];
  for (const part of parts) {
    const m = STRING_LITERAL.exec(part);
    if (!m) return { kind: "other" };
    members.push(unquote(m[1] !== undefined ? `"${m[1]}"` : `"${m[2]!.replace(/\\'/g, "'").replace(/(?<!\\)"/g, '\\"')}"`));
  }
  return { kind: "literals", members };
}

/**
 * Parses `--param name=raw` against the parameter's declaration and checks it fits the
 * declared type, before any kernel starts: numbers must be JSON numbers, booleans `true`
 * or `false`, string-literal unions one of their members, plain strings take any text
 * (kept as text, so `--param label=42` stays "42"). Other types go through
 * {@link parseCliValue}. Throws a one-line ReproError naming the parameter and its type.
 */
export function parseParamValue(raw: string, decl: ParameterDecl): unknown {
  const kind = parameterKind(decl);
  const declared = decl.type !== undefined ? "declared in the parameters cell" : `from its default ${decl.defaultExpr} in the parameters cell`;
  const fail = (what: string, why: string): never => {
    throw new ReproError(`parameter ${decl.name} is ${what} (${declared}): ${JSON.stringify(raw)} ${why}`);
  };
  const quoted = (): string | undefined => {
    if (!/^".*"$/s.test(raw)) return undefined;
    try {
      const v = JSON.parse(raw) as unknown;
      return typeof v === "string" ? v : undefined;
    } catch {
      return undefined;
    }
  };
  switch (kind.kind) {
    case "number": {
      let v: unknown;
      try {
        v = JSON.parse(raw);
      } catch {
        v = undefined;
      }
      if (typeof v !== "number") return fail("a number", "is not a number");
      return v;
    }
    case "boolean":
      if (raw === "true") return true;
      if (raw === "false") return false;
      return fail("a boolean", "is not true or false");
    case "string":
      return quoted() ?? raw;
    case "literals": {
      const v = quoted() ?? raw;
      if (!kind.members.includes(v)) {
        const list = kind.members.map((m) => JSON.stringify(m));
        return fail(list.join(" | "), `is not one of ${list.join(", ")}`);
      }
      return v;
    }
    default:
      return parseCliValue(raw, decl);
  }
}

/** A TypeScript literal for a JSON-like value. */
export function toTsLiteral(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "number" && !Number.isFinite(value)) {
    return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  }
  const text = JSON.stringify(value);
  if (text === undefined) throw new ReproError(`parameter value ${String(value)} cannot be written into a notebook (use JSON values)`);
  return text;
}

/** Parses `key=value` strings; a malformed one gets a one-line error. */
export function parseParamArgs(args: readonly string[]): Array<[string, string]> {
  return args.map((a) => {
    const eq = a.indexOf("=");
    if (eq <= 0) throw new ReproError(`--param ${JSON.stringify(a)} is not of the form key=value (e.g. --param seeds=3)`);
    return [a.slice(0, eq).trim(), a.slice(eq + 1)];
  });
}

/**
 * Checks that every key is declared in the notebook's `parameters` cell; throws one line
 * listing the allowed names otherwise. `where` names the notebook.
 */
export function checkParameterNames(decls: readonly ParameterDecl[], keys: readonly string[], where: string): void {
  const allowed = new Set(decls.map((d) => d.name));
  const bad = keys.filter((k) => !allowed.has(k));
  if (bad.length === 0) return;
  const list = decls.length > 0 ? decls.map((d) => d.name).join(", ") : "none (it has no code cell tagged \"parameters\")";
  throw new ReproError(
    `unknown parameter${bad.length > 1 ? "s" : ""} ${bad.map((b) => JSON.stringify(b)).join(", ")} for ${where}: allowed names are ${list}`,
  );
}

/** Source of the injected cell for the given values (only declared names; validated before). */
export function injectedSource(decls: readonly ParameterDecl[], values: Readonly<Record<string, unknown>>): string {
  const lines = ["// Parameters injected by reprorl (papermill convention); they override the defaults above."];
  for (const d of decls) {
    if (!(d.name in values)) continue;
    const ann = d.type !== undefined ? `: ${d.type}` : "";
    lines.push(`${d.keyword} ${d.name}${ann} = ${toTsLiteral(values[d.name])};`);
  }
  return lines.join("\n");
}

/**
 * Returns a copy of the notebook with the parameter values injected (and any earlier
 * `injected-parameters` cell removed). With no values, the notebook is returned unchanged
 * except that a stale injected cell is removed. Throws on names not declared.
 */
export function injectParameters(nb: Notebook, values: Readonly<Record<string, unknown>>, where: string): Notebook {
  const keys = Object.keys(values);
  const decls = notebookParameters(nb);
  checkParameterNames(decls, keys, where);
  const cells = nb.cells.filter((c) => !tagsOf(c).includes(INJECTED_TAG));
  const copy: Notebook = { ...nb, cells };
  if (keys.length === 0) return copy;
  const at = findParametersCell(copy);
  const cell: CodeCell = {
    cell_type: "code",
    id: INJECTED_TAG, // deterministic: re-runs give the same id (any earlier injected cell was removed above)
    metadata: { tags: [INJECTED_TAG] },
    execution_count: null,
    outputs: [],
    source: splitLines(injectedSource(decls, values)),
  };
  copy.cells = [...cells.slice(0, at + 1), cell, ...cells.slice(at + 1)];
  return copy;
}
