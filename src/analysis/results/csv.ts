/**
 * Minimal RFC 4180 CSV: fields containing a comma, double quote, CR or LF (and empty
 * strings, so a one-column row is never a blank line) are wrapped in double quotes with
 * inner quotes doubled. Lines end with "\n"; the parser also accepts "\r\n". Kept free of
 * danfojs so the results store loads fast.
 */

/** Quote one field if needed. */
export function formatCsvField(value: string): string {
  if (value === "" || /[",\r\n]/.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

/**
 * Header line plus one line per record, each ending in "\n". A `null` field is a missing
 * value, written as an empty unquoted field (read as NA by pandas/R), except when it would
 * leave a blank line (a one-column record), where it is written as "".
 */
export function formatCsv(header: readonly string[], records: readonly (readonly (string | null)[])[]): string {
  const lines = [header, ...records].map((r) =>
    r.length === 1 && r[0] === null ? '""' : r.map((f) => (f === null ? "" : formatCsvField(f))).join(","),
  );
  return lines.join("\n") + "\n";
}

/** Error from `parseCsv`, with a 1-based line number. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`line ${line}: ${detail}`);
    this.name = "CsvSyntaxError";
  }
}

/**
 * Parse CSV text into records of string fields. A final line break does not start a new
 * record. Throws `CsvSyntaxError` on an unterminated quoted field or a quote inside an
 * unquoted field / text after a closing quote.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let i = 0;
  let line = 1;
  const n = text.length;
  let atFieldStart = true;
  let quoted = false; // current field was quoted and is closed
  const endField = () => {
    record.push(field);
    field = "";
    atFieldStart = true;
    quoted = false;
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < n) {
    const c = text[i]!;
    if (atFieldStart && c === '"') {
      // quoted field
      const startLine = line;
      i++;
      for (;;) {
        if (i >= n) throw new CsvSyntaxError(startLine, "quoted field is never closed (file cut short?)");
        const d = text[i]!;
        if (d === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (d === "\n") line++;
        field += d;
        i++;
      }
      atFieldStart = false;
      quoted = true;
      continue;
    }
    if (c === ",") {
      endField();
      i++;
      continue;
    }
    if (c === "\n" || (c === "\r" && text[i + 1] === "\n")) {
      endRecord();
      i += c === "\r" ? 2 : 1;
      line++;
      continue;
    }
    if (quoted) throw new CsvSyntaxError(line, "text after a closing quote; quote the whole field");
    if (c === '"') throw new CsvSyntaxError(line, "double quote inside an unquoted field; quote the field and double the quote");
    field += c;
    atFieldStart = false;
    i++;
  }
  // Last record without a trailing line break.
  if (!atFieldStart || quoted || record.length > 0) endRecord();
  return records;
}

/** Strict number syntax for numeric cells (plus NaN and ±Infinity, as `String(x)` writes). */
const NUMBER_RE = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** Parse a numeric cell; `null` if the text is not a number. */
export function parseNumberCell(text: string): number | null {
  if (text === "NaN") return Number.NaN;
  if (text === "Infinity") return Number.POSITIVE_INFINITY;
  if (text === "-Infinity") return Number.NEGATIVE_INFINITY;
  if (!NUMBER_RE.test(text)) return null;
  return Number(text);
}

/** Format a number so it parses back to exactly the same value. */
export function formatNumberCell(x: number): string {
  return Object.is(x, -0) ? "-0" : String(x);
}
