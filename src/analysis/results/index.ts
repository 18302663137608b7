/** The per-seed results store (CSV + metadata JSON, atomic writes, validating readers) and its typed-table codec. */
export * from "./store.js";
export * from "./typed.js";
export { parseCsv, formatCsv, formatCsvField, CsvSyntaxError } from "./csv.js";
export { writeFileAtomic, writeFilesAtomic } from "./atomic.js";
export { checkChapterId, checkSegment } from "./names.js";
