import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { CodeCell, Notebook } from "../../src/notebook/nbformat.js";
import { runNotebook } from "../../src/notebook/runner.js";

export const FIXTURES = path.resolve(__dirname, "..", "fixtures", "notebooks");
export const ROOT = path.resolve(__dirname, "..", "..");

export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

export function tempDir(prefix = "reprorl-nb-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** True while a process with this pid exists. */
export function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Command lines of all processes (to look for leftovers by a unique marker). */
export function processList(): string {
  return execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
}

/** Writes a one-kernel notebook made of the given code cells into a fresh temp folder. */
export function writeCodeNotebook(cells: string[], dir = tempDir()): string {
  const nb: Notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map((source, i) => ({ cell_type: "code", id: `c${i}`, source, metadata: {}, execution_count: null, outputs: [] })),
  };
  const file = path.join(dir, "nb.ipynb");
  writeFileSync(file, JSON.stringify(nb));
  return file;
}

/** Runs `fn`, returns the error it throws (fails the test if it does not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected an error, none was thrown");
}

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion WITHOUT blocking the event loop (a spawnSync of a notebook run
 * can take longer than vitest's 60 s worker RPC timeout on a loaded machine). Killed after
 * `timeoutMs`.
 */
export function runProcess(
  command: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 120_000);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? "");
  });
}

export const BIN = path.join(ROOT, "bin", "reprorl.js");

/** Runs the reprorl CLI (`node bin/reprorl.js …`) with extra environment variables. */
export function reprorl(args: string[], env: Record<string, string> = {}): Promise<ProcessResult> {
  return runProcess(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
}

/** The last line printed on stderr (the CLI's error line). */
export const lastLine = (s: string): string => s.trim().split("\n").pop() ?? "";

/** For beforeAll: the CLI tests run the compiled CLI. */
export function requireBuiltCli(): void {
  if (!existsSync(path.join(ROOT, "dist", "notebook", "cli.js"))) {
    throw new Error("dist/notebook/cli.js is missing: run `npm run build` (npm test does it) before these tests");
  }
}

/** A throw-away project folder whose `sac-ae` chapter notebook is the fixture chapter (optionally with a stored run). */
export function project(withResults: boolean): string {
  const root = tempDir("reprorl-proj-");
  mkdirSync(path.join(root, "notebooks"), { recursive: true });
  copyFileSync(fixture("chapter.ipynb"), path.join(root, "notebooks", "sac-ae.ipynb"));
  if (withResults) {
    const dir = path.join(root, "data", "results", "sac-ae", "main", "sac-ae");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "seed-0.csv"), "step,return\n0,1\n");
    writeFileSync(path.join(dir, "seed-0.json"), "{}");
  }
  return root;
}

/**
 * Runs a chapter notebook at tier smoke with retrain=true in a real tslab kernel, writing its
 * results and figures under a fresh output root; returns the executed notebook and that root.
 * `chapter` is the chapter id (notebooks/<chapter>.ipynb, dist/experiments/<chapter>/index.js).
 */
export async function runSmokeChapter(
  chapter: string,
  params: Record<string, unknown> = {},
): Promise<{ nb: Notebook; outRoot: string }> {
  if (!existsSync(path.join(ROOT, "dist", "experiments", ...chapter.split("/"), "index.js"))) {
    throw new Error(`dist/experiments/${chapter} is missing: run \`npm run build\` (npm test does it)`);
  }
  const outRoot = tempDir(`reprorl-${chapter.replace(/\//g, "-")}-nb-`);
  const output = path.join(outRoot, `${path.basename(chapter)}.smoke.ipynb`);
  await runNotebook({
    input: path.join(ROOT, "notebooks", ...chapter.split("/")) + ".ipynb",
    output,
    params: { tier: "smoke", retrain: true, ...params },
    env: { REPRORL_OUTPUT_ROOT: outRoot },
    cellTimeoutSeconds: 300,
    progress: () => {},
  });
  return { nb: JSON.parse(readFileSync(output, "utf8")) as Notebook, outRoot };
}

export const codeCells = (nb: Notebook): CodeCell[] => nb.cells.filter((c): c is CodeCell => c.cell_type === "code");

/** All stream text a cell printed. */
export const cellStdout = (c: CodeCell): string =>
  c.outputs.filter((o) => o.output_type === "stream").map((o) => [(o as { text: string | string[] }).text].flat().join("")).join("");

/** All stream text the notebook printed. */
export const notebookStdout = (nb: Notebook): string => codeCells(nb).map(cellStdout).join("");

/** Every Markdown output the notebook displayed (tables and claims tables are shown as Markdown). */
export const notebookMarkdown = (nb: Notebook): string[] =>
  codeCells(nb).flatMap((c) =>
    c.outputs
      .filter((o) => o.output_type === "display_data")
      .map((o) => [(o as { data: Record<string, unknown> }).data["text/markdown"] as string | string[] | undefined ?? ""].flat().join(""))
      .filter((m) => m !== ""),
  );

/** What a reader sees as text: printed lines and displayed Markdown. */
export const notebookText = (nb: Notebook): string => [notebookStdout(nb), ...notebookMarkdown(nb)].join("\n");

/** Every error output of the notebook (expected: none). */
export const notebookErrors = (nb: Notebook): unknown[] => codeCells(nb).flatMap((c) => c.outputs.filter((o) => o.output_type === "error"));
