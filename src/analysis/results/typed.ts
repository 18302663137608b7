/**
 * The one codec between a chapter's typed rows and the results store. A chapter declares each
 * table it stores once — folder (experiment/method) and column types — and gets back rows of
 * exactly that type when it reads the table, checked against the stored column list:
 *
 *   const CHECKS = storedTable("checks", "numeric", { id: "string", passed: "number" });
 *   const rows = tableRows(run, CHECKS);   // { id: string; passed: number }[]
 *
 * The CSV + JSON format underneath is the store's (store.ts); nothing here writes files.
 */
import { ReproError } from "../../core/errors.js";
import type { ColumnType, Row, StoredRun } from "./store.js";

export type ColumnTypes = Readonly<Record<string, ColumnType>>;

/** The row type a column declaration stands for (`null`: columns not declared, plain `Row`). */
export type TypedRow<C extends ColumnTypes | null> = C extends ColumnTypes ? { -readonly [K in keyof C]: C[K] extends "number" ? number : string } : Row;

/**
 * A table a chapter stores: its folder under data/results/<chapter-id>/ and its columns
 * (`null` for wide tables whose readers work on plain rows, e.g. the 70-column ch5 sweep).
 */
export interface StoredTable<C extends ColumnTypes | null = ColumnTypes | null> {
  experiment: string;
  method: string;
  columns: C;
}

export function storedTable<C extends ColumnTypes | null>(experiment: string, method: string, columns: C): StoredTable<C> {
  return { experiment, method, columns };
}

/** True when `run` is this table (same experiment and method folder). */
export function isTable(run: StoredRun, table: StoredTable): boolean {
  return run.experiment === table.experiment && run.method === table.method;
}

/**
 * The rows of a stored run as the table's row type. The stored columns must be exactly the
 * declared ones with the declared types (in any order); otherwise the file was written by a
 * different version of the chapter and reading it would mislabel numbers.
 */
export function tableRows<C extends ColumnTypes | null>(run: StoredRun, table: StoredTable<C>): TypedRow<C>[] {
  if (table.columns === null) return run.rows as TypedRow<C>[];
  const declared: ColumnTypes = table.columns;
  const want = Object.entries(declared);
  const have = new Map(run.meta.columns.map((c) => [c.name, c.type]));
  const wrong = want.filter(([name, type]) => have.get(name) !== type).map(([name, type]) => `${name}:${type}`);
  const extra = run.meta.columns.filter((c) => !(c.name in declared)).map((c) => c.name);
  if (wrong.length > 0 || extra.length > 0) {
    throw new ReproError(
      `bad stored result ${run.metaPath}: its columns do not match the ${table.experiment}/${table.method} table (${[
        wrong.length > 0 ? `missing or mistyped ${wrong.join(", ")}` : "",
        extra.length > 0 ? `unexpected ${extra.join(", ")}` : "",
      ].filter((s) => s !== "").join("; ")}); restore it with git, or delete the run's seed-<k>.csv and seed-<k>.json to recompute it`,
    );
  }
  return run.rows as TypedRow<C>[];
}

/** The stored run of `table` for `seed` among `runs`, or undefined when that table is not stored. */
export function findTableRun(runs: readonly StoredRun[], table: StoredTable, seed: number): StoredRun | undefined {
  return runs.find((r) => isTable(r, table) && r.seed === seed);
}

/** Typed rows of `table` for `seed` ([] when the table is not stored for that seed). */
export function rowsOf<C extends ColumnTypes | null>(runs: readonly StoredRun[], table: StoredTable<C>, seed: number): TypedRow<C>[] {
  const run = findTableRun(runs, table, seed);
  return run === undefined ? [] : tableRows(run, table);
}
