/**
 * Issue 18 items 3 and 5 against a real single-node SLURM cluster (slurm-cluster.ts): a sweep of
 * drl-thesis/ch2-background (smoke tier, chapter seeds 0-3) submitted as one job array and
 * followed with --wait; results equal a local sweep; a cancelled task is listed with its log
 * path and the same command resubmits it alone; without sbatch on PATH nothing is submitted.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CH2, expectSameResults, outputRoot, reprorl, requireBuiltCli, runProcess, storeFiles, tempDir } from "./helpers.js";
import { startCluster, type Cluster } from "./slurm-cluster.js";

let cluster: Cluster | undefined;

beforeAll(async () => {
  requireBuiltCli();
  cluster = await startCluster(2);
  console.log(`single-node SLURM cluster idle after ${cluster.startSec.toFixed(1)} s`);
});

afterAll(async () => {
  await cluster?.stop();
});

const sweepArgs = ["sweep", CH2, "--tier", "smoke", "--seeds", "0-3", "--backend", "slurm"];

describe("sweep --backend slurm on a real cluster", () => {
  it("one job array, followed with --wait; results equal a local sweep; a rerun submits nothing", async () => {
    const out = outputRoot("reprorl-slurm-");
    const t0 = Date.now();
    const r = await reprorl([...sweepArgs, "--cpus-per-task", "1", "--time", "10", "--partition", "debug", "--wait"], { ...cluster!.env, ...out.env });
    const wallSec = (Date.now() - t0) / 1000;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/submitted job array (\d+) \(4 tasks\)/);
    expect(r.stderr).toMatch(/\[#+\] 4\/4 done · 0 failed/);
    expect(r.stderr).toMatch(/array \d+: 4 of 4 jobs stored, 0 failed/);
    const sweepDir = /from (\S+)\n/.exec(r.stderr)![1]!;
    const script = fs.readFileSync(path.join(sweepDir, "task.sh"), "utf8");
    expect(script).toContain("#SBATCH --array=0-3");
    expect(script).toContain("#SBATCH --cpus-per-task=1");
    expect(script).toContain("#SBATCH --time=10");
    expect(script).toContain("#SBATCH --partition=debug");
    expect(fs.readFileSync(path.join(sweepDir, "jobs.txt"), "utf8").trim().split("\n")).toEqual([0, 1, 2, 3].map((s) => `checks/numeric/seed-${s}`));
    expect([0, 1, 2, 3].map((i) => fs.readFileSync(path.join(sweepDir, "status", `${i}.rc`), "utf8").trim())).toEqual(["0", "0", "0", "0"]);

    const local = outputRoot("reprorl-slurm-local-");
    expect((await reprorl(["sweep", CH2, "--tier", "smoke", "--seeds", "0-3"], local.env)).code).toBe(0);
    const cmp = expectSameResults(local.results, out.results);
    expect(cmp).toEqual({ identical: 40, timed: 4 });
    console.log(`slurm sweep: 4 jobs in one array, ${wallSec.toFixed(1)} s from submission to the last result; ${cmp.identical} CSVs byte-identical to a local sweep, ${cmp.timed} identical but for their wall-time column`);

    const again = await reprorl([...sweepArgs, "--wait"], { ...cluster!.env, ...out.env });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("4 stored, 0 to run (slurm)");
    expect(again.stderr).not.toContain("submitted");
  }, 300_000);

  it("a cancelled task is listed with its log path; the same command resubmits it alone", async () => {
    const out = outputRoot("reprorl-slurm-fail-");
    const env = { ...cluster!.env, ...out.env };
    const sub = await reprorl(sweepArgs, env);
    expect(sub.code, sub.stderr).toBe(0);
    const arrayId = /submitted job array (\d+)/.exec(sub.stderr)![1]!;
    // 2 CPUs: tasks 0 and 1 run, 3 is still pending when it is cancelled
    const cancel = await runProcess("scancel", [`${arrayId}_3`], { env: { ...process.env, ...env } });
    expect(cancel.code, cancel.stderr).toBe(0);

    // the same command while the array is in the queue submits nothing and follows it
    const follow = await reprorl([...sweepArgs, "--wait"], env);
    expect(follow.stderr).toContain(`job array ${arrayId} of this sweep is still in the queue`);
    expect(follow.code).toBe(1);
    expect(follow.stderr).toMatch(/3 of 4 jobs stored, 1 failed/);
    expect(follow.stderr).toMatch(/failed: checks\/numeric\/seed-3 \(task 3, no exit status \(cancelled, timed out or node lost\)\), log \S+\/logs\/3\.log/);
    expect(follow.stderr).toContain("resubmit the failed job alone");

    const resub = await reprorl([...sweepArgs, "--wait"], env);
    expect(resub.code, resub.stderr).toBe(0);
    expect(resub.stderr).toContain("3 stored, 1 to run (slurm)");
    expect(resub.stderr).toMatch(/submitted job array \d+ \(1 task\)/);
    const dirs = fs.readdirSync(path.join(out.dir, ".reprorl", "sweeps"));
    expect(dirs).toHaveLength(2);
    const newest = dirs.sort().map((d) => path.join(out.dir, ".reprorl", "sweeps", d)).find((d) => fs.readFileSync(path.join(d, "jobs.txt"), "utf8").trim() === "checks/numeric/seed-3");
    expect(newest).toBeDefined();
    expect(storeFiles(out.results).size).toBe(4 * 11 * 2);
  }, 300_000);

  it("without sbatch on PATH: one line, nothing written or submitted", async () => {
    const out = outputRoot("reprorl-slurm-nosbatch-");
    const r = await reprorl(sweepArgs, { ...cluster!.env, ...out.env, PATH: tempDir("reprorl-empty-path-") });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(/^reprorl: no sbatch on PATH \(the slurm backend submits with sbatch\).*nothing was submitted$/);
    expect(fs.existsSync(path.join(out.dir, ".reprorl"))).toBe(false);
    const bad = await reprorl([...sweepArgs, "--time", "soon"], { ...cluster!.env, ...out.env });
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/--time "soon" is not a SLURM time limit/);
    expect(storeFiles(out.dir).size).toBe(0);
  });
});
