/**
 * Maps iopub messages of one execute request to nbformat 4 outputs, the way nbclient does:
 * consecutive stream texts of the same name merge into one output; display_data /
 * execute_result / error map one to one; update_display_data rewrites every earlier
 * output (in any cell) carrying the same display_id; clear_output (wait or not) clears.
 *
 * The reprorl kernel (src/notebook/tskernel) sends `error` messages and execute_results like
 * any conforming kernel. tslab's own server does not (anchors §0 F6: the error text goes to
 * stderr and execute_reply has status "error" without ename/evalue; a cell's last value is
 * stdout): for a kernel command that still runs it, the error is recovered from stderr.
 */
import type { JupyterMessage } from "./wire.js";
import { splitLines, type DisplayDataOutput, type ErrorOutput, type ExecuteResultOutput, type Output } from "./nbformat.js";

type DisplayOutput = DisplayDataOutput | ExecuteResultOutput;

/** Notebook-wide registry of outputs by display_id, for update_display_data. */
export class DisplayRegistry {
  private readonly byId = new Map<string, DisplayOutput[]>();
  add(id: string, out: DisplayOutput): void {
    const list = this.byId.get(id) ?? [];
    list.push(out);
    this.byId.set(id, list);
  }
  update(id: string, data: Record<string, unknown>, metadata: Record<string, unknown>): void {
    for (const out of this.byId.get(id) ?? []) {
      out.data = data;
      out.metadata = metadata;
    }
  }
}

/** Collects the outputs of one cell. Stream text is kept as one string until {@link finish}. */
export class CellOutputs {
  private readonly outputs: Output[] = [];
  private clearPending = false;

  constructor(private readonly displays: DisplayRegistry) {}

  add(msg: JupyterMessage): void {
    const c = msg.content;
    const type = msg.header.msg_type;
    if (type === "clear_output") {
      if (c["wait"] === true) this.clearPending = true;
      else this.outputs.length = 0;
      return;
    }
    if (type === "update_display_data") {
      const id = displayId(c);
      if (id !== undefined) this.displays.update(id, asRecord(c["data"]), asRecord(c["metadata"]));
      return;
    }
    const out = this.toOutput(type, c);
    if (out === undefined) return;
    if (this.clearPending) {
      this.outputs.length = 0;
      this.clearPending = false;
    }
    const last = this.outputs[this.outputs.length - 1];
    if (out.output_type === "stream" && last?.output_type === "stream" && last.name === out.name) {
      last.text = String(last.text) + String(out.text);
      return;
    }
    this.outputs.push(out);
  }

  private toOutput(type: string, c: Record<string, unknown>): Output | undefined {
    switch (type) {
      case "stream":
        return { output_type: "stream", name: c["name"] === "stderr" ? "stderr" : "stdout", text: String(c["text"] ?? "") };
      case "display_data": {
        const out: DisplayDataOutput = { output_type: "display_data", data: asRecord(c["data"]), metadata: asRecord(c["metadata"]) };
        const id = displayId(c);
        if (id !== undefined) this.displays.add(id, out);
        return out;
      }
      case "execute_result": {
        const out: ExecuteResultOutput = {
          output_type: "execute_result",
          execution_count: typeof c["execution_count"] === "number" ? c["execution_count"] : null,
          data: asRecord(c["data"]),
          metadata: asRecord(c["metadata"]),
        };
        const id = displayId(c);
        if (id !== undefined) this.displays.add(id, out);
        return out;
      }
      case "error":
        return {
          output_type: "error",
          ename: String(c["ename"] ?? "") || "Error",
          evalue: String(c["evalue"] ?? ""),
          traceback: Array.isArray(c["traceback"]) ? c["traceback"].map(String) : [],
        };
      default:
        return undefined; // status, execute_input, comm_*: not outputs
    }
  }

  /** Adds an error output unless one is already present (used for tslab's missing error message). */
  addErrorIfMissing(err: ErrorOutput): void {
    if (!this.outputs.some((o) => o.output_type === "error")) this.outputs.push(err);
  }

  /** The first error output, if any. */
  error(): ErrorOutput | undefined {
    return this.outputs.find((o): o is ErrorOutput => o.output_type === "error");
  }

  /** All stderr text of the cell so far. */
  stderrText(): string {
    return this.outputs
      .filter((o) => o.output_type === "stream" && o.name === "stderr")
      .map((o) => String((o as { text: string }).text))
      .join("");
  }

  /** Final nbformat outputs, stream text split into lines as Jupyter stores them. */
  finish(): Output[] {
    return this.outputs.map((o) => (o.output_type === "stream" ? { ...o, text: splitLines(String(o.text)) } : o));
  }
}

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function displayId(c: Record<string, unknown>): string | undefined {
  const t = asRecord(c["transient"]);
  return typeof t["display_id"] === "string" ? t["display_id"] : undefined;
}

const STACK_LINE = /^\s+at\s/;
const ERROR_HEADER = /^((?:[A-Za-z_$][\w$]*)?(?:Error|Exception))(?: \[[\w]+\])?:\s?(.*)$/;
const DIAGNOSTIC = /^(?:\S+ )?\d+:\d+ - /;

/**
 * Recovers ename/evalue from what tslab printed to stderr for a failed cell:
 * - a runtime error (Node's inspect of the error: "Name: message" then "    at …" lines) →
 *   the header line nearest above the last stack block;
 * - TypeScript diagnostics ("L:C - message", one per line; the code did not run) →
 *   ename "CompileError", evalue = the diagnostics joined by "; ";
 * - anything else → ename "Error", evalue = the last non-empty line (or a generic note).
 */
export function errorFromStderr(stderr: string): ErrorOutput {
  const lines = stderr.split("\n").map((l) => l.replace(/\r$/, ""));
  let lastStack = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (STACK_LINE.test(lines[i]!)) {
      lastStack = i;
      break;
    }
  }
  if (lastStack >= 0) {
    let first = lastStack;
    while (first > 0 && STACK_LINE.test(lines[first - 1]!)) first--;
    for (let i = first - 1; i >= 0; i--) {
      const m = ERROR_HEADER.exec(lines[i]!);
      if (m) {
        const stack = lines.slice(i, lastStack + 1);
        return { output_type: "error", ename: m[1]!, evalue: m[2]!, traceback: stack };
      }
    }
  }
  const diags = lines.filter((l) => DIAGNOSTIC.test(l));
  if (diags.length > 0) {
    return { output_type: "error", ename: "CompileError", evalue: diags.join("; "), traceback: diags };
  }
  const headers = lines.map((l) => ERROR_HEADER.exec(l)).filter((m): m is RegExpExecArray => m !== null);
  if (headers.length > 0) {
    const m = headers[headers.length - 1]!;
    return { output_type: "error", ename: m[1]!, evalue: m[2]!, traceback: [m[0]] };
  }
  const nonEmpty = lines.filter((l) => l.trim() !== "");
  const evalue = nonEmpty[nonEmpty.length - 1]?.trim() ?? "the cell failed without an error message from the kernel";
  return { output_type: "error", ename: "Error", evalue, traceback: nonEmpty };
}
