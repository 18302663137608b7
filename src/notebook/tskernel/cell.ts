/**
 * Runs notebook cells with tslab's own TypeScript converter and executor (tslab 1.0.22,
 * `dist/converter.js` and `dist/executor.js`), and turns what tslab would have printed into
 * structured results. tslab's executor reports through a console object it is given:
 * `log(value)` for the cell's last expression, `error("%s%d:%d - %s", …)` for each
 * TypeScript diagnostic, `error(err)` for a thrown or rejected error. We pass our own console
 * and get back `{ value }` or `{ ename, evalue, traceback }` instead of stdout/stderr text.
 * Cells keep tslab's semantics exactly (declarations carried between cells, top-level await,
 * `import` compiled to `require`); ES-module packages go through {@link EsmPackages}.
 */
import { format } from "node:util";
import { EsmPackages } from "./esm.js";

interface TslabDiagnostic {
  start: { line: number; character: number };
  messageText: string;
}
interface TslabConverter {
  close(): void;
}
interface TslabExecutor {
  execute(src: string): Promise<boolean>;
  inspect(src: string, position: number): unknown;
  complete(src: string, position: number): { start: number; end: number; candidates: string[] };
  interrupt(): void;
  close(): void;
}
interface TslabConsole {
  log(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export type CellResult =
  | { status: "ok"; hasValue: boolean; value?: unknown; messages: string[] }
  | { status: "error"; ename: string; evalue: string; traceback: string[] };

const DIAGNOSTIC_FORMAT = "%s%d:%d - %s";
/** Stack frames of the kernel's own machinery, not of the cell. */
const INTERNAL_FRAME = /\((?:node:|.*[\\/]tslab[\\/]dist[\\/]|.*[\\/]notebook[\\/]tskernel[\\/])|^\s+at (?:Script\.runInThisContext|Object\.runInThisContext|node:)/;

/** ename/evalue/traceback of a thrown value (an Error or anything else). */
export function describeError(err: unknown): { ename: string; evalue: string; traceback: string[] } {
  if (err instanceof Error || (typeof err === "object" && err !== null && "message" in err && "stack" in err)) {
    const e = err as Error;
    const ename = e.name || e.constructor?.name || "Error";
    const frames = String(e.stack ?? "")
      .split("\n")
      .filter((l) => /^\s+at /.test(l) && !INTERNAL_FRAME.test(l));
    return { ename, evalue: String(e.message), traceback: [`${ename}: ${e.message}`, ...frames] };
  }
  const evalue = typeof err === "string" ? err : format("%o", err);
  return { ename: "Error", evalue, traceback: [`Uncaught ${evalue}`] };
}

export class CellExecutor {
  private readonly executor: TslabExecutor;
  private readonly converter: TslabConverter;
  private readonly esm: EsmPackages;
  /** What the executor reported during the current cell. */
  private report: { values: unknown[]; diagnostics: string[]; errors: unknown[] } = { values: [], diagnostics: [], errors: [] };

  constructor(readonly cwd: string) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createConverter } = require("tslab/dist/converter.js") as { createConverter(o: { isJS: boolean; isBrowser: boolean }): TslabConverter };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createExecutor } = require("tslab/dist/executor.js") as {
      createExecutor(root: string, convs: { node: TslabConverter; browser: TslabConverter; close(): void }, console: TslabConsole): TslabExecutor;
    };
    this.converter = createConverter({ isJS: false, isBrowser: false });
    let browser: TslabConverter | undefined;
    const convs = {
      node: this.converter,
      get browser(): TslabConverter {
        browser ??= createConverter({ isJS: false, isBrowser: true });
        return browser;
      },
      close: () => {
        this.converter.close();
        browser?.close();
      },
    };
    const sink: TslabConsole = {
      log: (value: unknown) => this.report.values.push(value),
      error: (...args: unknown[]) => {
        if (args[0] === DIAGNOSTIC_FORMAT) this.report.diagnostics.push(format(...(args as [string, ...unknown[]])));
        else this.report.errors.push(args[0]);
      },
    };
    this.executor = createExecutor(cwd, convs, sink);
    // The executor hands cells `globalThis.__tslab__.require`; put the ES-module-aware one there.
    const slot = (globalThis as unknown as { __tslab__: { require: NodeJS.Require } }).__tslab__;
    this.esm = new EsmPackages(cwd, (spec) => slot.require.resolve(spec));
    slot.require = this.esm.wrap(slot.require);
  }

  async execute(code: string): Promise<CellResult> {
    this.report = { values: [], diagnostics: [], errors: [] };
    try {
      await this.esm.preload(code);
    } catch (err) {
      return { status: "error", ...describeError(err) };
    }
    const ok = await this.executor.execute(code);
    const { values, diagnostics, errors } = this.report;
    if (!ok) {
      if (errors.length > 0) return { status: "error", ...describeError(errors[0]) };
      if (diagnostics.length > 0) return { status: "error", ename: "CompileError", evalue: diagnostics.join("; "), traceback: diagnostics };
      return { status: "error", ename: "Error", evalue: "the cell failed", traceback: [] };
    }
    // A `//%module:` cell registers a module and reports its diagnostics without failing.
    const messages = diagnostics;
    return values.length > 0 ? { status: "ok", hasValue: true, value: values[0], messages } : { status: "ok", hasValue: false, messages };
  }

  complete(code: string, cursor: number): { start: number; end: number; candidates: string[] } {
    return this.executor.complete(code, cursor);
  }

  /** Quick info at the cursor as text, or undefined when there is none. */
  inspect(code: string, cursor: number): string | undefined {
    const info = this.executor.inspect(code, cursor);
    if (!info) return undefined;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { printQuickInfo } = require("tslab/dist/inspect.js") as { printQuickInfo(i: unknown): string };
    return printQuickInfo(info);
  }

  /** tslab's completeness check: "complete", or "incomplete" with the indent for the next line. */
  isComplete(code: string): { status: "complete" } | { status: "incomplete"; indent: string } {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { isCompleteCode } = require("tslab/dist/converter.js") as { isCompleteCode(c: string): { completed: boolean; indent?: string } };
    const r = isCompleteCode(code);
    return r.completed ? { status: "complete" } : { status: "incomplete", indent: r.indent ?? "" };
  }

  interrupt(): void {
    this.executor.interrupt();
  }

  close(): void {
    this.executor.close();
  }
}
