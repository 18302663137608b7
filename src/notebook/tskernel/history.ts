/**
 * The kernel's input history (Jupyter `history_request`): one entry per executed cell that
 * asked to be stored, numbered by its execution count, in one session per kernel process.
 * Supports the three access types of the messaging spec: `tail` (the last n), `range`
 * (lines start ≤ line < stop of a session) and `search` (a glob pattern with `*` and `?`, as
 * IPython's history search, optionally unique by input, the last n matches).
 */

export interface HistoryEntry {
  line: number;
  input: string;
  /** The cell's text/plain result, or null. */
  output: string | null;
}

export interface HistoryRequest {
  hist_access_type?: unknown;
  output?: unknown;
  n?: unknown;
  session?: unknown;
  start?: unknown;
  stop?: unknown;
  pattern?: unknown;
  unique?: unknown;
}

/** `[session, line, input]`, or `[session, line, [input, output]]` when output was requested. */
export type HistoryRow = [number, number, string | [string, string | null]];

/** Glob (`*` any run, `?` one character) → anchored RegExp over the whole input. */
export function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[\\s\\S]*").replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${body}$`);
}

export class History {
  private readonly entries: HistoryEntry[] = [];

  constructor(readonly session = 1) {}

  add(entry: HistoryEntry): void {
    this.entries.push(entry);
  }

  /** The rows a history_request asks for. */
  query(req: HistoryRequest): HistoryRow[] {
    const n = typeof req.n === "number" && req.n >= 0 ? Math.floor(req.n) : undefined;
    const last = <T>(list: T[]): T[] => (n === undefined ? list : n === 0 ? [] : list.slice(-n));
    let picked: HistoryEntry[];
    switch (req.hist_access_type) {
      case "tail":
        picked = last(this.entries);
        break;
      case "range": {
        const session = typeof req.session === "number" ? req.session : this.session;
        // IPython counts negative sessions back from the current one: 0 and -0 mean this one.
        if (session !== this.session && session > 0) return [];
        const start = typeof req.start === "number" ? req.start : 1;
        const stop = typeof req.stop === "number" ? req.stop : Infinity;
        picked = this.entries.filter((e) => e.line >= start && e.line < stop);
        break;
      }
      case "search": {
        const re = globToRegExp(typeof req.pattern === "string" ? req.pattern : "*");
        let matches = this.entries.filter((e) => re.test(e.input));
        if (req.unique === true) {
          const seen = new Set<string>();
          const kept: HistoryEntry[] = [];
          for (let i = matches.length - 1; i >= 0; i--) {
            if (!seen.has(matches[i]!.input)) kept.unshift(matches[i]!);
            seen.add(matches[i]!.input);
          }
          matches = kept;
        }
        picked = last(matches);
        break;
      }
      default:
        return [];
    }
    return picked.map((e) => [this.session, e.line, req.output === true ? [e.input, e.output] : e.input]);
  }
}
