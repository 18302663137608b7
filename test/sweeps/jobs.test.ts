/**
 * Issue 18 items 1, 2 and 5 (local): the job model, `reprorl jobs`, `reprorl job` (idempotent,
 * atomic, a killed one leaves nothing half-written) and the local sweep, on the smoke tier of
 * drl-thesis/ch2-background (one job per chapter seed, ~2 s each). Bad input is one line and
 * submits / writes nothing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../src/analysis/results/csv.js";
import { chapterDefinition } from "../../src/experiments/registry.js";
import { loadOrCompute } from "../../src/experiments/load-or-compute.js";
import { configHash, findJob, jobStatus, parseSeeds, planJobs } from "../../src/sweeps/jobs.js";
import { CH2, expectSameResults, freePort, outputRoot, reprorl, requireBuiltCli, startCli, storeFiles } from "./helpers.js";

beforeAll(requireBuiltCli);

const lastLine = (s: string): string => s.trim().split("\n").pop() ?? "";

describe("job model", () => {
  it("seeds, ids, config hash and lookup", async () => {
    expect(parseSeeds("0")).toEqual([0]);
    expect(parseSeeds("3,0-2,2")).toEqual([0, 1, 2, 3]);
    expect(() => parseSeeds("2-1")).toThrow(/backwards/);
    expect(() => parseSeeds("a")).toThrow(/--seeds/);
    const def = await chapterDefinition(CH2);
    const jobs = planJobs(def, { tier: "smoke", seeds: [0, 1, 1] });
    expect(jobs.map((j) => j.id)).toEqual(["checks/numeric/seed-0", "checks/numeric/seed-1"]);
    expect(jobs[1]).toMatchObject({ chapter: CH2, experiment: "checks", method: "numeric", seed: 1, tier: "smoke", chapterSeed: 1 });
    expect(jobs[0]!.configHash).toMatch(/^[0-9a-f]{12}$/);
    expect(configHash(def, "smoke")).toBe(jobs[0]!.configHash);
    expect(configHash(def, "small")).not.toBe(jobs[0]!.configHash);
    expect(() => findJob(jobs, "checks/numeric/seed-9", "ch2")).toThrow(/no job "checks\/numeric\/seed-9" in ch2: it has 2 jobs, e.g. checks\/numeric\/seed-0/);
  });
});

describe("reprorl jobs / job / sweep --backend local", () => {
  it("lists states, runs one job idempotently, a sweep computes only the missing ones, results equal", async () => {
    const out = outputRoot("reprorl-sweep-local-");
    const listed = await reprorl(["jobs", CH2, "--tier", "smoke", "--seeds", "0-2"], out.env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/3 jobs \(config [0-9a-f]{12}\)/);
    expect(listed.stdout).toContain("missing  checks/numeric/seed-1");
    expect(lastLine(listed.stdout)).toBe("0 done, 3 missing, 0 corrupt");

    const one = await reprorl(["job", CH2, "checks/numeric/seed-1", "--tier", "smoke", "--seeds", "0-2"], out.env);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/checks\/numeric\/seed-1: computed in .* and stored/);
    const key = path.join(out.results, CH2, "checks", "numeric", "seed-1.json");
    const before = fs.readFileSync(key, "utf8");
    const again = await reprorl(["job", CH2, "checks/numeric/seed-1", "--tier", "smoke", "--seeds", "0-2"], out.env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("already stored, not re-run");
    expect(fs.readFileSync(key, "utf8")).toBe(before); // not rewritten

    const sweep = await reprorl(["sweep", CH2, "--tier", "smoke", "--seeds", "0-2"], out.env);
    expect(sweep.code).toBe(0);
    expect(sweep.stderr).toContain("1 stored, 2 to run (local)");
    expect(fs.readFileSync(key, "utf8")).toBe(before);
    const done = await reprorl(["jobs", CH2, "--tier", "smoke", "--seeds", "0-2", "--json"], out.env);
    expect((JSON.parse(done.stdout) as { state: string }[]).map((r) => r.state)).toEqual(["done", "done", "done"]);

    // the same jobs through `reprorl job` one by one give the same results as the local sweep
    const byJob = outputRoot("reprorl-sweep-jobs-");
    for (const s of [0, 1, 2]) expect((await reprorl(["job", CH2, `checks/numeric/seed-${s}`, "--tier", "smoke", "--seeds", "0-2"], byJob.env)).code).toBe(0);
    const cmp = expectSameResults(out.results, byJob.results);
    expect(cmp.identical).toBe(3 * 10);
    expect(cmp.timed).toBe(3);

    // figures rebuild from the sweep's store alone (the path `reprorl figures` takes: figuresOnly)
    const def = await chapterDefinition(CH2);
    const loaded = await loadOrCompute(def, { tier: "smoke", seed: 2, root: out.results, figuresOnly: true });
    expect(loaded.computed).toEqual([]);
    expect(Object.keys(def.tables(loaded.data)).length).toBeGreaterThan(0);
  }, 300_000);

  it("a corrupt stored job is listed as corrupt and stops job and sweep before anything runs", async () => {
    const out = outputRoot("reprorl-sweep-corrupt-");
    expect((await reprorl(["job", CH2, "checks/numeric/seed-0", "--tier", "smoke"], out.env)).code).toBe(0);
    const csv = path.join(out.results, CH2, "checks", "numeric", "seed-0.csv");
    fs.writeFileSync(csv, fs.readFileSync(csv, "utf8").slice(0, 200));
    const listed = await reprorl(["jobs", CH2, "--tier", "smoke", "--seeds", "0-1"], out.env);
    expect(listed.stdout).toMatch(/corrupt  checks\/numeric\/seed-0  .*seed-0\.csv/);
    expect(lastLine(listed.stdout)).toBe("0 done, 1 missing, 1 corrupt");
    const job = await reprorl(["job", CH2, "checks/numeric/seed-0", "--tier", "smoke"], out.env);
    expect(job.code).toBe(1);
    expect(job.stderr.trim().split("\n")).toHaveLength(1);
    expect(job.stderr).toMatch(/^reprorl: job checks\/numeric\/seed-0 of .*bad stored result .*seed-0\.csv/);
    const sweep = await reprorl(["sweep", CH2, "--tier", "smoke", "--seeds", "0-1"], out.env);
    expect(sweep.code).toBe(1);
    expect(lastLine(sweep.stderr)).toMatch(/cannot be read, so nothing was submitted/);
    expect(fs.existsSync(path.join(out.results, CH2, "checks", "numeric", "seed-1.json"))).toBe(false);
  });

  it("a job killed mid-run leaves nothing half-written, and running it again completes it", async () => {
    const out = outputRoot("reprorl-sweep-kill-");
    const run = startCli(["job", CH2, "checks/numeric/seed-0", "--tier", "smoke"], out.env);
    await run.waitFor(/^T1 /); // computing: the first check has printed
    run.child.kill("SIGKILL");
    await run.exited;
    const def = await chapterDefinition(CH2);
    const [job] = planJobs(def, { tier: "smoke", seeds: [0] });
    expect(jobStatus(job!, out.results).state).toBe("missing");
    expect([...storeFiles(out.results).keys()].filter((f) => !path.basename(f).startsWith("."))).toEqual([]);
    const again = await reprorl(["job", CH2, "checks/numeric/seed-0", "--tier", "smoke"], out.env);
    expect(again.code).toBe(0);
    expect(jobStatus(job!, out.results).state).toBe("done");
  });

  it("a killed job of a checkpointing chapter (sac-ae) resumes from its checkpoint to the numbers of an uninterrupted run", async () => {
    const id = "pixels16/sac-pixel/seed-0";
    const whole = outputRoot("reprorl-sweep-sac-whole-");
    expect((await reprorl(["job", "sac-ae", id, "--tier", "smoke"], whole.env)).code).toBe(0);
    const cut = outputRoot("reprorl-sweep-sac-cut-");
    const state = path.join(cut.dir, "tmp", "checkpoints", "sac-ae", "smoke", "pixels16", "sac-pixel", "seed-0", "state.json");
    const run = startCli(["job", "sac-ae", id, "--tier", "smoke"], cut.env);
    const t0 = Date.now();
    while (!fs.existsSync(state) && Date.now() - t0 < 60_000 && run.child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    expect(fs.existsSync(state), run.out()).toBe(true);
    run.child.kill("SIGKILL");
    await run.exited;
    expect(fs.existsSync(path.join(cut.results, "sac-ae", "pixels16", "sac-pixel", "seed-0.json"))).toBe(false);
    const again = await reprorl(["job", "sac-ae", id, "--tier", "smoke"], cut.env);
    expect(again.code, again.stderr).toBe(0);
    const read = (root: string): { notes: { resumedFrom: number }; rows: string[][] } => {
      const base = path.join(root, "sac-ae", "pixels16", "sac-pixel", "seed-0");
      const records = parseCsv(fs.readFileSync(`${base}.csv`, "utf8"));
      const wall = records[0]!.indexOf("wallSec");
      return { notes: JSON.parse(fs.readFileSync(`${base}.json`, "utf8")).notes, rows: records.map((r) => r.filter((_, i) => i !== wall)) };
    };
    const a = read(whole.results);
    const b = read(cut.results);
    expect(a.notes.resumedFrom).toBe(-1);
    expect(b.notes.resumedFrom).toBeGreaterThan(0); // resumed, not restarted
    expect(b.rows).toEqual(a.rows); // every logged number but the measured wall seconds
  });

  it("bad input: one line, nothing submitted or written", async () => {
    const out = outputRoot("reprorl-sweep-bad-");
    const port = await freePort(); // nothing listens there
    const cases: [string[], RegExp][] = [
      [["sweep", CH2, "--tier", "smoke", "--backend", "pbs"], /unknown backend "pbs": use local, slurm or redis; nothing was submitted/],
      [["sweep", CH2, "--tier", "smoke", "--backend", "redis", "--redis", `redis://127.0.0.1:${port}`], /cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+ \(connect ECONNREFUSED .*nothing was submitted/],
      [["sweep", CH2, "--tier", "smoke", "--backend", "redis"], /needs --redis URL/],
      [["sweep", CH2, "--tier", "smoke", "--partition", "gpu"], /--partition belongs to the slurm backend, not local/],
      [["sweep", CH2, "--tier", "smoke", "--wait"], /--wait follows a slurm or redis sweep/],
      [["sweep", CH2, "--tier", "smoke", "--backend", "redis", "--redis", "localhost:6379"], /--redis "localhost:6379" is not a Redis URL/],
      [["job", CH2, "checks/numeric/seed-7", "--tier", "smoke"], /no job "checks\/numeric\/seed-7" in drl-thesis\/ch2-background/],
      [["job", CH2, "checks/numeric/seed-0", "--tier", "smoke", "--config-hash", "0123456789ab"], /planned with config 0123456789ab but this checkout's smoke-tier config is [0-9a-f]{12}/],
      [["jobs", "no/such-chapter"], /unknown chapter "no\/such-chapter"/],
      [["jobs", CH2, "--tier", "huge"], /unknown tier "huge"/],
      [["worker", "--redis", `redis://127.0.0.1:${port}`], /cannot reach Redis/],
    ];
    for (const [args, re] of cases) {
      const r = await reprorl(args, out.env);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stderr, args.join(" ")).toMatch(re);
    }
    expect(storeFiles(out.dir).size).toBe(0);
  });
});
