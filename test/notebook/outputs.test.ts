import { describe, expect, it } from "vitest";
import { CellOutputs, DisplayRegistry, errorFromStderr } from "../../src/notebook/outputs.js";
import type { JupyterMessage } from "../../src/notebook/wire.js";

function msg(type: string, content: Record<string, unknown>): JupyterMessage {
  return {
    header: { msg_id: "m", msg_type: type, session: "s", username: "u", date: "", version: "5.3" },
    parent_header: { msg_id: "p" },
    metadata: {},
    content,
  };
}

describe("iopub messages → nbformat outputs", () => {
  it("merges consecutive streams of the same name and splits lines", () => {
    const o = new CellOutputs(new DisplayRegistry());
    o.add(msg("status", { execution_state: "busy" }));
    o.add(msg("stream", { name: "stdout", text: "a\n" }));
    o.add(msg("stream", { name: "stdout", text: "b\nc" }));
    o.add(msg("stream", { name: "stderr", text: "warn\n" }));
    o.add(msg("stream", { name: "stdout", text: "d\n" }));
    expect(o.finish()).toEqual([
      { output_type: "stream", name: "stdout", text: ["a\n", "b\n", "c"] },
      { output_type: "stream", name: "stderr", text: ["warn\n"] },
      { output_type: "stream", name: "stdout", text: ["d\n"] },
    ]);
  });

  it("maps display_data, execute_result and error", () => {
    const o = new CellOutputs(new DisplayRegistry());
    o.add(msg("display_data", { data: { "text/html": "<b>x</b>" }, metadata: {}, transient: {} }));
    o.add(msg("execute_result", { data: { "text/plain": "3" }, metadata: {}, execution_count: 4 }));
    o.add(msg("error", { ename: "", evalue: "bad", traceback: ["t"] }));
    expect(o.finish()).toEqual([
      { output_type: "display_data", data: { "text/html": "<b>x</b>" }, metadata: {} },
      { output_type: "execute_result", data: { "text/plain": "3" }, metadata: {}, execution_count: 4 },
      { output_type: "error", ename: "Error", evalue: "bad", traceback: ["t"] },
    ]);
  });

  it("update_display_data rewrites the earlier output with that display_id, even in another cell", () => {
    const reg = new DisplayRegistry();
    const first = new CellOutputs(reg);
    first.add(msg("display_data", { data: { "text/plain": "0%" }, metadata: {}, transient: { display_id: "bar" } }));
    const second = new CellOutputs(reg);
    second.add(msg("update_display_data", { data: { "text/plain": "100%" }, metadata: {}, transient: { display_id: "bar" } }));
    expect(first.finish()).toEqual([{ output_type: "display_data", data: { "text/plain": "100%" }, metadata: {} }]);
    expect(second.finish()).toEqual([]);
  });

  it("clear_output clears now, or at the next output with wait=true", () => {
    const o = new CellOutputs(new DisplayRegistry());
    o.add(msg("stream", { name: "stdout", text: "old\n" }));
    o.add(msg("clear_output", { wait: false }));
    expect(o.finish()).toEqual([]);
    o.add(msg("stream", { name: "stdout", text: "kept\n" }));
    o.add(msg("clear_output", { wait: true }));
    expect(o.finish()).toHaveLength(1);
    o.add(msg("stream", { name: "stdout", text: "new\n" }));
    expect(o.finish()).toEqual([{ output_type: "stream", name: "stdout", text: ["new\n"] }]);
  });
});

describe("error recovery from tslab's stderr (it sends no ename)", () => {
  it("runtime error: the header line above the stack, not the source excerpt", () => {
    // as tslab prints `throw new Error("boom\nsecond line")`
    const stderr = [
      "evalmachine.<anonymous>:2",
      'throw new Error("boom\\nsecond line");',
      "^",
      "",
      "Error: boom",
      "second line",
      "    at evalmachine.<anonymous>:2:7",
      "    at Script.runInThisContext (node:vm:135:14)",
      "",
    ].join("\n");
    const e = errorFromStderr(stderr);
    expect(e.ename).toBe("Error");
    expect(e.evalue).toBe("boom");
  });
  it("a Node error with a code property block after the stack", () => {
    const stderr = "log: x\nRangeError [ERR_OUT_OF_RANGE]: too big\n    at f (a.js:1:1)\n    at g (a.js:2:2) {\n  code: 'ERR_OUT_OF_RANGE'\n}\n";
    const e = errorFromStderr(stderr);
    expect([e.ename, e.evalue]).toEqual(["RangeError", "too big"]);
  });
  it("a ReproError thrown by library code keeps its name", () => {
    const e = errorFromStderr("ReproError: tier must be smoke|small|paper\n    at check (dist/x.js:1:1)\n");
    expect([e.ename, e.evalue]).toEqual(["ReproError", "tier must be smoke|small|paper"]);
  });
  it("TypeScript diagnostics become a CompileError with every diagnostic", () => {
    const e = errorFromStderr("1:7 - Type 'string' is not assignable to type 'number'.\n3:1 - Cannot find name 'q'.\n");
    expect(e.ename).toBe("CompileError");
    expect(e.evalue).toBe("1:7 - Type 'string' is not assignable to type 'number'.; 3:1 - Cannot find name 'q'.");
  });
  it("a thrown non-Error value: its text, named Error", () => {
    expect(errorFromStderr("just a string\n")).toMatchObject({ ename: "Error", evalue: "just a string" });
    expect(errorFromStderr("").evalue).toMatch(/without an error message/);
  });
});
