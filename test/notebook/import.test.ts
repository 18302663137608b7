/**
 * How notebooks import the library, proven in a real tslab kernel (TS 5.0.4, node10
 * resolution, cells run as CommonJS, cwd = the notebook's folder):
 * - `import … from "reprorl"` resolves through the self-link node_modules/reprorl -> ..
 *   (scripts/link-self.js), types from package.json "types" (dist/index.d.ts), and deep
 *   imports type-check through the ".js" specifiers of our node16-style declarations;
 * - library code's `require("tslab/…")` reaches the kernel's own tslab instance, so a
 *   multi-mime bundle shown by library code arrives as ONE display_data output;
 * - an ESM-only package (mujoco-js) loads with `await import()`.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CodeCell, Notebook } from "../../src/notebook/nbformat.js";
import { failedPath, runNotebook } from "../../src/notebook/runner.js";
import { fixture, ROOT, tempDir, writeCodeNotebook } from "./helpers.js";

beforeAll(() => {
  for (const f of ["dist/index.js", "dist/index.d.ts", "dist/notebook/display.js", "dist/core/errors.d.ts"]) {
    if (!existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: run \`npm run build\` (npm test does it)`);
  }
  // what "prepare" does after the build; idempotent
  execFileSync(process.execPath, [path.join(ROOT, "scripts", "link-self.js")], { stdio: "ignore" });
});

describe("notebook imports in the tslab kernel", () => {
  it("self-link resolves to the package root and is idempotent", () => {
    const link = path.join(ROOT, "node_modules", "reprorl");
    expect(realpathSync(link)).toBe(realpathSync(ROOT));
    execFileSync(process.execPath, [path.join(ROOT, "scripts", "link-self.js")], { stdio: "ignore" });
    expect(realpathSync(link)).toBe(realpathSync(ROOT));
  });

  it("imports reprorl, shares tslab with library code, loads ESM by dynamic import", async () => {
    const out = path.join(tempDir(), "import-lib.ipynb");
    await runNotebook({ input: fixture("import-lib.ipynb"), output: out, progress: () => {}, cellTimeoutSeconds: 120 });
    const nb = JSON.parse(readFileSync(out, "utf8")) as Notebook;
    const cells = nb.cells.filter((c): c is CodeCell => c.cell_type === "code");
    const stdout = (c: CodeCell): string =>
      c.outputs.filter((o) => o.output_type === "stream").map((o) => (o as { text: string[] }).text.join("")).join("");
    expect(stdout(cells[1]!)).toBe("package entry: object\nReproError: line one line two\n");
    expect(stdout(cells[2]!)).toBe("inside kernel: true\nshown: true\n");
    const displays = cells[2]!.outputs.filter((o) => o.output_type === "display_data");
    expect(displays).toEqual([{ output_type: "display_data", data: { "text/plain": "bundle", "text/html": "<i>bundle</i>" }, metadata: {} }]);
    expect(stdout(cells[3]!)).toBe("mujoco-js exports: object\n");
  });

  it("a named import through an `export * from \"./x.js\"` entry, as src/index.ts will re-export", async () => {
    // a package shaped like reprorl (CJS dist, "types", self-link) whose entry re-exports core/errors
    const proj = tempDir("reprorl-shape-");
    mkdirSync(path.join(proj, "dist", "core"), { recursive: true });
    mkdirSync(path.join(proj, "node_modules"));
    mkdirSync(path.join(proj, "notebooks"));
    writeFileSync(path.join(proj, "package.json"), JSON.stringify({ name: "shapelib", main: "dist/index.js", types: "dist/index.d.ts" }));
    for (const ext of ["js", "d.ts"]) copyFileSync(path.join(ROOT, "dist", "core", `errors.${ext}`), path.join(proj, "dist", "core", `errors.${ext}`));
    writeFileSync(path.join(proj, "dist", "index.d.ts"), 'export * from "./core/errors.js";\n');
    writeFileSync(
      path.join(proj, "dist", "index.js"),
      '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nconst e = require("./core/errors.js");\nexports.ReproError = e.ReproError;\nexports.isReproError = e.isReproError;\n',
    );
    symlinkSync("..", path.join(proj, "node_modules", "shapelib"), "dir");
    const input = writeCodeNotebook(
      [
        'import { ReproError, isReproError } from "shapelib";\nconst err: ReproError = new ReproError("x");\nconsole.log(isReproError(err));',
        '// a type error against the re-exported declaration must be caught\nconst bad: number = new ReproError("y");',
      ],
      path.join(proj, "notebooks"),
    );
    const out = path.join(tempDir(), "shape.ipynb");
    const err = await runNotebook({ input, output: out, progress: () => {}, label: "shape" }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/^shape failed at cell 2\/2: CompileError: 2:7 - Type 'ReproError' is not assignable to type 'number'\./);
    const nb = JSON.parse(readFileSync(failedPath(out), "utf8")) as Notebook;
    const first = nb.cells[0] as CodeCell;
    expect(first.outputs).toEqual([{ output_type: "stream", name: "stdout", text: ["true\n"] }]);
  });
});
