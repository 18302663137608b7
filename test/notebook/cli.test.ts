/**
 * The `reprorl` CLI end to end (node bin/reprorl.js → dist/notebook/cli.js; `npm test`
 * builds dist first). Chapter commands run against a temporary project tree through
 * $REPRORL_PROJECT_ROOT, with the fixture chapter notebook standing in for `sac-ae`.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CodeCell, Notebook } from "../../src/notebook/nbformat.js";
import { fixture, lastLine, project, reprorl, requireBuiltCli, tempDir } from "./helpers.js";


beforeAll(requireBuiltCli);

describe("reprorl CLI", () => {
  it("usage errors exit 2; --help exits 0", async () => {
    const r = await reprorl(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('reprorl: unknown command "frobnicate"');
    expect((await reprorl(["--help"])).code).toBe(0);
    expect((await reprorl(["run", "x.ipynb", "--bogus"])).stderr).toContain("unknown option --bogus");
  });

  it("list: chapters, notebook presence, tiers, stored results", async () => {
    const root = project(true);
    const r = await reprorl(["list", "--json"], { REPRORL_PROJECT_ROOT: root });
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { id: string; notebookExists: boolean; tiers: string[]; storedResults: string }[];
    const sac = rows.find((x) => x.id === "sac-ae")!;
    expect(sac).toMatchObject({ notebookExists: true, tiers: ["smoke", "small", "medium", "paper"], storedResults: "1 run in 1 group" });
    expect(rows.find((x) => x.id === "drl-thesis/ch2-background")).toMatchObject({ notebookExists: false, storedResults: "none" });
    const text = (await reprorl(["list"], { REPRORL_PROJECT_ROOT: root })).stdout;
    expect(text).toMatch(/sac-ae\s+yes\s+smoke,small,medium,paper\s+1 run in 1 group/);
  });

  it("run: --tier and --param reach the notebook; the executed notebook lands in --out", async () => {
    const out = tempDir();
    const r = await reprorl(["run", fixture("params.ipynb"), "--tier", "smoke", "--param", "seeds=9", "--param", "label=42", "--out", out]);
    expect(r.stderr).toMatch(/cell 3\/7/);
    expect(r.code).toBe(0);
    const nb = JSON.parse(readFileSync(path.join(out, "params.smoke.ipynb"), "utf8")) as Notebook;
    const cell = nb.cells[3] as CodeCell;
    // label's default is a string literal, so 42 stays the string "42"
    expect((cell.outputs[0] as { text: string[] }).text.join("")).toBe(
      '{"tier":"smoke","seeds":9,"label":"42","scale":[1,2],"retrain":false}\n',
    );
  });

  it("run: --param values are type-checked against the parameters cell before any kernel starts", async () => {
    // a kernel that cannot start: had one been started first, its error would be the last line
    const noKernel = { REPRORL_KERNEL_CMD: JSON.stringify([process.execPath, "/nope/tslab/bin/tslab", "kernel", "--config-path", "{connection_file}"]) };
    const t0 = Date.now();
    const bad = await reprorl(["run", fixture("params.ipynb"), "--param", "retrain=yes", "--out", tempDir()], noKernel);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('reprorl: parameter retrain is a boolean (declared in the parameters cell): "yes" is not true or false');
    const num = await reprorl(["run", fixture("params.ipynb"), "--param", "seeds=abc"], noKernel);
    expect(lastLine(num.stderr)).toBe('reprorl: parameter seeds is a number (from its default 2 in the parameters cell): "abc" is not a number');
    const tier = await reprorl(["run", fixture("params.ipynb"), "--param", "tier=big"], noKernel);
    expect(lastLine(tier.stderr)).toMatch(/^reprorl: parameter tier is "smoke" \| "small" \| "paper" \(declared in the parameters cell\): "big" is not one of "smoke", "small", "paper"$/);
  });

  it("run: failures exit 1 with one line naming notebook, cell and error", async () => {
    const r = await reprorl(["run", fixture("failing.ipynb"), "--out", tempDir()]);
    expect(r.code).toBe(1);
    expect(lastLine(r.stderr)).toMatch(/^reprorl: .*failing\.ipynb failed at cell 3\/4: RangeError: value out of range: 42 \(partial notebook: /);
    const bad = await reprorl(["run", fixture("params.ipynb"), "--param", "sedes=3"]);
    expect(bad.code).toBe(1);
    expect(lastLine(bad.stderr)).toBe(
      'reprorl: unknown parameter "sedes" for test/fixtures/notebooks/params.ipynb: allowed names are tier, seeds, label, scale, retrain',
    );
    const tier = await reprorl(["run", fixture("failing.ipynb"), "--tier", "smoke"]);
    expect(lastLine(tier.stderr)).toMatch(/unknown parameter "tier" .*allowed names are none/);
    const missing = await reprorl(["run", fixture("params.ipynb"), "--out", tempDir()], {
      REPRORL_KERNEL_CMD: JSON.stringify([process.execPath, "/nope/tslab/bin/tslab", "kernel", "--config-path", "{connection_file}"]),
    });
    expect(missing.code).toBe(1);
    expect(lastLine(missing.stderr)).toMatch(/run `npm install`/);
    expect(lastLine((await reprorl(["run", "no/such-chapter"])).stderr)).toMatch(/^reprorl: unknown chapter "no\/such-chapter": known chapters are drl-thesis\/ch2-background, /);
  });
});
