/**
 * The reprorl kernel (src/notebook/tskernel) over the wire, with our own client: a cell's
 * value is an execute_result, failures are `error` messages with ename/evalue/traceback
 * (also in the reply), execution counts grow, history answers, and an ES-module-only package
 * — top-level await and an `exports` map with only an `import` condition, which plain
 * `require()` cannot load — is importable from a cell both statically and with `import()`.
 * The conformance suite itself runs in test/conformance/conformance.test.ts.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KernelClient, type ExecuteOutcome } from "../../src/notebook/kernel.js";
import { tempDir } from "./helpers.js";

/** A package a CommonJS cell cannot `require`: top-level await, `import`-only exports, types beside it. */
function writeEsmOnlyPackage(root: string): void {
  const pkg = path.join(root, "node_modules", "esm-only-fixture");
  mkdirSync(pkg, { recursive: true });
  writeFileSync(
    path.join(pkg, "package.json"),
    JSON.stringify({ name: "esm-only-fixture", version: "1.0.0", type: "module", types: "./index.d.ts", exports: { ".": { types: "./index.d.ts", import: "./index.js" } } }),
  );
  writeFileSync(
    path.join(pkg, "index.js"),
    "const base = await Promise.resolve(40);\nexport const answer = base + 2;\nexport default function greet(name) { return `hi ${name}`; }\n",
  );
  writeFileSync(path.join(pkg, "index.d.ts"), "export declare const answer: number;\nexport default function greet(name: string): string;\n");
}

const outputs = (o: ExecuteOutcome, type: string) => o.messages.filter((m) => m.header.msg_type === type).map((m) => m.content);

describe("the reprorl kernel", () => {
  let dir: string;
  let kernel: KernelClient;

  beforeAll(async () => {
    dir = tempDir("reprorl-tskernel-");
    writeEsmOnlyPackage(dir);
    kernel = await KernelClient.start({ cwd: dir });
  });
  afterAll(async () => {
    await kernel?.shutdown();
  });

  it("says it is conforming in kernel_info", () => {
    expect(kernel.kernelInfo["status"]).toBe("ok");
    expect(kernel.kernelInfo["implementation"]).toBe("reprorl-tslab");
    expect((kernel.kernelInfo["language_info"] as { name: string }).name).toBe("typescript");
  });

  it("sends a cell's value as execute_result and counts executions", async () => {
    const a = await kernel.execute("const six: number = 6;");
    const b = await kernel.execute("six * 7");
    expect(a.status).toBe("ok");
    expect(b.status).toBe("ok");
    expect(b.executionCount).toBe((a.executionCount ?? 0) + 1);
    expect(outputs(b, "execute_result")).toEqual([{ execution_count: b.executionCount, data: { "text/plain": "42" }, metadata: {} }]);
    expect(outputs(b, "stream")).toEqual([]);
    expect(outputs(b, "execute_input")).toEqual([{ code: "six * 7", execution_count: b.executionCount }]);
  });

  it("delivers every stream write of a chatty cell, in order, and its reply", async () => {
    // zeromq.js rejects a second concurrent send on a socket: without the per-socket send
    // chain, most of these writes (and sometimes the final idle) were lost.
    const o = await kernel.execute("for (let i = 0; i < 3000; i++) process.stdout.write(`${i}\\n`);", { timeoutMs: 60_000 });
    expect(o.status).toBe("ok");
    const text = outputs(o, "stream").map((c) => String(c["text"])).join("");
    expect(text).toBe(Array.from({ length: 3000 }, (_, i) => `${i}\n`).join(""));
  });

  it("reports a runtime error as an error message and in the reply", async () => {
    const o = await kernel.execute('const e: string = "x";\nthrow new TypeError(`bad ${e}`);');
    expect(o.status).toBe("error");
    const [err] = outputs(o, "error");
    expect(err).toMatchObject({ ename: "TypeError", evalue: "bad x" });
    expect((err!["traceback"] as string[])[0]).toBe("TypeError: bad x");
    expect(o.reply).toMatchObject({ status: "error", ename: "TypeError", evalue: "bad x", execution_count: o.executionCount });
    expect(outputs(o, "stream")).toEqual([]);
  });

  it("reports a type error as a CompileError naming line and column", async () => {
    const o = await kernel.execute('const n: number = "abc";');
    expect(o.status).toBe("error");
    expect(outputs(o, "error")).toEqual([
      { ename: "CompileError", evalue: "1:7 - Type 'string' is not assignable to type 'number'.", traceback: ["1:7 - Type 'string' is not assignable to type 'number'."] },
    ]);
  });

  it("imports an ES-module-only package statically and with import()", async () => {
    // Precondition: the package really is out of reach of CommonJS require.
    const req = createRequire(path.join(dir, "x.js"));
    expect(() => req("esm-only-fixture")).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED|No "exports" main defined/);
    const s = await kernel.execute('import greet, { answer } from "esm-only-fixture";\n`${greet("cell")} ${answer}`');
    expect(outputs(s, "error")).toEqual([]);
    expect(outputs(s, "execute_result")[0]!["data"]).toEqual({ "text/plain": "'hi cell 42'" });
    const d = await kernel.execute('const mod = await import("esm-only-fixture");\nmod.answer + mod.default("x").length');
    expect(outputs(d, "error")).toEqual([]);
    expect(outputs(d, "execute_result")[0]!["data"]).toEqual({ "text/plain": "46" });
  });
});
